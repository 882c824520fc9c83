#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "notify/capturing_notifier.h"
#include "notify/log_notifier.h"

namespace roster::notify {
namespace {

ports::Message Sample() {
  return {.kind = "otp",
          .to = "alice@example.com",
          .subject = "Your code",
          .body = "Code: 123456 \"quoted\"\nsecond line"};
}

std::shared_ptr<spdlog::logger> CapturingLogger(const std::string& name, std::ostringstream& out) {
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  auto logger = std::make_shared<spdlog::logger>(name, sink);
  logger->set_pattern("%v");
  logger->set_level(spdlog::level::info);
  return logger;
}

void ExpectOneJsonLine(const std::string& logged, const ports::Message& m) {
  ASSERT_FALSE(logged.empty());
  ASSERT_EQ(logged.back(), '\n');
  const std::string line = logged.substr(0, logged.size() - 1);
  EXPECT_EQ(line.find('\n'), std::string::npos) << "the message must stay on one line";
  const boost::json::object json = boost::json::parse(line).as_object();
  EXPECT_EQ(json.size(), 5u);
  EXPECT_EQ(json.at("event").as_string(), "notification");
  EXPECT_EQ(json.at("kind").as_string(), m.kind);
  EXPECT_EQ(json.at("to").as_string(), m.to);
  EXPECT_EQ(json.at("subject").as_string(), m.subject);
  EXPECT_EQ(json.at("body").as_string(), m.body);
}

TEST(LogNotifierTest, WritesOneJsonLineToTheRosterLogger) {
  std::ostringstream out;
  auto logger = CapturingLogger("roster", out);
  spdlog::register_logger(logger);
  LogNotifier notifier;
  const auto result = notifier.Send(Sample());
  spdlog::drop("roster");
  ASSERT_TRUE(result.has_value());
  ExpectOneJsonLine(out.str(), Sample());
}

TEST(LogNotifierTest, FallsBackToTheDefaultLogger) {
  ASSERT_EQ(spdlog::get("roster"), nullptr);
  std::ostringstream out;
  const auto previous = spdlog::default_logger();
  spdlog::set_default_logger(CapturingLogger("test-default", out));
  LogNotifier notifier;
  const auto result = notifier.Send(Sample());
  spdlog::set_default_logger(previous);
  ASSERT_TRUE(result.has_value());
  ExpectOneJsonLine(out.str(), Sample());
}

TEST(CapturingNotifierTest, KeepsMessagesInOrder) {
  CapturingNotifier notifier;
  EXPECT_TRUE(notifier.Messages().empty());
  ports::Message first = Sample();
  ports::Message second = Sample();
  second.kind = "email_validation";
  second.body = "https://example.com/validate?token=abc";
  ASSERT_TRUE(notifier.Send(first).has_value());
  ASSERT_TRUE(notifier.Send(second).has_value());
  const auto messages = notifier.Messages();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].kind, "otp");
  EXPECT_EQ(messages[0].body, first.body);
  EXPECT_EQ(messages[1].kind, "email_validation");
  EXPECT_EQ(messages[1].to, "alice@example.com");
  EXPECT_EQ(messages[1].subject, "Your code");
  EXPECT_EQ(messages[1].body, second.body);
  notifier.Clear();
  EXPECT_TRUE(notifier.Messages().empty());
}

TEST(CapturingNotifierTest, ConcurrentSendsAreAllKept) {
  CapturingNotifier notifier;
  constexpr int kThreads = 8;
  constexpr int kPerThread = 500;
  std::vector<std::jthread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&notifier, t] {
      for (int i = 0; i < kPerThread; ++i) {
        ports::Message m = Sample();
        m.to = std::to_string(t);
        static_cast<void>(notifier.Send(m));
        static_cast<void>(notifier.Messages());
      }
    });
  }
  threads.clear();
  const auto messages = notifier.Messages();
  ASSERT_EQ(messages.size(), static_cast<std::size_t>(kThreads * kPerThread));
  std::vector<int> per_thread(kThreads);
  for (const auto& m : messages) ++per_thread[std::stoi(m.to)];
  for (int count : per_thread) EXPECT_EQ(count, kPerThread);
}

}  // namespace
}  // namespace roster::notify
