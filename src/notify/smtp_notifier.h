// ports::Notifier over SMTP: each message is one plain SMTP session (EHLO or HELO, MAIL FROM,
// RCPT TO, DATA, QUIT) on a new TCP connection.
//
// No TLS and no authentication: point it at a local relay (Postfix, OpenSMTPD, ...) on the same
// host or a trusted network, and let the relay do STARTTLS/DKIM and delivery onward. One-time
// codes travel in clear text between Roster and that relay.
//
// SMS ("*_sms" kinds, e.g. "otp_sms"): with an sms_gateway domain configured the message is
// e-mailed to <phone number>@<gateway> (the usual e-mail-to-SMS gateway convention); without one
// an SMS cannot be delivered and Send fails with kUnavailable.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"
#include "ports/notifier.h"

namespace roster::notify {

struct SmtpOptions {
  std::string host;
  std::uint16_t port = 25;
  std::string from = "roster@localhost";  // envelope and header sender
  std::string helo = "localhost";         // the name given in EHLO/HELO
  std::string sms_gateway;                // domain of an e-mail-to-SMS gateway; "" = no SMS
  // Limit of each step: resolving, connecting, and every command/reply exchange.
  std::chrono::milliseconds timeout{10000};
};

// Parses `smtp://HOST[:PORT][?from=ADDRESS][&sms_gateway=DOMAIN]` (port 25 by default).
// kInvalidInput, with the reason in the detail, for anything else.
core::Result<SmtpOptions> ParseSmtpUrl(std::string_view url);

// Thread-safe: every Send opens its own connection, so concurrent sends do not share state.
// Send blocks for up to a few timeouts: call it from the worker pool, never an I/O thread.
class SmtpNotifier final : public ports::Notifier {
 public:
  explicit SmtpNotifier(SmtpOptions options) : options_(std::move(options)) {}

  // kInvalidInput when the recipient is not a valid e-mail address (or phone number for SMS) or
  // the subject holds a line break; kUnavailable when the relay cannot be reached, times out or
  // answers any step with an unexpected code (Error::log says which step and what it said).
  core::Result<void> Send(const ports::Message& message) override;

  const SmtpOptions& options() const { return options_; }

 private:
  SmtpOptions options_;
};

}  // namespace roster::notify
