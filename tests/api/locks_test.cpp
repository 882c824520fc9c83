// Bad-login counting, lockout, lock via API and unlock (obp-reference-behaviour.md §2.4, §1.9).
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "api/server_fixture.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;

constexpr const char* kInvalidCredentials =
    "OBP-20004: Invalid login credentials. Check username/password.";
constexpr const char* kLocked =
    "OBP-20013: The account has been locked, please contact an administrator!";
constexpr const char* kMissingRole = "OBP-20006: User is missing one or more roles: ";
constexpr const char* kWrongPassword = "Wrongpass1!";

const std::regex kDate(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z)");

class LocksTest : public SharedServerTest<LocksTest> {
 protected:
  static std::string LockStatusPath(const std::string& username,
                                    const std::string& version = "v5.0.0") {
    return "/obp/" + version + "/users/" + username + "/lock-status";
  }
  static std::string LocksPath(const std::string& username, const std::string& version = "v5.0.0") {
    return "/obp/" + version + "/users/" + username + "/locks";
  }
  static void ExpectError(const Reply& reply, int status, const std::string& message) {
    EXPECT_EQ(reply.status, status) << reply.body;
    EXPECT_EQ(reply.Json(), ErrorBody(status, message));
  }
  int BadAttempts(const std::string& username) {
    Reply status = server().Get(LockStatusPath(username), server().SuperToken());
    EXPECT_EQ(status.status, 200) << status.body;
    if (status.status != 200) return -1;
    return status.Json().at("bad_attempts_since_last_success_or_reset").to_number<int>();
  }
};

TEST_F(LocksTest, LockoutAfterMoreThanMaxBadLoginsAndUnlockByAdministrator) {
  CreatedUser user = server().CreateUser(UniqueName("lockout"));
  const std::string token = server().Login(user.username, user.password);
  ASSERT_FALSE(token.empty());

  for (int attempt = 1; attempt <= 5; ++attempt) {
    ExpectError(server().LoginReply(user.username, kWrongPassword), 401, kInvalidCredentials);
  }
  // Five failures are allowed: the token still works.
  EXPECT_EQ(server().Get("/obp/v5.0.0/users/current", token).status, 200);
  // The sixth failure goes over the limit and locks the user.
  ExpectError(server().LoginReply(user.username, kWrongPassword), 401, kInvalidCredentials);
  // From now on even the right password is refused, and so is the token issued before.
  ExpectError(server().LoginReply(user.username, user.password), 401, kLocked);
  ExpectError(server().Get("/obp/v5.0.0/users/current", token), 401, kLocked);
  EXPECT_GE(BadAttempts(user.username), 6);

  Reply unlock = server().Put(LockStatusPath(user.username), "", server().SuperToken());
  ASSERT_EQ(unlock.status, 200) << unlock.body;
  json::value body = unlock.Json();
  EXPECT_EQ(KeysOf(body), (std::vector<std::string>{"bad_attempts_since_last_success_or_reset",
                                                    "last_failure_date", "username"}));
  EXPECT_EQ(body.at("username"), json::value(user.username));
  EXPECT_EQ(body.at("bad_attempts_since_last_success_or_reset"), json::value(0));
  EXPECT_TRUE(std::regex_match(std::string(body.at("last_failure_date").as_string()), kDate))
      << body;

  EXPECT_EQ(BadAttempts(user.username), 0);
  EXPECT_FALSE(server().Login(user.username, user.password).empty());
  EXPECT_EQ(server().Get("/obp/v5.0.0/users/current", token).status, 200);
}

