// The server as a process: health, common headers, the access log and graceful shutdown.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <fstream>
#include <future>
#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "api/server_fixture.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class ServerTest : public SharedServerTest<ServerTest> {};

TEST_F(ServerTest, HealthIs200Ok) {
  Reply reply = server().Get("/health");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.Json(), (json::object{{"status", "ok"}}));
}

TEST_F(ServerTest, SqliteCacheSizeOutsideItsRangeIsRefused) {
  for (const char* mib : {"0", "65537", "lots"}) {
    CommandResult result = server().RunCommand({"migrate", "--sqlite-cache-mib", mib});
    EXPECT_NE(result.exit_code, 0) << mib;
  }
  EXPECT_EQ(server().RunCommand({"migrate", "--sqlite-cache-mib", "8"}).exit_code, 0);
}

// The purge settings refuse negative and non-numeric values: a negative retention would purge
// records that have not expired yet. serve is given an address it cannot listen on, so that it
// ends either way; its stderr tells which check stopped it.
TEST_F(ServerTest, PurgeSettingsOutsideTheirRangesAreRefused) {
  for (const std::string value : {"-1", "lots"}) {
    EXPECT_NE(server().RunCommand({"purge", "--purge-retention-seconds", value}).exit_code, 0)
        << value;
    CommandResult serve = server().RunCommand(
        {"serve", "--listen", "256.0.0.1:0", "--purge-interval-seconds", value});
    EXPECT_NE(serve.exit_code, 0) << value;
    std::ifstream err(server().directory() / "command.err");
    const std::string text((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("--purge-interval-seconds: Value " + value), std::string::npos) << text;
  }
}

TEST_F(ServerTest, EveryResponseHasCorrelationIdAndCors) {
  CreatedUser user = server().CreateUser(UniqueName("headers"));
  std::vector<Reply> replies = {
      server().Get("/health"),
      server().Get("/obp/v5.0.0/nowhere"),
      server().Get("/obp/v5.0.0/users/current"),
      server().LoginReply(user.username, user.password),
      server().LoginReply(user.username, "Wrongpass1!"),
      server().Get("/obp/v5.0.0/users/current", server().SuperToken()),
      server().Send("OPTIONS", "/obp/v5.0.0/users", {}),
      server().Post("/obp/v5.0.0/users", "{"),
      server().Send("GET", "/health", {{"X-Padding", std::string(64 * 1024, 'h')}}),
  };
  std::set<std::string> ids;
  for (const Reply& reply : replies) {
    EXPECT_GT(reply.status, 0) << reply.body;
    EXPECT_FALSE(reply.Header("Correlation-Id").empty()) << reply.status << " " << reply.body;
    EXPECT_EQ(reply.Header("Access-Control-Allow-Origin"), "*") << reply.status;
    ids.insert(reply.Header("Correlation-Id"));
  }
  EXPECT_EQ(ids.size(), replies.size()) << "correlation ids repeat";
}

TEST_F(ServerTest, AccessLogHasOneLinePerRequest) {
  const std::string path = "/obp/v5.0.0/access-log-probe-" + UniqueName("p");
  Reply reply = server().Get(path + "?secret=hidden");
  ASSERT_EQ(reply.status, 404);
  auto is_probe = [&](const std::string& line) { return line.find(path) != std::string::npos; };
  ASSERT_TRUE(server().WaitForLog(is_probe).has_value());

  std::vector<json::object> matching;
  for (const auto& event : server().LogEvents("request")) {
    if (event.at("path") == json::value(path)) matching.push_back(event);
  }
  ASSERT_EQ(matching.size(), 1u);
  const json::object& line = matching[0];
  EXPECT_EQ(line.at("method"), json::value("GET"));
  EXPECT_EQ(line.at("status"), json::value(404));
  EXPECT_EQ(line.at("correlation_id"), json::value(reply.Header("Correlation-Id")));
  // The query string is not logged.
  for (const std::string& text : server().LogLines()) {
    EXPECT_EQ(text.find("secret=hidden"), std::string::npos) << text;
  }

  // A successful login is logged with its status, and neither password nor token appears.
  CreatedUser user = server().CreateUser(UniqueName("logged"));
  const std::string token = server().Login(user.username, user.password);
  ASSERT_FALSE(token.empty());
  ASSERT_TRUE(server()
                  .WaitForLog([&](const std::string& text) {
                    return text.find("\"status\":201") != std::string::npos &&
                           text.find("/my/logins/direct") != std::string::npos;
                  })
                  .has_value());
  for (const std::string& text : server().LogLines()) {
    EXPECT_EQ(text.find(token), std::string::npos) << text;
    EXPECT_EQ(text.find(user.password), std::string::npos) << text;
  }
}

// A server with the binary's default Argon2 limits, so that a login takes long enough to be
// caught in flight by SIGTERM.
TEST(GracefulShutdownTest, InFlightLoginCompletesAndTheProcessExitsZero) {
  RosterServer server(std::vector<std::string>{}, /*fast_hashing=*/false);
  // Warm up and measure one login.
  const auto started = std::chrono::steady_clock::now();
  ASSERT_FALSE(server.Login(server.superuser().username, server.superuser().password).empty());
  const auto login_time = std::chrono::steady_clock::now() - started;

  auto in_flight = std::async(std::launch::async, [&server] {
    return server.LoginReply(server.superuser().username, server.superuser().password);
  });
  std::this_thread::sleep_for(std::max<std::chrono::steady_clock::duration>(login_time / 3, 10ms));
  const int status = server.Stop();
  Reply reply = in_flight.get();

  EXPECT_EQ(reply.status, 201) << reply.body;
  EXPECT_NE(reply.body.find("\"token\""), std::string::npos) << reply.body;
  ASSERT_TRUE(WIFEXITED(status)) << "wait status " << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);

  // The signal arrived while the login was being served.
  std::vector<std::string> lines = server.LogLines();
  std::ptrdiff_t stopping = -1;
  std::ptrdiff_t second_login = -1;
  int logins = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find("\"event\":\"stopping\"") != std::string::npos && stopping < 0) {
      stopping = static_cast<std::ptrdiff_t>(i);
    }
    if (lines[i].find("/my/logins/direct") != std::string::npos && ++logins == 2) {
      second_login = static_cast<std::ptrdiff_t>(i);
    }
  }
  ASSERT_GE(stopping, 0) << "no stopping event";
  ASSERT_GE(second_login, 0) << "in-flight login not logged";
  EXPECT_LT(stopping, second_login)
      << "the login finished before SIGTERM arrived; login took "
      << std::chrono::duration_cast<std::chrono::milliseconds>(login_time).count() << " ms";
  EXPECT_NE(lines.back().find("\"event\":\"stopped\""), std::string::npos) << lines.back();

  // Nothing listens any more.
  EXPECT_EQ(server.Get("/health").status, -1);
}

