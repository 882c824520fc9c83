#include "services/password_reset_service.h"

#include <gtest/gtest.h>

#include "services/service_fixture.h"

namespace roster::testing {
namespace {

using core::ErrorCode;

constexpr std::string_view kNewPassword = "Zyxwvuts9$";

class PasswordResetServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    settings_.reset_password_url_enabled = true;
    admin_ = MakeUser("admin.user", true);
    user_ = MakeUser("plain.user");
  }
  services::PasswordResetService resets() { return {ports(), settings_}; }
  services::ResetLinkRequest For(const services::UserDetails& details) {
    return {details.user.username, details.user.email, details.user.id};
  }
  // The secret of a link issued for user_ ("" after a test failure).
  std::string IssueSecret() {
    auto url = resets().CreateLink(As(admin_), For(user_));
    EXPECT_TRUE(url.has_value());
    const std::string prefix = settings_.hostname + "/user_mgt/reset_password/";
    EXPECT_TRUE(url && url->starts_with(prefix)) << (url ? *url : "");
    return url && url->starts_with(prefix) ? url->substr(prefix.size()) : "";
  }
  services::UserDetails admin_;
  services::UserDetails user_;
};

TEST_F(PasswordResetServiceTest, LinkNeedsTheSwitchAndTheRole) {
  settings_.reset_password_url_enabled = false;
  EXPECT_EQ(resets().CreateLink(As(admin_), For(user_)).error().code, ErrorCode::kEndpointDisabled);
  settings_.reset_password_url_enabled = true;
  auto denied = resets().CreateLink(As(user_), For(user_));
  ASSERT_FALSE(denied.has_value());
  EXPECT_EQ(denied.error().code, ErrorCode::kMissingRole);
  EXPECT_EQ(denied.error().detail, "CanCreateResetPasswordUrl");
}

TEST_F(PasswordResetServiceTest, LinkIsEmptyUnlessAllThreeMatch) {
  auto expect_empty = [&](services::ResetLinkRequest request) {
    auto url = resets().CreateLink(As(admin_), request);
    ASSERT_TRUE(url.has_value());
    EXPECT_EQ(*url, "");
  };
  auto request = For(user_);
  request.email = "other@example.com";
  expect_empty(request);
  request = For(user_);
  request.user_id = admin_.user.id;
  expect_empty(request);
  request = For(user_);
  request.username = "no.such.user";
  expect_empty(request);

  auto unvalidated = users().CreateByOperator(
      {"fresh.user", kPassword, "fresh@example.com", "F", "L"}, false, false);
  ASSERT_TRUE(unvalidated.has_value());
  expect_empty(For(*unvalidated));

  std::string secret = IssueSecret();
  EXPECT_EQ(secret.size(), 32u);
}

TEST_F(PasswordResetServiceTest, ResetSetsThePasswordOnceAndRevokesTokens) {
  // A token stored directly: the fixture has no consumer to log in with.
  core::Token record{.digest = digest_.Digest("old-token"),
                     .user_id = user_.user.id,
                     .consumer_id = "c",
                     .created_at = clock_.now,
                     .expires_at = clock_.now + std::chrono::hours(1)};
  ASSERT_TRUE(
      ports::WriteTx(*store_, [&](ports::Tx& tx) { return tx.InsertToken(record); }).has_value());
  ASSERT_TRUE(auth().Authenticate("old-token").has_value());
  ASSERT_TRUE(ports::WriteTx(*store_, [&](ports::Tx& tx) {
                return tx.RecordFailedLogin(settings_.hostname, "plain.user", clock_.now);
              }).has_value());

  std::string secret = IssueSecret();
  ASSERT_TRUE(resets().Reset(secret, kNewPassword).has_value());

  auto user = ports::ReadTx(*store_, [&](ports::Tx& tx) { return tx.FindUserById(user_.user.id); });
  ASSERT_TRUE(user.has_value() && user->has_value());
  EXPECT_TRUE(hasher_.Verify((*user)->password_hash, kNewPassword));
  EXPECT_FALSE(hasher_.Verify((*user)->password_hash, kPassword));
  EXPECT_EQ((*user)->version, user_.user.version + 1);
  EXPECT_EQ(auth().Authenticate("old-token").error().code, ErrorCode::kInvalidToken);
  auto attempts = ports::ReadTx(*store_, [&](ports::Tx& tx) {
    return tx.GetLoginAttempts(settings_.hostname, "plain.user");
  });
  ASSERT_TRUE(attempts.has_value());
  EXPECT_EQ(attempts->bad_attempts, 0);

  EXPECT_EQ(resets().Reset(secret, "Another1pass!").error().code, ErrorCode::kResetLinkInvalid);
}

TEST_F(PasswordResetServiceTest, AWeakPasswordLeavesTheLinkUsable) {
  std::string secret = IssueSecret();
  EXPECT_EQ(resets().Reset(secret, "weak").error().code, ErrorCode::kInvalidPassword);
  EXPECT_TRUE(resets().Reset(secret, kNewPassword).has_value());
}

TEST_F(PasswordResetServiceTest, UnknownAndExpiredLinksAreRefused) {
  EXPECT_EQ(resets().Reset("NOSUCHSECRET", kNewPassword).error().code,
            ErrorCode::kResetLinkInvalid);
  std::string secret = IssueSecret();
  clock_.now += settings_.password_reset_ttl;
  EXPECT_EQ(resets().Reset(secret, kNewPassword).error().code, ErrorCode::kResetLinkInvalid);
  auto user = ports::ReadTx(*store_, [&](ports::Tx& tx) { return tx.FindUserById(user_.user.id); });
  ASSERT_TRUE(user.has_value() && user->has_value());
  EXPECT_TRUE(hasher_.Verify((*user)->password_hash, kPassword));
}

}  // namespace
}  // namespace roster::testing
