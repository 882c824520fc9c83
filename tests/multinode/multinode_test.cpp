// Several `roster serve` processes (nodes) on one PostgreSQL database behave as one service:
// uniqueness, bad-login counting, tokens and entitlements are decided by the database, never by
// the memory of one node, and a node killed right after acknowledging a write loses nothing.
//
// Needs ROSTER_TEST_POSTGRES_URL (scripts/test-postgres.sh sets it); skipped without it.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <boost/json.hpp>
#include <latch>
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

constexpr const char* kInvalidCredentials =
    "OBP-20004: Invalid login credentials. Check username/password.";
constexpr const char* kLocked =
    "OBP-20013: The account has been locked, please contact an administrator!";
constexpr const char* kMissingRole = "OBP-20006: User is missing one or more roles: ";
constexpr const char* kDuplicate = "User with the same username already exists.";
constexpr const char* kWrongPassword = "Wrongpass1!";
constexpr const char* kCurrentUser = "/obp/v5.0.0/users/current";

// A primary server (which owns the database) plus further nodes on the same database.
class Cluster {
 public:
  explicit Cluster(int size) {
    nodes_.push_back(std::make_unique<RosterServer>());
    for (int i = 1; i < size; ++i) nodes_.push_back(RosterServer::StartNode(*nodes_.front()));
  }
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;
  // Nodes first: the primary drops the database.
  ~Cluster() {
    while (!nodes_.empty()) nodes_.pop_back();
  }

  RosterServer& node(std::size_t i) { return *nodes_.at(i % nodes_.size()); }
  std::size_t size() const { return nodes_.size(); }

 private:
  std::vector<std::unique_ptr<RosterServer>> nodes_;
};

void ExpectError(const Reply& reply, int status, const std::string& message,
                 const std::string& where) {
  EXPECT_EQ(reply.status, status) << where << ": " << reply.body;
  EXPECT_EQ(reply.Json(), ErrorBody(status, message)) << where;
}

std::string Where(const RosterServer& node) {
  return "node on port " + std::to_string(node.port());
}

// Three nodes shared by the suite. At the end no node may have answered with a 5xx status.
class MultiNodeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (TestPostgresUrl().empty()) return;
    try {
      cluster_ = std::make_unique<Cluster>(3);
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }

  static void TearDownTestSuite() {
    if (!cluster_) return;
    for (std::size_t i = 0; i < cluster_->size(); ++i) {
      for (const auto& line : cluster_->node(i).LogEvents("request")) {
        const json::value* status = line.if_contains("status");
        if (status != nullptr && status->is_number() && status->to_number<int>() >= 500) {
          ADD_FAILURE() << "node " << i << " answered with a 5xx status: " << json::serialize(line);
        }
      }
    }
    cluster_.reset();
  }

  void SetUp() override {
    if (TestPostgresUrl().empty()) {
      GTEST_SKIP() << "ROSTER_TEST_POSTGRES_URL is not set; multi-node tests need PostgreSQL "
                      "(run scripts/test-postgres.sh BUILD_DIR)";
    }
    ASSERT_NE(cluster_, nullptr) << "the nodes did not start: " << error_;
  }

  static RosterServer& node(std::size_t i) { return cluster_->node(i); }

  // A superuser token per node, each issued by that node.
  static const std::string& SuperToken(std::size_t i) { return node(i).SuperToken(); }

  inline static std::unique_ptr<Cluster> cluster_;
  inline static std::string error_;
};

TEST_F(MultiNodeTest, TheSameUsernameRegisteredConcurrentlyOnAllNodesSucceedsOnce) {
  constexpr int kRounds = 5;
  constexpr int kPerNode = 2;
  const int contenders = static_cast<int>(cluster_->size()) * kPerNode;
  for (int round = 0; round < kRounds; ++round) {
    const std::string name = UniqueName("race");
    std::vector<Reply> replies(contenders);
    std::vector<CreatedUser> users(contenders);
    std::latch start(contenders);
    std::vector<std::thread> threads;
    for (int i = 0; i < contenders; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        users[i] = node(i).RegisterUser(name, &replies[i]);
      });
    }
    for (auto& thread : threads) thread.join();

    int created = 0;
    std::string user_id;
    for (int i = 0; i < contenders; ++i) {
      if (replies[i].status == 201) {
        ++created;
        user_id = users[i].user_id;
        continue;
      }
      ExpectError(replies[i], 409, kDuplicate, "round " + std::to_string(round));
    }
    ASSERT_EQ(created, 1) << "round " << round << ": " << name;
    for (std::size_t i = 0; i < cluster_->size(); ++i) {
      Reply found = node(i).Get("/obp/v5.0.0/users/username/" + name, SuperToken(i));
      ASSERT_EQ(found.status, 200) << Where(node(i)) << ": " << found.body;
      EXPECT_EQ(found.Json().at("user_id"), json::value(user_id)) << Where(node(i));
    }
  }
}