TEST(ServerStartTest, TwoServersRunSideBySide) {
  RosterServer first;
  RosterServer second;
  EXPECT_NE(first.port(), second.port());
  EXPECT_NE(first.consumer_key(), second.consumer_key());
  EXPECT_EQ(first.Get("/health").status, 200);
  EXPECT_EQ(second.Get("/health").status, 200);
  // Separate databases: a consumer key of one server is unknown to the other.
  Reply reply = second.LoginReply(second.superuser().username, second.superuser().password,
                                  first.consumer_key());
  EXPECT_EQ(reply.status, 401) << reply.body;
  EXPECT_EQ(reply.Json(), ErrorBody(401, "OBP-20008: Invalid Consumer Key."));
}

// A database worker that finds several GETs queued runs them in one read transaction
// (WorkerPool batches, ports::ShareReads). With one worker and eight clients reading without
// pause the queue is seldom empty, so the reads below mostly queue behind others; each must
// still see the write answered just before it was sent.
TEST(ReadBatchTest, AReadQueuedBehindOthersSeesTheWriteAnsweredBeforeIt) {
  RosterServer server(std::vector<std::string>{"--db-workers", "1"});
  auto [user, token] = server.CreateUserWithToken("batch.reader");
  const httplib::Headers credentials{{"DirectLogin", "token=" + token}};
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0};
  std::atomic<int> failed{0};
  constexpr int kReaders = 8;
  std::vector<std::thread> readers;
  readers.reserve(kReaders);
  // Stops and joins the readers however the test ends (a failed ASSERT returns early, and a
  // joinable std::thread destroyed would terminate the test binary instead of reporting it).
  struct JoinReaders {
    std::atomic<bool>& stop;
    std::vector<std::thread>& readers;
    ~JoinReaders() {
      stop = true;
      for (auto& reader : readers) {
        if (reader.joinable()) reader.join();
      }
    }
  } join_readers{stop, readers};
  for (int i = 0; i < kReaders; ++i) {
    readers.emplace_back([&, client = std::make_shared<httplib::Client>(server.Client())] {
      while (!stop) {
        auto reply = client->Get("/obp/v5.0.0/users/current", credentials);
        ++(reply && reply->status == 200 ? answered : failed);
      }
    });
  }
  const std::string mine = "/obp/v5.0.0/my/user/attributes";
  for (int i = 0; i < 40; ++i) {
    const std::string name = "ATTRIBUTE_" + std::to_string(i);
    Reply created = server.Post(
        mine, json::serialize(json::object{{"name", name}, {"type", "STRING"}, {"value", "v"}}),
        token);
    ASSERT_EQ(created.status, 201) << created.body;
    Reply listed = server.Get(mine, token);
    ASSERT_EQ(listed.status, 200) << listed.body;
    EXPECT_EQ(listed.Json().at("user_attributes").as_array().size(),
              static_cast<std::size_t>(i + 1))
        << "attribute " << name << " created but not read back";
  }
  stop = true;
  for (auto& reader : readers) reader.join();
  EXPECT_GT(answered, 0);
  EXPECT_EQ(failed, 0);
}

}  // namespace
}  // namespace roster::apitest
