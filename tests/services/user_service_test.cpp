#include <gtest/gtest.h>

#include "services/service_fixture.h"

namespace roster::testing {
namespace {

using core::ErrorCode;

class UserServiceTest : public ServiceTest {};

services::NewUser Input(std::string username) {
  return {username, "Abcdefgh1!", "someone@example.com", "Some", "One"};
}

TEST_F(UserServiceTest, RegisterChecksPolicyThenUniquenessThenFields) {
  MakeUser("taken.name");
  auto weak = Input("fresh.name");
  weak.password = "short";
  EXPECT_EQ(users().Register(weak).error().code, ErrorCode::kInvalidPassword);
  auto taken = Input("taken.name");
  taken.password = "short";  // the policy is checked before uniqueness
  EXPECT_EQ(users().Register(taken).error().code, ErrorCode::kInvalidPassword);
  EXPECT_EQ(users().Register(Input("taken.name")).error().code, ErrorCode::kUsernameTaken);
  auto bad_email = Input("fresh.name");
  bad_email.email = "not-an-email";
  auto refused = users().Register(bad_email);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(refused.error().detail, "Invalid email address");
}

TEST_F(UserServiceTest, RegisterSendsAValidationLinkThatValidatesOnce) {
  auto created = users().Register(Input("fresh.name"));
  ASSERT_TRUE(created.has_value());
  EXPECT_FALSE(created->user.validated);
  auto messages = notifier_.Messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].kind, "email_validation");
  EXPECT_EQ(messages[0].to, "someone@example.com");
  std::string marker = "/user_mgt/validate_user/";
  auto at = messages[0].body.find(marker);
  ASSERT_NE(at, std::string::npos);
  std::string secret = messages[0].body.substr(at + marker.size());
  ASSERT_TRUE(users().ValidateEmail(secret).has_value());
  EXPECT_EQ(users().ValidateEmail(secret).error().code, ErrorCode::kValidationLinkInvalid);
  auto admin = MakeUser("admin.user", true);
  EXPECT_TRUE(users().GetById(As(admin), created->user.id)->user.validated);
}

TEST_F(UserServiceTest, ValidationLinksExpire) {
  ASSERT_TRUE(users().Register(Input("fresh.name")).has_value());
  std::string body = notifier_.Messages().at(0).body;
  std::string secret = body.substr(body.rfind('/') + 1);
  clock_.now += settings_.email_validation_ttl;
  EXPECT_EQ(users().ValidateEmail(secret).error().code, ErrorCode::kValidationLinkInvalid);
}

TEST_F(UserServiceTest, SkippingValidationSendsNothing) {
  settings_.skip_email_validation = true;
  auto created = users().Register(Input("fresh.name"));
  ASSERT_TRUE(created.has_value());
  EXPECT_TRUE(created->user.validated);
  EXPECT_TRUE(notifier_.Messages().empty());
}

TEST_F(UserServiceTest, SuperuserHoldsEverySystemRoleOnly) {
  auto admin = MakeUser("admin.user", true);
  EXPECT_EQ(admin.entitlements.size(), 145u);
  for (const auto& e : admin.entitlements) EXPECT_EQ(e.bank_id, "");
}

TEST_F(UserServiceTest, LookupsNeedCanGetAnyUser) {
  auto plain = MakeUser("plain.user");
  auto refused = users().GetById(As(plain), plain.user.id);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kMissingRole);
  EXPECT_EQ(refused.error().detail, "CanGetAnyUser");
}

TEST_F(UserServiceTest, DeleteScramblesAndHidesTheUser) {
  auto admin = MakeUser("admin.user", true);
  auto victim = MakeUser("victim.user");
  ASSERT_TRUE(users().Delete(As(admin), victim.user.id).has_value());
  auto after = users().GetById(As(admin), victim.user.id);
  ASSERT_TRUE(after.has_value());
  EXPECT_TRUE(after->user.IsDeleted());
  EXPECT_TRUE(after->user.username.starts_with("DELETED-"));
  EXPECT_NE(after->user.email, victim.user.email);
  EXPECT_EQ(users().GetByUsername(As(admin), "victim.user").error().code,
            ErrorCode::kUserNotFoundByUsername);
  auto visible = users().List(As(admin), {.deleted = false}, std::nullopt);
  ASSERT_TRUE(visible.has_value());
  EXPECT_EQ(visible->size(), 1u);
  auto all = users().List(As(admin), {.deleted = std::nullopt}, std::nullopt);
  EXPECT_EQ(all->size(), 2u);
  EXPECT_EQ(users().Delete(As(admin), "no-such-id").error().code, ErrorCode::kUserNotFound);
}

TEST_F(UserServiceTest, UnlockFindsTheUserBeforeCheckingTheRoleAndLockTheReverse) {
  auto plain = MakeUser("plain.user");
  EXPECT_EQ(users().Unlock(As(plain), "nobody.here").error().code,
            ErrorCode::kUserNotFoundByUsername);
  EXPECT_EQ(users().Lock(As(plain), "nobody.here").error().code, ErrorCode::kMissingRole);
}

TEST_F(UserServiceTest, LockWritesALockViaApiAndUnlockClearsIt) {
  auto admin = MakeUser("admin.user", true);
  auto target = MakeUser("target.user");
  auto lock = users().Lock(As(admin), "target.user");
  ASSERT_TRUE(lock.has_value());
  EXPECT_EQ(lock->type_of_lock, "lock_via_api");
  EXPECT_EQ(lock->user_id, target.user.id);
  EXPECT_EQ(lock->last_lock_date, clock_.now);
  EXPECT_TRUE(users().GetById(As(admin), target.user.id)->is_locked);
  auto locked_only = users().List(As(admin), {.deleted = false}, true);
  ASSERT_EQ(locked_only->size(), 1u);
  EXPECT_EQ(locked_only->front().user.id, target.user.id);
  auto status = users().Unlock(As(admin), "target.user");
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->bad_attempts, 0);
  EXPECT_FALSE(users().GetById(As(admin), target.user.id)->is_locked);
}

}  // namespace
}  // namespace roster::testing
