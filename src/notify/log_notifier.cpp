#include "notify/log_notifier.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <memory>
#include <string>

namespace roster::notify {

core::Result<void> LogNotifier::Send(const ports::Message& message) {
  // Looked up on every call so that a logger registered after construction is used.
  std::shared_ptr<spdlog::logger> logger = spdlog::get("roster");
  if (!logger) logger = spdlog::default_logger();
  const boost::json::object line{
      {"event", "notification"},    {"kind", message.kind}, {"to", message.to},
      {"subject", message.subject}, {"body", message.body},
  };
  const std::string text = boost::json::serialize(line);
  logger->info("{}", text);
  return {};
}

}  // namespace roster::notify