TEST_F(MultiNodeTest, BadLoginsSpreadOverAllNodesLockTheUser) {
  CreatedUser user = node(0).CreateUser(UniqueName("spread"));
  // Five failures are allowed, one or two per node; a per-node count would never reach five.
  for (int attempt = 0; attempt < 5; ++attempt) {
    ExpectError(node(attempt).LoginReply(user.username, kWrongPassword), 401, kInvalidCredentials,
                "attempt " + std::to_string(attempt + 1));
  }
  Reply status = node(2).Get("/obp/v5.0.0/users/" + user.username + "/lock-status", SuperToken(2));
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(status.Json().at("bad_attempts_since_last_success_or_reset"), json::value(5));

  // The sixth failure goes over the limit and locks the user everywhere.
  ExpectError(node(5).LoginReply(user.username, kWrongPassword), 401, kInvalidCredentials,
              "attempt 6");
  for (std::size_t i = 0; i < cluster_->size(); ++i) {
    ExpectError(node(i).LoginReply(user.username, user.password), 401, kLocked, Where(node(i)));
  }

  // Unlocking on one node unlocks on all.
  Reply unlock =
      node(1).Put("/obp/v5.0.0/users/" + user.username + "/lock-status", "", SuperToken(1));
  ASSERT_EQ(unlock.status, 200) << unlock.body;
  for (std::size_t i = 0; i < cluster_->size(); ++i) {
    EXPECT_EQ(node(i).LoginReply(user.username, user.password).status, 201) << Where(node(i));
  }
}

TEST_F(MultiNodeTest, ConcurrentBadLoginsOnAllNodesAreAllCounted) {
  CreatedUser user = node(0).CreateUser(UniqueName("burst"));
  constexpr int kFailures = 6;
  std::vector<Reply> replies(kFailures);
  std::latch start(kFailures);
  std::vector<std::thread> threads;
  for (int i = 0; i < kFailures; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      replies[i] = node(i).LoginReply(user.username, kWrongPassword);
    });
  }
  for (auto& thread : threads) thread.join();
  for (int i = 0; i < kFailures; ++i) {
    ExpectError(replies[i], 401, kInvalidCredentials, "failure " + std::to_string(i));
  }
  // No increment was lost: six failures, one over the limit, lock the user.
  Reply status = node(1).Get("/obp/v5.0.0/users/" + user.username + "/lock-status", SuperToken(1));
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(status.Json().at("bad_attempts_since_last_success_or_reset"), json::value(kFailures));
  for (std::size_t i = 0; i < cluster_->size(); ++i) {
    ExpectError(node(i).LoginReply(user.username, user.password), 401, kLocked, Where(node(i)));
  }
}

TEST_F(MultiNodeTest, ATokenWorksOnEveryNodeAndItsRevocationOnOneRefusesItOnAll) {
  CreatedUser user = node(0).CreateUser(UniqueName("roaming"));
  const std::string token = node(0).Login(user.username, user.password);
  const std::string other = node(2).Login(user.username, user.password);
  ASSERT_FALSE(token.empty());
  ASSERT_FALSE(other.empty());
  for (std::size_t i = 0; i < cluster_->size(); ++i) {
    Reply current = node(i).Get(kCurrentUser, token);
    ASSERT_EQ(current.status, 200) << Where(node(i)) << ": " << current.body;
    EXPECT_EQ(current.Json().at("user_id"), json::value(user.user_id)) << Where(node(i));
  }

  Reply revoked = node(1).Delete("/my/logins/direct", token);
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  for (std::size_t i = 0; i < cluster_->size(); ++i) {
    ExpectError(node(i).Get(kCurrentUser, token), 401,
                "OBP-20003: This DirectLogin token is invalid or expired: " + token,
                Where(node(i)));
    // The user's other token is untouched.
    EXPECT_EQ(node(i).Get(kCurrentUser, other).status, 200) << Where(node(i));
  }
}

