#include "api/smtp_sink.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cctype>
#include <chrono>
#include <thread>

namespace roster::testing {

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;

namespace {

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The address inside the first <...> of `line`, or "" when there is none.
std::string Bracketed(std::string_view line) {
  auto open = line.find('<');
  auto close = line.find('>', open);
  if (open == line.npos || close == line.npos) return "";
  return std::string(line.substr(open + 1, close - open - 1));
}

}  // namespace

struct SmtpSink::Impl {
  explicit Impl(SmtpSink& owner)
      : owner(owner), acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}

  awaitable<void> Accept() {
    for (;;) {
      tcp::socket socket = co_await acceptor.async_accept(use_awaitable);
      asio::co_spawn(io, Session(std::move(socket)), asio::detached);
    }
  }

  awaitable<void> Session(tcp::socket socket) {
    if (owner.behaviour_.silent) {
      // Keep the connection open without a word until the client gives up.
      std::string ignored;
      for (;;)
        co_await asio::async_read_until(socket, asio::dynamic_buffer(ignored), "\n", use_awaitable);
    }
    std::string buffer;
    auto reply = [&](std::string text) -> awaitable<void> {
      co_await asio::async_write(socket, asio::buffer(text), use_awaitable);
    };
    auto read_line = [&]() -> awaitable<std::string> {
      std::size_t n = co_await asio::async_read_until(socket, asio::dynamic_buffer(buffer), "\r\n",
                                                      use_awaitable);
      std::string line = buffer.substr(0, n - 2);
      buffer.erase(0, n);
      co_return line;
    };
    co_await reply("220 sink.test ESMTP test sink\r\n");
    SmtpMessage message;
    for (;;) {
      std::string line = co_await read_line();
      owner.RecordCommand(line);
      const std::string verb = Upper(line.substr(0, line.find(' ')));
      const std::string argument =
          line.find(' ') == line.npos ? "" : line.substr(line.find(' ') + 1);
      if (verb == "EHLO") {
        if (owner.behaviour_.ehlo_unsupported) {
          co_await reply("502 5.5.1 EHLO not implemented\r\n");
          continue;
        }
        message.helo = argument;
        message.greeting_command = "EHLO";
        co_await reply("250-sink.test greets you\r\n250-8BITMIME\r\n250 SIZE 1000000\r\n");
      } else if (verb == "HELO") {
        message.helo = argument;
        message.greeting_command = "HELO";
        co_await reply("250 sink.test\r\n");
      } else if (Upper(line).starts_with("MAIL FROM:")) {
        message.mail_from = Bracketed(line);
        message.rcpt_to.clear();
        co_await reply("250 2.1.0 Ok\r\n");
      } else if (Upper(line).starts_with("RCPT TO:")) {
        if (owner.behaviour_.rcpt_code == 250) {
          message.rcpt_to.push_back(Bracketed(line));
          co_await reply("250 2.1.5 Ok\r\n");
        } else {
          co_await reply(std::to_string(owner.behaviour_.rcpt_code) +
                         " 5.1.1 Recipient refused\r\n");
        }
      } else if (verb == "DATA") {
        if (message.rcpt_to.empty()) {
          co_await reply("554 5.5.1 No valid recipients\r\n");
          continue;
        }
        co_await reply("354 End data with <CR><LF>.<CR><LF>\r\n");
        message.data.clear();
        for (;;) {
          std::string data_line = co_await read_line();
          if (data_line == ".") break;
          if (data_line.starts_with('.')) data_line.erase(0, 1);
          message.data += data_line + "\r\n";
        }
        owner.Record(message);
        message.rcpt_to.clear();
        co_await reply("250 2.0.0 Ok: queued\r\n");
      } else if (verb == "RSET") {
        message.rcpt_to.clear();
        co_await reply("250 2.0.0 Ok\r\n");
      } else if (verb == "NOOP") {
        co_await reply("250 2.0.0 Ok\r\n");
      } else if (verb == "QUIT") {
        co_await reply("221 2.0.0 Bye\r\n");
        co_return;
      } else {
        co_await reply("502 5.5.2 Command not recognized\r\n");
      }
    }
  }

  SmtpSink& owner;
  asio::io_context io{1};
  tcp::acceptor acceptor;
};

SmtpSink::SmtpSink(SmtpSinkBehaviour behaviour)
    : behaviour_(behaviour), impl_(std::make_unique<Impl>(*this)) {
  port_ = impl_->acceptor.local_endpoint().port();
  // A failed session (client gone) ends with an exception that `detached` drops.
  asio::co_spawn(impl_->io, impl_->Accept(), asio::detached);
  thread_ = std::thread([this] { impl_->io.run(); });
}

SmtpSink::~SmtpSink() {
  impl_->io.stop();
  if (thread_.joinable()) thread_.join();
}

std::string SmtpSink::Url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

void SmtpSink::Record(SmtpMessage message) {
  std::lock_guard lock(mutex_);
  messages_.push_back(std::move(message));
  changed_.notify_all();
}

void SmtpSink::RecordCommand(std::string line) {
  std::lock_guard lock(mutex_);
  commands_.push_back(std::move(line));
}

std::vector<SmtpMessage> SmtpSink::Messages() const {
  std::lock_guard lock(mutex_);
  return messages_;
}

std::optional<std::vector<SmtpMessage>> SmtpSink::WaitForMessages(
    std::size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  if (!changed_.wait_for(lock, timeout, [&] { return messages_.size() >= count; })) {
    return std::nullopt;
  }
  return messages_;
}

std::vector<std::string> SmtpSink::Commands() const {
  std::lock_guard lock(mutex_);
  return commands_;
}

std::string SmtpMessage::Header(std::string_view name) const {
  const std::string wanted = Upper(name) + ":";
  std::size_t start = 0;
  while (start < data.size()) {
    std::size_t end = data.find("\r\n", start);
    if (end == std::string::npos) end = data.size();
    std::string_view line(data.data() + start, end - start);
    if (line.empty()) break;
    if (Upper(line.substr(0, wanted.size())) == wanted) {
      std::string_view value = line.substr(wanted.size());
      while (value.starts_with(' ')) value.remove_prefix(1);
      return std::string(value);
    }
    start = end + 2;
  }
  return "";
}

std::string SmtpMessage::Body() const {
  auto blank = data.find("\r\n\r\n");
  return blank == std::string::npos ? "" : data.substr(blank + 4);
}

std::string FindCode(std::string_view text, std::size_t digits) {
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  for (std::size_t i = 0; i < text.size();) {
    if (!is_digit(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && is_digit(text[j])) ++j;
    if (j - i == digits) return std::string(text.substr(i, digits));
    i = j;
  }
  return "";
}

std::size_t MessagesTo(const SmtpSink& sink, const std::string& address) {
  std::size_t count = 0;
  for (const SmtpMessage& message : sink.Messages()) {
    if (message.rcpt_to == std::vector<std::string>{address}) ++count;
  }
  return count;
}

std::string CodeSentTo(const SmtpSink& sink, const std::string& address, std::size_t index,
                       std::size_t digits) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    std::vector<SmtpMessage> matching;
    for (const SmtpMessage& message : sink.Messages()) {
      if (message.rcpt_to == std::vector<std::string>{address}) matching.push_back(message);
    }
    if (matching.size() > index) return FindCode(matching[index].Body(), digits);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << "no code was mailed to " << address;
  return "";
}

}  // namespace roster::testing
