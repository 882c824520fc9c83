#include "notify/capturing_notifier.h"

namespace roster::notify {

core::Result<void> CapturingNotifier::Send(const ports::Message& message) {
  const std::lock_guard lock(mutex_);
  messages_.push_back(message);
  return {};
}

std::vector<ports::Message> CapturingNotifier::Messages() const {
  const std::lock_guard lock(mutex_);
  return messages_;
}

void CapturingNotifier::Clear() {
  const std::lock_guard lock(mutex_);
  messages_.clear();
}

}  // namespace roster::notify