TEST_F(LocksTest, SuccessfulLoginResetsTheCounter) {
  CreatedUser user = server().CreateUser(UniqueName("lockreset"));
  for (int attempt = 1; attempt <= 4; ++attempt) {
    ExpectError(server().LoginReply(user.username, kWrongPassword), 401, kInvalidCredentials);
  }
  EXPECT_EQ(BadAttempts(user.username), 4);
  ASSERT_FALSE(server().Login(user.username, user.password).empty());
  EXPECT_EQ(BadAttempts(user.username), 0);
  for (int attempt = 1; attempt <= 5; ++attempt) {
    ExpectError(server().LoginReply(user.username, kWrongPassword), 401, kInvalidCredentials);
  }
  EXPECT_EQ(BadAttempts(user.username), 5);
  // 4 + 5 failures, but never more than 5 in a row: not locked.
  EXPECT_FALSE(server().Login(user.username, user.password).empty());
}

TEST_F(LocksTest, LockStatusOfAUserWithoutFailures) {
  CreatedUser user = server().CreateUser(UniqueName("lockfresh"));
  Reply reply = server().Get(LockStatusPath(user.username), server().SuperToken());
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.Json().at("username"), json::value(user.username));
  EXPECT_EQ(reply.Json().at("bad_attempts_since_last_success_or_reset"), json::value(0));
}

TEST_F(LocksTest, LockViaApiRefusesTheUserUntilUnlocked) {
  CreatedUser user = server().CreateUser(UniqueName("lockapi"));
  const std::string token = server().Login(user.username, user.password);
  ASSERT_FALSE(token.empty());

  Reply lock = server().Post(LocksPath(user.username), "", server().SuperToken());
  ASSERT_EQ(lock.status, 200) << lock.body;
  json::value body = lock.Json();
  EXPECT_EQ(KeysOf(body), (std::vector<std::string>{"last_lock_date", "type_of_lock", "user_id"}));
  EXPECT_EQ(body.at("user_id"), json::value(user.user_id));
  EXPECT_EQ(body.at("type_of_lock"), json::value("lock_via_api"));
  EXPECT_TRUE(std::regex_match(std::string(body.at("last_lock_date").as_string()), kDate)) << body;

  ExpectError(server().LoginReply(user.username, user.password), 401, kLocked);
  ExpectError(server().Get("/obp/v5.0.0/users/current", token), 401, kLocked);
  Reply by_id = server().Get("/obp/v5.0.0/users/user_id/" + user.user_id, server().SuperToken());
  ASSERT_EQ(by_id.status, 200) << by_id.body;
  EXPECT_EQ(by_id.Json().at("is_locked"), json::value(true));

  // Locking again only refreshes the lock.
  Reply again = server().Post(LocksPath(user.username), "", server().SuperToken());
  EXPECT_EQ(again.status, 200) << again.body;

  Reply unlock = server().Put(LockStatusPath(user.username), "", server().SuperToken());
  ASSERT_EQ(unlock.status, 200) << unlock.body;
  EXPECT_EQ(unlock.Json().at("bad_attempts_since_last_success_or_reset"), json::value(0));

  EXPECT_FALSE(server().Login(user.username, user.password).empty());
  EXPECT_EQ(server().Get("/obp/v5.0.0/users/current", token).status, 200);
  by_id = server().Get("/obp/v5.0.0/users/user_id/" + user.user_id, server().SuperToken());
  EXPECT_EQ(by_id.Json().at("is_locked"), json::value(false));
}

TEST_F(LocksTest, UnknownUsernameIs404Obp20027) {
  const std::string name = UniqueName("nosuchuser");
  const std::string message = "OBP-20027: User not found by provider and username.(" + name + ")";
  ExpectError(server().Post(LocksPath(name), "", server().SuperToken()), 404, message);
  ExpectError(server().Put(LockStatusPath(name), "", server().SuperToken()), 404, message);
  ExpectError(server().Get(LockStatusPath(name), server().SuperToken()), 404, message);
}

