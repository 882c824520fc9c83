// A server whose PostgreSQL connections are all cut while it is under load (what a database
// restart or failover does to it) answers every request promptly, fails only with a clean 503
// OBP error, loses no acknowledged registration and recovers by itself, without a restart.
//
// The cut terminates every backend of the server's database (pg_terminate_backend through the
// admin URL) rather than restarting PostgreSQL itself, so that tests running in parallel on the
// same PostgreSQL server are not disturbed.
//
// Needs ROSTER_TEST_POSTGRES_URL (scripts/test-postgres.sh sets it); skipped without it.
#include <gtest/gtest.h>
#include <httplib.h>
#include <libpq-fe.h>
#include <signal.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/server_fixture.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr const char* kCurrentUser = "/obp/v5.0.0/users/current";
constexpr int kThreads = 4;
constexpr int kCuts = 3;
constexpr auto kLoadDuration = 3s;
constexpr auto kClientTimeout = 5s;

// The database name of a postgresql:// URL: its last path segment without a query.
std::string DatabaseName(const std::string& url) {
  std::string name = url.substr(url.rfind('/') + 1);
  return name.substr(0, name.find('?'));
}

// Terminates every backend connected to `database`; returns how many were terminated, or -1
// after reporting a test failure.
int CutConnections(const std::string& database) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(TestPostgresUrl().c_str()),
                                                    &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    ADD_FAILURE() << "admin connection: " << PQerrorMessage(conn.get());
    return -1;
  }
  const char* params[] = {database.c_str()};
  std::unique_ptr<PGresult, decltype(&PQclear)> result(
      PQexecParams(conn.get(),
                   "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                   "WHERE datname = $1 AND pid <> pg_backend_pid()",
                   1, nullptr, params, nullptr, nullptr, 0),
      &PQclear);
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
    ADD_FAILURE() << "pg_terminate_backend: " << PQresultErrorMessage(result.get());
    return -1;
  }
  return std::stoi(PQgetvalue(result.get(), 0, 0));
}

// True when `pid` exists and is not a zombie.
bool Alive(pid_t pid) {
  if (::kill(pid, 0) != 0) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, command, state;
  stat >> pid_field >> command >> state;
  return stat && state != "Z";
}

struct Outcome {
  std::string request;
  int status = -1;
  std::string body;
  Clock::duration elapsed{};
};

httplib::Client MakeClient(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(kClientTimeout);
  client.set_read_timeout(kClientTimeout);
  client.set_write_timeout(kClientTimeout);
  return client;
}

Outcome Timed(const std::string& request, const std::function<httplib::Result()>& send) {
  Outcome outcome{.request = request};
  const auto start = Clock::now();
  httplib::Result result = send();
  outcome.elapsed = Clock::now() - start;
  if (result) {
    outcome.status = result->status;
    outcome.body = result->body;
  } else {
    outcome.body = "client error: " + httplib::to_string(result.error());
  }
  return outcome;
}

// True when `body` is {"code":status,"message":"OBP-..."} and nothing else.
bool IsObpError(const std::string& body, int status) {
  boost::system::error_code ec;
  json::value value = json::parse(body, ec);
  if (ec || !value.is_object()) return false;
  const json::object& object = value.as_object();
  const json::value* code = object.if_contains("code");
  const json::value* message = object.if_contains("message");
  return object.size() == 2 && code != nullptr && code->is_int64() && code->as_int64() == status &&
         message != nullptr && message->is_string() && message->as_string().starts_with("OBP-");
}

