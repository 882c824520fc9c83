#include <gtest/gtest.h>

#include "services/service_fixture.h"

namespace roster::testing {
namespace {

using core::ErrorCode;

class EntitlementServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    admin_ = MakeUser("admin.user", true);
    user_ = MakeUser("plain.user");
    ASSERT_TRUE(entitlements().CreateBank(As(admin_), {.id = "bank.one"}).has_value());
    ASSERT_TRUE(entitlements().CreateBank(As(admin_), {.id = "bank.two"}).has_value());
  }
  ErrorCode GrantError(const services::UserDetails& caller, const std::string& bank,
                       const std::string& role, const std::string& target = "") {
    auto r = entitlements().Grant(As(caller), target.empty() ? user_.user.id : target, bank, role);
    EXPECT_FALSE(r.has_value());
    return r ? ErrorCode::kInternal : r.error().code;
  }
  services::UserDetails admin_;
  services::UserDetails user_;
};

TEST_F(EntitlementServiceTest, ChecksInTheReferenceOrder) {
  EXPECT_EQ(GrantError(admin_, "", "CanGetAnyUser", "no-such-user"), ErrorCode::kUserNotFound);
  EXPECT_EQ(GrantError(admin_, "", "CanFlyToTheMoon"), ErrorCode::kInvalidRoleName);
  EXPECT_EQ(GrantError(admin_, "", "CanCreateAccount"), ErrorCode::kBankRoleNeedsBank);
  EXPECT_EQ(GrantError(admin_, "bank.one", "CanGetAnyUser"), ErrorCode::kSystemRoleNeedsNoBank);
  EXPECT_EQ(GrantError(user_, "", "CanGetAnyUser"), ErrorCode::kMissingRole);
  EXPECT_EQ(GrantError(admin_, "no.such.bank", "CanCreateAccount"), ErrorCode::kBankNotFound);
  ASSERT_TRUE(entitlements().Grant(As(admin_), user_.user.id, "", "CanGetAnyUser").has_value());
  EXPECT_EQ(GrantError(admin_, "", "CanGetAnyUser"), ErrorCode::kEntitlementExists);
}

TEST_F(EntitlementServiceTest, AGrantTakesEffectAndARevokeRemovesIt) {
  auto grant = entitlements().Grant(As(admin_), user_.user.id, "", "CanGetAnyUser");
  ASSERT_TRUE(grant.has_value());
  EXPECT_TRUE(users().GetById(As(user_), admin_.user.id).has_value());
  ASSERT_TRUE(entitlements().Revoke(As(admin_), user_.user.id, grant->id).has_value());
  EXPECT_EQ(users().GetById(As(user_), admin_.user.id).error().code, ErrorCode::kMissingRole);
  EXPECT_EQ(entitlements().Revoke(As(admin_), user_.user.id, grant->id).error().code,
            ErrorCode::kEntitlementNotFound);
}

TEST_F(EntitlementServiceTest, RevokeRefusesAnotherUsersEntitlement) {
  auto grant = entitlements().Grant(As(admin_), user_.user.id, "", "CanGetAnyUser");
  ASSERT_TRUE(grant.has_value());
  EXPECT_EQ(entitlements().Revoke(As(admin_), admin_.user.id, grant->id).error().code,
            ErrorCode::kEntitlementNotOwned);
}

TEST_F(EntitlementServiceTest, OneBankGranterIsLimitedToItsBank) {
  ASSERT_TRUE(entitlements()
                  .Grant(As(admin_), user_.user.id, "bank.one", "CanCreateEntitlementAtOneBank")
                  .has_value());
  auto other = MakeUser("other.user");
  EXPECT_TRUE(
      entitlements().Grant(As(user_), other.user.id, "bank.one", "CanCreateAccount").has_value());
  auto refused = entitlements().Grant(As(user_), other.user.id, "bank.two", "CanCreateAccount");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kMissingRole);
  EXPECT_EQ(refused.error().detail,
            "CanCreateEntitlementAtOneBank or CanCreateEntitlementAtAnyBank for "
            "BankId(bank.two).");
}

TEST_F(EntitlementServiceTest, ListsByUserBankAndCaller) {
  ASSERT_TRUE(
      entitlements().Grant(As(admin_), user_.user.id, "bank.one", "CanCreateAccount").has_value());
  ASSERT_TRUE(
      entitlements().Grant(As(admin_), user_.user.id, "bank.two", "CanCreateAccount").has_value());
  EXPECT_EQ(entitlements().ListForUser(As(admin_), user_.user.id)->size(), 2u);
  auto at_one = entitlements().ListForUserAtBank(As(admin_), "bank.one", user_.user.id);
  ASSERT_EQ(at_one->size(), 1u);
  EXPECT_EQ(at_one->front().bank_id, "bank.one");
  EXPECT_EQ(entitlements().ListForBank(As(admin_), "bank.two")->size(), 1u);
  EXPECT_EQ(entitlements().ListMine(As(user_))->size(), 2u);
  EXPECT_EQ(entitlements().ListForBank(As(admin_), "nope").error().code, ErrorCode::kBankNotFound);
  EXPECT_EQ(entitlements().ListForUser(As(user_), admin_.user.id).error().code,
            ErrorCode::kMissingRole);
}

TEST_F(EntitlementServiceTest, BanksNeedCanCreateBankAndAValidId) {
  EXPECT_EQ(entitlements().CreateBank(As(user_), {.id = "bank.three"}).error().code,
            ErrorCode::kMissingRole);
  EXPECT_EQ(entitlements().CreateBank(As(admin_), {.id = "bad id!"}).error().code,
            ErrorCode::kInvalidBankId);
  EXPECT_EQ(entitlements().CreateBank(As(admin_), {.id = "bank.one"}).error().code,
            ErrorCode::kBankExists);
  EXPECT_EQ(entitlements().ListBanks()->size(), 2u);
}

}  // namespace
}  // namespace roster::testing
