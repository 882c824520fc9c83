// A tiny in-process SMTP server for tests: listens on 127.0.0.1:<ephemeral port> in its own
// thread, speaks enough SMTP (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) for a client to
// deliver, and records every accepted message. It can be told to misbehave so that a client's
// error handling can be tested.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace roster::testing {

struct SmtpMessage {
  std::string helo;                  // the argument of EHLO or HELO
  std::string greeting_command;      // "EHLO" or "HELO" (the one that succeeded)
  std::string mail_from;             // address inside MAIL FROM:<...>
  std::vector<std::string> rcpt_to;  // addresses inside RCPT TO:<...>
  std::string data;                  // DATA content, dot-unstuffed, CRLF line ends

  // A header's value (first match, case-insensitive name), "" when absent.
  std::string Header(std::string_view name) const;
  // The text after the blank line that ends the headers.
  std::string Body() const;
};

struct SmtpSinkBehaviour {
  bool ehlo_unsupported = false;  // answer EHLO with 502, so that the client must use HELO
  int rcpt_code = 250;            // e.g. 550 to refuse every recipient
  bool silent = false;            // accept connections but never answer (timeout tests)
};

// Thread-safe. The destructor stops the server thread.
class SmtpSink {
 public:
  explicit SmtpSink(SmtpSinkBehaviour behaviour = {});
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  std::uint16_t port() const { return port_; }
  // "smtp://127.0.0.1:<port>"
  std::string Url() const;

  // The accepted messages so far, oldest first.
  std::vector<SmtpMessage> Messages() const;
  // Waits until at least `count` messages were accepted; returns them, or nullopt on timeout.
  std::optional<std::vector<SmtpMessage>> WaitForMessages(
      std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;
  // Every command line received on every connection, in order (for protocol assertions).
  std::vector<std::string> Commands() const;

 private:
  struct Impl;
  friend struct Impl;
  void Record(SmtpMessage message);
  void RecordCommand(std::string line);

  SmtpSinkBehaviour behaviour_;
  std::unique_ptr<Impl> impl_;
  std::uint16_t port_ = 0;
  std::thread thread_;

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<SmtpMessage> messages_;
  std::vector<std::string> commands_;
};

// The first run of `digits` consecutive decimal digits in `text` standing alone (not part of a
// longer number), or "" when there is none: the one-time code of an OTP message.
std::string FindCode(std::string_view text, std::size_t digits = 8);
// How many messages `sink` accepted for exactly the one recipient `address`.
std::size_t MessagesTo(const SmtpSink& sink, const std::string& address);
// The `digits`-digit code in message number `index` (0-based) to `address`; waits up to 5 s for
// it, "" (and a test failure) without it.
std::string CodeSentTo(const SmtpSink& sink, const std::string& address, std::size_t index,
                       std::size_t digits = 6);

}  // namespace roster::testing
