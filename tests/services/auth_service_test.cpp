#include <gtest/gtest.h>

#include "services/service_fixture.h"

namespace roster::testing {
namespace {

using core::ErrorCode;

class AuthServiceTest : public ServiceTest {
 protected:
  std::string Consumer() {
    auto key = auth().CreateConsumer("app");
    EXPECT_TRUE(key.has_value());
    return *key;
  }
  ErrorCode LoginError(const std::string& user, const std::string& password,
                       const std::string& key) {
    auto token = auth().LoginWithPassword(user, password, key);
    EXPECT_FALSE(token.has_value());
    return token ? ErrorCode::kInternal : token.error().code;
  }
};

TEST_F(AuthServiceTest, LoginIssuesATokenThatAuthenticatesTheUser) {
  auto user = MakeUser("alice.smith");
  std::string key = Consumer();
  auto token = auth().LoginWithPassword("alice.smith", kPassword, key);
  ASSERT_TRUE(token.has_value());
  auto principal = auth().Authenticate(*token);
  ASSERT_TRUE(principal.has_value());
  EXPECT_EQ(principal->user.id, user.user.id);
}

TEST_F(AuthServiceTest, TokensAreStoredOnlyAsDigests) {
  MakeUser("alice.smith");
  auto token = auth().LoginWithPassword("alice.smith", kPassword, Consumer());
  ASSERT_TRUE(token.has_value());
  auto by_plain =
      ports::ReadTx(*store_, [&](ports::Tx& tx) { return tx.FindTokenWithUser(*token); });
  ASSERT_TRUE(by_plain.has_value());
  EXPECT_FALSE(by_plain->has_value());
  auto by_digest = ports::ReadTx(
      *store_, [&](ports::Tx& tx) { return tx.FindTokenWithUser(digest_.Digest(*token)); });
  ASSERT_TRUE(by_digest.has_value());
  EXPECT_TRUE(by_digest->has_value());
}

TEST_F(AuthServiceTest, SeveralTokensStayValid) {
  MakeUser("alice.smith");
  std::string key = Consumer();
  auto first = auth().LoginWithPassword("alice.smith", kPassword, key);
  auto second = auth().LoginWithPassword("alice.smith", kPassword, key);
  ASSERT_TRUE(first && second);
  EXPECT_NE(*first, *second);
  EXPECT_TRUE(auth().Authenticate(*first).has_value());
  EXPECT_TRUE(auth().Authenticate(*second).has_value());
}

TEST_F(AuthServiceTest, UnknownConsumerIsRefused) {
  MakeUser("alice.smith");
  EXPECT_EQ(LoginError("alice.smith", kPassword, "nope"), ErrorCode::kInvalidConsumer);
}

TEST_F(AuthServiceTest, UnknownUserAndWrongPasswordLookAlike) {
  MakeUser("alice.smith");
  std::string key = Consumer();
  EXPECT_EQ(LoginError("nobody.here", kPassword, key), ErrorCode::kInvalidCredentials);
  EXPECT_EQ(LoginError("alice.smith", "Wrong-pass1!", key), ErrorCode::kInvalidCredentials);
}

TEST_F(AuthServiceTest, SixthFailureLocksAndThenTheRightPasswordIsRefused) {
  MakeUser("alice.smith");
  std::string key = Consumer();
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(LoginError("alice.smith", "Wrong-pass1!", key), ErrorCode::kInvalidCredentials)
        << "attempt " << i + 1;
  }
  EXPECT_EQ(LoginError("alice.smith", kPassword, key), ErrorCode::kUserLocked);
}

TEST_F(AuthServiceTest, SuccessResetsTheCounter) {
  MakeUser("alice.smith");
  std::string key = Consumer();
  for (int i = 0; i < 5; ++i) LoginError("alice.smith", "Wrong-pass1!", key);
  ASSERT_TRUE(auth().LoginWithPassword("alice.smith", kPassword, key).has_value());
  for (int i = 0; i < 6; ++i) LoginError("alice.smith", "Wrong-pass1!", key);
  // Six more failures lock again only because the counter restarted at zero after the success.
  EXPECT_EQ(LoginError("alice.smith", kPassword, key), ErrorCode::kUserLocked);
}

TEST_F(AuthServiceTest, ALockRefusesLiveTokens) {
  auto admin = MakeUser("admin.user", /*superuser=*/true);
  MakeUser("alice.smith");
  auto token = auth().LoginWithPassword("alice.smith", kPassword, Consumer());
  ASSERT_TRUE(token.has_value());
  ASSERT_TRUE(users().Lock(As(admin), "alice.smith").has_value());
  auto refused = auth().Authenticate(*token);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kUserLocked);
  ASSERT_TRUE(users().Unlock(As(admin), "alice.smith").has_value());
  EXPECT_TRUE(auth().Authenticate(*token).has_value());
}

TEST_F(AuthServiceTest, TokensExpire) {
  MakeUser("alice.smith");
  auto token = auth().LoginWithPassword("alice.smith", kPassword, Consumer());
  ASSERT_TRUE(token.has_value());
  clock_.now += settings_.token_ttl;
  auto expired = auth().Authenticate(*token);
  ASSERT_FALSE(expired.has_value());
  EXPECT_EQ(expired.error().code, ErrorCode::kInvalidToken);
}

TEST_F(AuthServiceTest, RevokedTokenIsInvalid) {
  MakeUser("alice.smith");
  auto token = auth().LoginWithPassword("alice.smith", kPassword, Consumer());
  ASSERT_TRUE(token.has_value());
  ASSERT_TRUE(auth().RevokeToken(*token).has_value());
  EXPECT_EQ(auth().Authenticate(*token).error().code, ErrorCode::kInvalidToken);
}

TEST_F(AuthServiceTest, UnvalidatedUserCannotLogIn) {
  ASSERT_TRUE(
      users().Register({"bob.jones1", kPassword, "bob@example.com", "Bob", "Jones"}).has_value());
  EXPECT_EQ(LoginError("bob.jones1", kPassword, Consumer()), ErrorCode::kInvalidCredentials);
}

}  // namespace
}  // namespace roster::testing