TEST_F(LocksTest, RolesAreRequired) {
  auto [caller, token] = server().CreateUserWithToken("lockcaller");
  CreatedUser target = server().CreateUser(UniqueName("locktarget"));
  ExpectError(server().Post(LocksPath(target.username), "", token), 403,
              std::string(kMissingRole) + "CanLockUser");
  ExpectError(server().Put(LockStatusPath(target.username), "", token), 403,
              std::string(kMissingRole) + "CanUnlockUser");
  ExpectError(server().Get(LockStatusPath(target.username), token), 403,
              std::string(kMissingRole) + "CanReadUserLockedStatus");
  // Nothing happened to the target.
  EXPECT_FALSE(server().Login(target.username, target.password).empty());
}

TEST_F(LocksTest, LockChecksTheRoleBeforeTheUserAndUnlockTheUserBeforeTheRole) {
  auto [caller, token] = server().CreateUserWithToken("lockorder");
  const std::string name = UniqueName("nosuchuser");
  ExpectError(server().Post(LocksPath(name), "", token), 403,
              std::string(kMissingRole) + "CanLockUser");
  ExpectError(server().Put(LockStatusPath(name), "", token), 404,
              "OBP-20027: User not found by provider and username.(" + name + ")");
}

TEST_F(LocksTest, LockEndpointsNeedAuthentication) {
  CreatedUser target = server().CreateUser(UniqueName("locknoauth"));
  const std::string message = "OBP-20001: User not logged in. Authentication is required!";
  ExpectError(server().Post(LocksPath(target.username), ""), 401, message);
  ExpectError(server().Put(LockStatusPath(target.username), ""), 401, message);
  ExpectError(server().Get(LockStatusPath(target.username)), 401, message);
}

TEST_F(LocksTest, VersionRouting) {
  CreatedUser user = server().CreateUser(UniqueName("lockver"));
  const std::string& token = server().SuperToken();
  for (const char* version : {"v3.1.0", "v4.0.0", "v5.0.0"}) {
    Reply reply = server().Get(LockStatusPath(user.username, version), token);
    EXPECT_EQ(reply.status, 200) << version << ": " << reply.body;
  }
  // Implemented in v3.1.0, so absent before; excluded from v5.1.0 (§1.9).
  for (const char* version : {"v3.0.0", "v5.1.0"}) {
    Reply get = server().Get(LockStatusPath(user.username, version), token);
    EXPECT_EQ(get.status, 404) << version << ": " << get.body;
    EXPECT_TRUE(get.Message().starts_with("OBP-10404: ")) << get.body;
    Reply put = server().Put(LockStatusPath(user.username, version), "", token);
    EXPECT_EQ(put.status, 404) << version << ": " << put.body;
  }
  // lockUser is v4.0.0 and excluded from v5.1.0.
  for (const char* version : {"v3.1.0", "v5.1.0"}) {
    Reply lock = server().Post(LocksPath(user.username, version), "", token);
    EXPECT_EQ(lock.status, 404) << version << ": " << lock.body;
  }
  EXPECT_FALSE(server().Login(user.username, user.password).empty());
  Reply lock = server().Post(LocksPath(user.username, "v4.0.0"), "", token);
  EXPECT_EQ(lock.status, 200) << lock.body;
}

// A server with a different limit: the (max+1)-th failure locks.
class LowLimitLocksTest : public SharedServerTest<LowLimitLocksTest> {
 public:
  static ServerOptions Options() { return {.serve_flags = {"--max-bad-login-attempts", "2"}}; }
};

TEST_F(LowLimitLocksTest, MaxBadLoginAttemptsIsConfigurable) {
  CreatedUser user = server().CreateUser(UniqueName("lowlimit"));
  for (int attempt = 1; attempt <= 3; ++attempt) {
    Reply reply = server().LoginReply(user.username, kWrongPassword);
    EXPECT_EQ(reply.Json(), ErrorBody(401, kInvalidCredentials)) << "attempt " << attempt;
  }
  EXPECT_EQ(server().LoginReply(user.username, user.password).Json(), ErrorBody(401, kLocked));
}

}  // namespace
}  // namespace roster::apitest