TEST_F(MultiNodeTest, EntitlementGrantAndRevocationTakeEffectOnAllNodesAtOnce) {
  CreatedUser user = node(0).CreateUser(UniqueName("granted"));
  const std::string token = node(1).Login(user.username, user.password);
  ASSERT_FALSE(token.empty());
  const std::string kUsers = "/obp/v5.0.0/users";
  for (std::size_t i = 0; i < cluster_->size(); ++i) {
    ExpectError(node(i).Get(kUsers, token), 403, std::string(kMissingRole) + "CanGetAnyUser",
                "before the grant, " + Where(node(i)));
  }

  Reply granted =
      node(0).Post("/obp/v5.0.0/users/" + user.user_id + "/entitlements",
                   json::serialize(json::object{{"bank_id", ""}, {"role_name", "CanGetAnyUser"}}),
                   SuperToken(0));
  ASSERT_EQ(granted.status, 201) << granted.body;
  const std::string entitlement_id(granted.Json().at("entitlement_id").as_string());
  for (std::size_t i = 0; i < cluster_->size(); ++i) {
    EXPECT_EQ(node(i).Get(kUsers, token).status, 200) << "after the grant, " << Where(node(i));
  }

  Reply deleted = node(2).Delete(
      "/obp/v5.0.0/users/" + user.user_id + "/entitlement/" + entitlement_id, SuperToken(2));
  ASSERT_EQ(deleted.status, 204) << deleted.body;
  for (std::size_t i = 0; i < cluster_->size(); ++i) {
    ExpectError(node(i).Get(kUsers, token), 403, std::string(kMissingRole) + "CanGetAnyUser",
                "after the revocation, " + Where(node(i)));
  }
}

// A node killed (SIGKILL, no draining) while registrations stream through it: every 201 it sent
// is a committed user that the surviving node serves.
TEST(MultiNodeKillTest, AKilledNodeLosesNoAcknowledgedWrite) {
  if (TestPostgresUrl().empty()) {
    GTEST_SKIP() << "ROSTER_TEST_POSTGRES_URL is not set; multi-node tests need PostgreSQL";
  }
  Cluster cluster(2);
  RosterServer& survivor = cluster.node(0);
  RosterServer& victim = cluster.node(1);

  constexpr int kWriters = 4;
  constexpr int kAcknowledgedBeforeKill = 12;
  std::mutex mutex;
  std::vector<CreatedUser> acknowledged;
  std::atomic<bool> down{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&] {
      while (!down) {
        Reply reply;
        CreatedUser user = victim.RegisterUser(UniqueName("durable"), &reply);
        if (reply.status == 201) {
          std::lock_guard lock(mutex);
          acknowledged.push_back(std::move(user));
        } else if (reply.status < 0) {
          return;  // the node is gone
        }
      }
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  for (;;) {
    {
      std::lock_guard lock(mutex);
      if (acknowledged.size() >= kAcknowledgedBeforeKill) break;
    }
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "too few registrations succeeded";
    std::this_thread::sleep_for(1ms);
  }
  const int status = victim.Kill();
  down = true;
  for (auto& writer : writers) writer.join();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;

  ASSERT_GE(acknowledged.size(), static_cast<std::size_t>(kAcknowledgedBeforeKill));
  const std::string& token = survivor.SuperToken();
  for (const CreatedUser& user : acknowledged) {
    ASSERT_FALSE(user.user_id.empty()) << user.username;
    Reply found = survivor.Get("/obp/v5.0.0/users/user_id/" + user.user_id, token);
    EXPECT_EQ(found.status, 200) << user.username << ": " << found.body;
    if (found.status == 200) {
      EXPECT_EQ(found.Json().at("username"), json::value(user.username));
    }
  }
}

}  // namespace
}  // namespace roster::apitest
