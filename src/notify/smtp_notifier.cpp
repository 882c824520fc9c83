#include "notify/smtp_notifier.h"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <optional>
#include <vector>

#include "core/validation.h"

namespace roster::notify {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;
using core::ErrorCode;
using core::Fail;
using core::Result;

namespace {

// Longest reply line we accept; RFC 5321 allows 512 octets.
constexpr std::size_t kMaxReplyBytes = 64 * 1024;

struct SmtpReply {
  int code = 0;
  std::string text;  // every line, CRLF-separated
};

bool HasLineBreak(std::string_view text) { return text.find_first_of("\r\n") != text.npos; }

bool IsAscii(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return false;
  }
  return true;
}

std::string Base64(std::string_view data) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(data[i]) << 16) |
                 (static_cast<unsigned char>(data[i + 1]) << 8) |
                 static_cast<unsigned char>(data[i + 2]);
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63],
            kAlphabet[v & 63]};
  }
  if (i + 1 == data.size()) {
    unsigned v = static_cast<unsigned char>(data[i]) << 16;
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == data.size()) {
    unsigned v = (static_cast<unsigned char>(data[i]) << 16) |
                 (static_cast<unsigned char>(data[i + 1]) << 8);
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], '='};
  }
  return out;
}

// An RFC 2047 encoded word for non-ASCII header text.
std::string HeaderText(std::string_view text) {
  if (IsAscii(text)) return std::string(text);
  return "=?UTF-8?B?" + Base64(text) + "?=";
}

std::string RfcDate() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday],
                utc.tm_mday, kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                utc.tm_sec);
  return buffer;
}

// The body with CRLF line ends and dot-stuffing (RFC 5321 §4.5.2), followed by the terminating
// "<CRLF>.<CRLF>".
std::string DataSection(std::string_view headers, std::string_view body) {
  std::string out(headers);
  out += "\r\n";
  std::size_t start = 0;
  while (start < body.size()) {
    std::size_t end = body.find('\n', start);
    std::string_view line = body.substr(start, end == body.npos ? body.npos : end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.starts_with('.')) out += '.';
    out += line;
    out += "\r\n";
    if (end == body.npos) break;
    start = end + 1;
  }
  out += ".\r\n";
  return out;
}

// An SMS recipient as an e-mail address at the gateway: the number's digits, with a leading '+'
// kept. nullopt for something that is not a phone number.
std::optional<std::string> SmsAddress(std::string_view number, std::string_view gateway) {
  std::string local;
  for (char c : number) {
    if (c >= '0' && c <= '9') {
      local += c;
    } else if (c == '+' && local.empty()) {
      local += c;
    } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') {
      return std::nullopt;
    }
  }
  if (local.size() - (local.starts_with('+') ? 1 : 0) < 3 || local.size() > 20) {
    return std::nullopt;
  }
  return local + "@" + std::string(gateway);
}

// One SMTP session with a deadline on every step: each asynchronous operation is started and
// the io_context is run for at most the timeout; if it has not finished by then the socket is
// closed, which cancels it.
class Session {
 public:
  explicit Session(const SmtpOptions& options) : options_(options), socket_(io_) {}

  Result<void> Connect() {
    tcp::resolver resolver(io_);
    tcp::resolver::results_type endpoints;
    error_code ec = Run(
        [&](error_code& out) {
          resolver.async_resolve(options_.host, std::to_string(options_.port),
                                 [&](error_code e, tcp::resolver::results_type r) {
                                   out = e;
                                   endpoints = std::move(r);
                                 });
        },
        [&] { resolver.cancel(); });
    if (ec) return Failure("resolve", ec);
    ec = Run(
        [&](error_code& out) {
          asio::async_connect(socket_, endpoints,
                              [&](error_code e, const tcp::endpoint&) { out = e; });
        },
        [&] { socket_.close(); });
    if (ec) return Failure("connect", ec);
    socket_.set_option(tcp::no_delay(true), ec);
    return {};
  }

