// The SMTP notifier against the in-process SMTP sink (a real TCP conversation on 127.0.0.1).
#include "notify/smtp_notifier.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "api/smtp_sink.h"

namespace roster::notify {
namespace {

using core::ErrorCode;
using roster::testing::SmtpSink;
using roster::testing::SmtpSinkBehaviour;

ports::Message Otp() {
  return {.kind = "otp",
          .to = "alice@example.com",
          .subject = "Your one-time password",
          .body = "Your code is 12345678.\n.leading dot\n..two dots\nlast line"};
}

SmtpOptions OptionsFor(const SmtpSink& sink) {
  auto options = ParseSmtpUrl(sink.Url() + "?from=roster@example.com");
  EXPECT_TRUE(options.has_value());
  options->timeout = std::chrono::milliseconds(2000);
  return *options;
}

TEST(SmtpUrlTest, ParsesHostPortAndParameters) {
  auto parsed =
      ParseSmtpUrl("smtp://mail.example.com:2525?from=a@example.com&sms_gateway=sms.example.net");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().detail;
  EXPECT_EQ(parsed->host, "mail.example.com");
  EXPECT_EQ(parsed->port, 2525);
  EXPECT_EQ(parsed->from, "a@example.com");
  EXPECT_EQ(parsed->sms_gateway, "sms.example.net");

  auto defaults = ParseSmtpUrl("smtp://127.0.0.1");
  ASSERT_TRUE(defaults.has_value());
  EXPECT_EQ(defaults->port, 25);
  EXPECT_EQ(defaults->from, "roster@localhost");
  EXPECT_TRUE(defaults->sms_gateway.empty());
}

TEST(SmtpUrlTest, RejectsWhatItCannotHonour) {
  for (const char* url : {"http://127.0.0.1:25", "smtp://",
                          "smtp://127.0.0.1:25?from=not-an-address", "smtp://user:pw@127.0.0.1:25",
                          "smtp://127.0.0.1:25?colour=blue", "not a url", "smtp://127.0.0.1:0"}) {
    auto parsed = ParseSmtpUrl(url);
    ASSERT_FALSE(parsed.has_value()) << url;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidInput) << url;
  }
}

TEST(SmtpNotifierTest, DeliversOneMessageWithHeadersAndDotStuffing) {
  SmtpSink sink;
  SmtpNotifier notifier(OptionsFor(sink));
  auto sent = notifier.Send(Otp());
  ASSERT_TRUE(sent.has_value()) << sent.error().log;

  auto messages = sink.WaitForMessages(1);
  ASSERT_TRUE(messages.has_value());
  ASSERT_EQ(messages->size(), 1u);
  const auto& message = messages->front();
  EXPECT_EQ(message.greeting_command, "EHLO");
  EXPECT_EQ(message.mail_from, "roster@example.com");
  EXPECT_EQ(message.rcpt_to, std::vector<std::string>{"alice@example.com"});
  EXPECT_EQ(message.Header("From"), "<roster@example.com>");
  EXPECT_EQ(message.Header("To"), "<alice@example.com>");
  EXPECT_EQ(message.Header("Subject"), "Your one-time password");
  EXPECT_FALSE(message.Header("Date").empty());
  // The sink un-stuffs dots, so the body must come back exactly, with CRLF line ends.
  EXPECT_EQ(message.Body(),
            "Your code is 12345678.\r\n.leading dot\r\n..two dots\r\nlast line\r\n");
  // The client said goodbye.
  auto commands = sink.Commands();
  ASSERT_FALSE(commands.empty());
  EXPECT_EQ(commands.back(), "QUIT");
}

TEST(SmtpNotifierTest, FallsBackToHeloWhenEhloIsRefused) {
  SmtpSink sink(SmtpSinkBehaviour{.ehlo_unsupported = true});
  SmtpNotifier notifier(OptionsFor(sink));
  ASSERT_TRUE(notifier.Send(Otp()).has_value());
  auto messages = sink.WaitForMessages(1);
  ASSERT_TRUE(messages.has_value());
  EXPECT_EQ(messages->front().greeting_command, "HELO");
}

TEST(SmtpNotifierTest, ARefusedRecipientIsUnavailableWithTheReplyInTheLog) {
  SmtpSink sink(SmtpSinkBehaviour{.rcpt_code = 550});
  SmtpNotifier notifier(OptionsFor(sink));
  auto sent = notifier.Send(Otp());
  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(sent.error().log.find("RCPT TO"), std::string::npos) << sent.error().log;
  EXPECT_NE(sent.error().log.find("550"), std::string::npos) << sent.error().log;
  EXPECT_TRUE(sink.Messages().empty());
}

TEST(SmtpNotifierTest, ASilentServerTimesOut) {
  SmtpSink sink(SmtpSinkBehaviour{.silent = true});
  SmtpOptions options = OptionsFor(sink);
  options.timeout = std::chrono::milliseconds(300);
  SmtpNotifier notifier(options);
  const auto start = std::chrono::steady_clock::now();
  auto sent = notifier.Send(Otp());
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(sent.error().log.find("greeting"), std::string::npos) << sent.error().log;
  EXPECT_LT(elapsed, std::chrono::seconds(3));
}

TEST(SmtpNotifierTest, AClosedPortIsUnavailable) {
  std::uint16_t port = 0;
  {
    // Bind and release a port so that nothing listens there.
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    port = acceptor.local_endpoint().port();
  }
  SmtpNotifier notifier(SmtpOptions{.host = "127.0.0.1", .port = port});
  auto sent = notifier.Send(Otp());
  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(sent.error().log.find("connect"), std::string::npos) << sent.error().log;
}

TEST(SmtpNotifierTest, RefusesHeaderInjectionAndBadRecipients) {
  SmtpSink sink;
  SmtpNotifier notifier(OptionsFor(sink));
  ports::Message injected = Otp();
  injected.subject = "Hello\r\nBcc: victim@example.com";
  EXPECT_EQ(notifier.Send(injected).error().code, ErrorCode::kInvalidInput);
  ports::Message bad_to = Otp();
  bad_to.to = "alice@example.com>\r\nRCPT TO:<mallory@example.com";
  EXPECT_EQ(notifier.Send(bad_to).error().code, ErrorCode::kInvalidInput);
  EXPECT_TRUE(sink.Commands().empty()) << "nothing may be sent for a refused message";
}

TEST(SmtpNotifierTest, SmsGoesToTheGatewayOrIsUnavailableWithoutOne) {
  SmtpSink sink;
  ports::Message sms{.kind = "otp_sms",
                     .to = "+44 7700 900-123",
                     .subject = "Code",
                     .body = "Your code is 12345678."};
  SmtpNotifier without_gateway(OptionsFor(sink));
  EXPECT_EQ(without_gateway.Send(sms).error().code, ErrorCode::kUnavailable);

  SmtpOptions options = OptionsFor(sink);
  options.sms_gateway = "sms.example.net";
  SmtpNotifier with_gateway(options);
  ASSERT_TRUE(with_gateway.Send(sms).has_value());
  auto messages = sink.WaitForMessages(1);
  ASSERT_TRUE(messages.has_value());
  EXPECT_EQ(messages->front().rcpt_to, std::vector<std::string>{"+447700900123@sms.example.net"});

  sms.to = "call me";
  EXPECT_EQ(with_gateway.Send(sms).error().code, ErrorCode::kInvalidInput);
}

TEST(SmtpNotifierTest, ConcurrentSendsAreAllDelivered) {
  SmtpSink sink;
  SmtpNotifier notifier(OptionsFor(sink));
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      ports::Message message = Otp();
      message.to = "user" + std::to_string(i) + "@example.com";
      EXPECT_TRUE(notifier.Send(message).has_value());
    });
  }
  for (auto& thread : threads) thread.join();
  auto messages = sink.WaitForMessages(4);
  ASSERT_TRUE(messages.has_value());
  EXPECT_EQ(messages->size(), 4u);
}

TEST(SmtpSinkTest, FindCodeTakesAStandaloneRunOfDigits) {
  EXPECT_EQ(roster::testing::FindCode("code 123 then 12345678."), "12345678");
  EXPECT_EQ(roster::testing::FindCode("123456789 is too long"), "");
  EXPECT_EQ(roster::testing::FindCode("none"), "");
}

}  // namespace
}  // namespace roster::notify
