#pragma once

#include <string>

#include "core/error.h"

namespace roster::ports {

// A message to a user: e-mail validation links, one-time codes, password reset links.
struct Message {
  std::string kind;  // "email_validation", "otp", "password_reset", ...
  std::string to;    // e-mail address or phone number
  std::string subject;
  std::string body;
};

// Delivers messages (log for development, SMTP in production). Thread-safe; may block, so
// call it from the worker pool.
class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual core::Result<void> Send(const Message& message) = 0;
};

}  // namespace roster::ports