  Result<SmtpReply> Read(std::string_view step) {
    SmtpReply reply;
    for (;;) {
      std::size_t length = 0;
      error_code ec = Run(
          [&](error_code& out) {
            asio::async_read_until(socket_, asio::dynamic_buffer(buffer_, kMaxReplyBytes), "\r\n",
                                   [&](error_code e, std::size_t n) {
                                     out = e;
                                     length = n;
                                   });
          },
          [&] { socket_.close(); });
      if (ec) return Failure(std::string(step) + " reply", ec);
      std::string line = buffer_.substr(0, length - 2);
      buffer_.erase(0, length);
      int code = 0;
      auto [end, parse_ec] =
          std::from_chars(line.data(), line.data() + std::min<std::size_t>(3, line.size()), code);
      if (line.size() < 3 || parse_ec != std::errc{} || end != line.data() + 3 ||
          (line.size() > 3 && line[3] != ' ' && line[3] != '-') ||
          (reply.code != 0 && code != reply.code)) {
        return Fail(ErrorCode::kUnavailable, {},
                    Where() + std::string(step) + ": malformed reply: " + line);
      }
      reply.code = code;
      if (!reply.text.empty()) reply.text += "\r\n";
      reply.text += line;
      if (line.size() == 3 || line[3] == ' ') return reply;
    }
  }

  Result<void> Write(std::string_view step, std::string_view data) {
    error_code ec = Run(
        [&](error_code& out) {
          asio::async_write(socket_, asio::buffer(data),
                            [&](error_code e, std::size_t) { out = e; });
        },
        [&] { socket_.close(); });
    if (ec) return Failure(step, ec);
    return {};
  }

  // Sends `command` (without CRLF) and returns the reply, whatever its code.
  Result<SmtpReply> Exchange(std::string_view step, std::string_view command) {
    if (auto w = Write(step, std::string(command) + "\r\n"); !w) return std::unexpected(w.error());
    return Read(step);
  }

  // Sends `command` (without CRLF) and expects one of the two codes.
  Result<SmtpReply> Command(std::string_view step, std::string_view command, int expected,
                            int also = 0) {
    return Check(step, Exchange(step, command), expected, also);
  }

  Result<SmtpReply> Expect(std::string_view step, int expected, int also = 0) {
    return Check(step, Read(step), expected, also);
  }

  Result<SmtpReply> Check(std::string_view step, Result<SmtpReply> reply, int expected,
                          int also = 0) {
    if (!reply) return reply;
    if (reply->code != expected && (also == 0 || reply->code != also)) {
      return Fail(ErrorCode::kUnavailable, {},
                  Where() + std::string(step) + " answered " + reply->text);
    }
    return reply;
  }

  void Close() {
    error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

 private:
  template <class Start, class Cancel>
  error_code Run(Start start, Cancel cancel) {
    error_code result = asio::error::would_block;
    io_.restart();
    start(result);
    io_.run_for(options_.timeout);
    if (!io_.stopped()) {
      cancel();
      io_.run();
      return asio::error::timed_out;
    }
    return result;
  }

  std::string Where() const {
    return "smtp " + options_.host + ":" + std::to_string(options_.port) + ": ";
  }

  std::unexpected<core::Error> Failure(std::string_view step, error_code ec) const {
    return Fail(ErrorCode::kUnavailable, {}, Where() + std::string(step) + ": " + ec.message());
  }

  const SmtpOptions& options_;
  asio::io_context io_{1};
  tcp::socket socket_;
  std::string buffer_;
};

}  // namespace

