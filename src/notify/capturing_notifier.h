// ports::Notifier for tests: keeps every message in memory.
#pragma once

#include <mutex>
#include <vector>

#include "ports/notifier.h"

namespace roster::notify {

// Thread-safe; never fails.
class CapturingNotifier final : public ports::Notifier {
 public:
  core::Result<void> Send(const ports::Message& message) override;

  // A copy of the messages sent so far, oldest first.
  std::vector<ports::Message> Messages() const;

  void Clear();

 private:
  mutable std::mutex mutex_;
  std::vector<ports::Message> messages_;
};

}  // namespace roster::notify
