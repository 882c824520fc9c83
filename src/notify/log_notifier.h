// ports::Notifier for development: writes each message, body included, to the log.
#pragma once

#include "ports/notifier.h"

namespace roster::notify {

// Logs one JSON line per message at info level on the spdlog logger "roster" (the default logger
// when none is registered under that name):
//   {"event":"notification","kind":...,"to":...,"subject":...,"body":...}
// The body carries one-time codes and validation links in clear text, which is the point (the
// developer reads them from the log); never use it in production. Thread-safe; never fails.
class LogNotifier final : public ports::Notifier {
 public:
  core::Result<void> Send(const ports::Message& message) override;
};

}  // namespace roster::notify