Result<SmtpOptions> ParseSmtpUrl(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return Fail(ErrorCode::kInvalidInput, "not a URL: " + std::string(url));
  if (parsed->scheme() != "smtp") {
    return Fail(ErrorCode::kInvalidInput, "the notifier URL must start with smtp://");
  }
  SmtpOptions options;
  options.host = parsed->host_address();
  if (options.host.empty()) return Fail(ErrorCode::kInvalidInput, "the SMTP URL has no host");
  if (parsed->has_userinfo()) {
    return Fail(ErrorCode::kInvalidInput, "SMTP authentication is not supported");
  }
  if (parsed->has_port()) {
    if (parsed->port_number() == 0) return Fail(ErrorCode::kInvalidInput, "bad SMTP port");
    options.port = parsed->port_number();
  }
  for (auto param : parsed->params()) {
    if (param.key == "from") {
      if (!core::IsValidEmail(param.value)) {
        return Fail(ErrorCode::kInvalidInput, "from= is not an e-mail address");
      }
      options.from = param.value;
    } else if (param.key == "sms_gateway") {
      if (param.value.empty() || HasLineBreak(param.value) ||
          !core::IsValidEmail("x@" + param.value)) {
        return Fail(ErrorCode::kInvalidInput, "sms_gateway= is not a domain name");
      }
      options.sms_gateway = param.value;
    } else {
      return Fail(ErrorCode::kInvalidInput, "unknown SMTP URL parameter: " + param.key);
    }
  }
  return options;
}

Result<void> SmtpNotifier::Send(const ports::Message& message) {
  std::string to;
  if (message.kind.ends_with("_sms")) {
    if (options_.sms_gateway.empty()) {
      return Fail(ErrorCode::kUnavailable, {},
                  "smtp: no sms_gateway configured, cannot deliver an SMS");
    }
    auto address = SmsAddress(message.to, options_.sms_gateway);
    if (!address) return Fail(ErrorCode::kInvalidInput, "phone number", "bad SMS recipient");
    to = std::move(*address);
  } else {
    if (!core::IsValidEmail(message.to)) {
      return Fail(ErrorCode::kInvalidInput, "email", "bad e-mail recipient");
    }
    to = message.to;
  }
  if (HasLineBreak(message.subject)) {
    return Fail(ErrorCode::kInvalidInput, "subject", "line break in the subject");
  }

  const std::string headers = "From: <" + options_.from + ">\r\nTo: <" + to +
                              ">\r\nSubject: " + HeaderText(message.subject) +
                              "\r\nDate: " + RfcDate() +
                              "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8"
                              "\r\nContent-Transfer-Encoding: 8bit\r\n";

  Session session(options_);
  auto run = [&]() -> Result<void> {
    if (auto r = session.Connect(); !r) return r;
    if (auto r = session.Expect("greeting", 220); !r) return std::unexpected(r.error());
    auto ehlo = session.Exchange("EHLO", "EHLO " + options_.helo);
    if (!ehlo) return std::unexpected(ehlo.error());
    if (ehlo->code / 100 == 5) {
      // A server that does not speak ESMTP rejects EHLO with a 5xx code: fall back to HELO.
      if (auto r = session.Command("HELO", "HELO " + options_.helo, 250); !r) {
        return std::unexpected(r.error());
      }
    } else if (auto r = session.Check("EHLO", std::move(ehlo), 250); !r) {
      return std::unexpected(r.error());
    }
    if (auto r = session.Command("MAIL FROM", "MAIL FROM:<" + options_.from + ">", 250); !r) {
      return std::unexpected(r.error());
    }
    if (auto r = session.Command("RCPT TO", "RCPT TO:<" + to + ">", 250, 251); !r) {
      return std::unexpected(r.error());
    }
    if (auto r = session.Command("DATA", "DATA", 354); !r) return std::unexpected(r.error());
    if (auto r = session.Write("message", DataSection(headers, message.body)); !r) return r;
    if (auto r = session.Expect("end of data", 250); !r) return std::unexpected(r.error());
    // The message is accepted; a failed QUIT changes nothing.
    (void)session.Command("QUIT", "QUIT", 221);
    return {};
  };
  auto done = run();
  session.Close();
  return done;
}

}  // namespace roster::notify