TEST(PgRestartTest, CutDatabaseConnectionsUnderLoadGiveClean503sAndTheServerRecovers) {
  if (TestPostgresUrl().empty()) {
    GTEST_SKIP() << "ROSTER_TEST_POSTGRES_URL is not set; this test needs PostgreSQL "
                    "(run scripts/test-postgres.sh BUILD_DIR)";
  }
  RosterServer server;
  ASSERT_TRUE(server.on_postgres());
  const pid_t pid = server.pid();
  const std::string database = DatabaseName(server.database());
  const auto [user, token] = server.CreateUserWithToken("pgcut");
  ASSERT_FALSE(token.empty());
  ASSERT_EQ(server.Get(kCurrentUser, token).status, 200);

  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::vector<Outcome> outcomes;
  std::vector<std::string> registered;  // usernames answered with 201
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client client = MakeClient(server.port());
      const httplib::Headers headers = TokenHeader(token);
      for (int i = 0; !stop.load(); ++i) {
        Outcome outcome;
        std::string name;
        if (i % 4 == 3) {
          name = UniqueName("pgreg" + std::to_string(t) + "x");
          const json::object body{{"email", name + "@example.com"},
                                  {"username", name},
                                  {"password", kPassword},
                                  {"first_name", "Test"},
                                  {"last_name", "User"}};
          const std::string text = json::serialize(body);
          outcome = Timed("POST /obp/v5.0.0/users " + name, [&] {
            return client.Post("/obp/v5.0.0/users", text, "application/json");
          });
        } else {
          outcome = Timed("GET users/current", [&] { return client.Get(kCurrentUser, headers); });
        }
        std::lock_guard lock(mutex);
        if (!name.empty() && outcome.status == 201) registered.push_back(name);
        outcomes.push_back(std::move(outcome));
      }
    });
  }

  int terminated = 0;
  const auto start = Clock::now();
  for (int cut = 1; cut <= kCuts; ++cut) {
    std::this_thread::sleep_until(start + kLoadDuration * cut / (kCuts + 1));
    const int count = CutConnections(database);
    if (count > 0) terminated += count;
  }
  std::this_thread::sleep_until(start + kLoadDuration);
  stop = true;
  for (auto& thread : threads) thread.join();

  EXPECT_GT(terminated, 0) << "the cuts found no connection of the server to terminate";
  std::map<int, int> by_status;
  for (const Outcome& outcome : outcomes) {
    ++by_status[outcome.status];
    EXPECT_LT(outcome.elapsed, kClientTimeout)
        << outcome.request << " took "
        << std::chrono::duration_cast<std::chrono::milliseconds>(outcome.elapsed).count() << " ms";
    if (outcome.status >= 200 && outcome.status < 300) continue;
    EXPECT_EQ(outcome.status, 503) << outcome.request << ": " << outcome.body;
    EXPECT_TRUE(IsObpError(outcome.body, outcome.status))
        << outcome.request << " answered " << outcome.status << " with " << outcome.body;
  }
  std::string summary;
  for (const auto& [status, count] : by_status) {
    summary += " " + std::to_string(status) + "x" + std::to_string(count);
  }
  RecordProperty("statuses", summary);
  std::cout << "terminated " << terminated << " backends; " << outcomes.size()
            << " requests, statuses:" << summary << "\n";
  EXPECT_GT(by_status[200], 0) << "no request succeeded during the load";

  // Recovery without a restart: the same process answers every request again.
  httplib::Client client = MakeClient(server.port());
  for (int i = 0; i < 20; ++i) {
    const Outcome outcome = Timed("final GET users/current",
                                  [&] { return client.Get(kCurrentUser, TokenHeader(token)); });
    EXPECT_EQ(outcome.status, 200) << "final request " << i << ": " << outcome.body;
  }
  EXPECT_EQ(server.pid(), pid);
  EXPECT_TRUE(Alive(pid)) << "the server process " << pid << " is gone";

  // No acknowledged registration is lost.
  const std::string& super_token = server.SuperToken();
  ASSERT_FALSE(super_token.empty());
  for (const std::string& name : registered) {
    const Reply reply = server.Get("/obp/v5.0.0/users/username/" + name, super_token);
    EXPECT_EQ(reply.status, 200) << "registered user " << name << ": " << reply.body;
  }
  std::cout << registered.size() << " registrations acknowledged and found\n";
}

}  // namespace
}  // namespace roster::apitest
