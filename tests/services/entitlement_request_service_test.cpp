#include "services/entitlement_request_service.h"

#include <gtest/gtest.h>

#include "services/service_fixture.h"

namespace roster::testing {
namespace {

using core::ErrorCode;
using services::DauthUserRoles;

class EntitlementRequestServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    admin_ = MakeUser("admin.user", true);
    user_ = MakeUser("plain.user");
    ASSERT_TRUE(entitlements().CreateBank(As(admin_), {.id = "bank.one"}).has_value());
  }
  services::EntitlementRequestService requests() { return {ports(), settings_}; }
  ErrorCode CreateError(const std::string& bank, const std::string& role) {
    auto r = requests().Create(As(user_), bank, role);
    EXPECT_FALSE(r.has_value());
    return r ? ErrorCode::kInternal : r.error().code;
  }
  ErrorCode DauthError(const services::UserDetails& caller, const DauthUserRoles& input) {
    auto r = requests().CreateDauthUserWithRoles(As(caller), input);
    EXPECT_FALSE(r.has_value());
    return r ? ErrorCode::kInternal : r.error().code;
  }
  std::optional<core::User> FindDauthUser(const std::string& provider, const std::string& name) {
    auto found = ports::ReadTx(
        *store_, [&](ports::Tx& tx) { return tx.FindUserByProvider(provider, name); });
    EXPECT_TRUE(found.has_value());
    return found ? *found : std::nullopt;
  }
  std::size_t EntitlementCount(const std::string& user_id) {
    auto list =
        ports::ReadTx(*store_, [&](ports::Tx& tx) { return tx.ListEntitlementsOfUser(user_id); });
    EXPECT_TRUE(list.has_value());
    return list ? list->size() : 0;
  }
  services::UserDetails admin_;
  services::UserDetails user_;
};

TEST_F(EntitlementRequestServiceTest, CreateChecksInTheReferenceOrder) {
  EXPECT_EQ(CreateError("no.such.bank", "CanFlyToTheMoon"), ErrorCode::kBankNotFound);
  EXPECT_EQ(CreateError("", "CanFlyToTheMoon"), ErrorCode::kInvalidRoleName);
  EXPECT_EQ(CreateError("", "CanCreateAccount"), ErrorCode::kBankRoleNeedsBank);
  EXPECT_EQ(CreateError("bank.one", "CanGetAnyUser"), ErrorCode::kSystemRoleNeedsNoBank);
  ASSERT_TRUE(requests().Create(As(user_), "", "CanGetAnyUser").has_value());
  EXPECT_EQ(CreateError("", "CanGetAnyUser"), ErrorCode::kEntitlementRequestExists);
  // Refused requests stored nothing: only the one that succeeded is listed.
  auto mine = requests().ListMine(As(user_));
  ASSERT_TRUE(mine.has_value());
  EXPECT_EQ(mine->size(), 1u);
}

TEST_F(EntitlementRequestServiceTest, CreateReturnsTheRequestWithItsUser) {
  auto created = requests().Create(As(user_), "bank.one", "CanCreateAccount");
  ASSERT_TRUE(created.has_value());
  EXPECT_FALSE(created->request.id.empty());
  EXPECT_EQ(created->request.user_id, user_.user.id);
  EXPECT_EQ(created->request.bank_id, "bank.one");
  EXPECT_EQ(created->request.role_name, "CanCreateAccount");
  EXPECT_EQ(created->request.created_at, clock_.now);
  EXPECT_EQ(created->user.user.username, "plain.user");
  // A request grants nothing by itself.
  EXPECT_EQ(EntitlementCount(user_.user.id), 0u);
}

TEST_F(EntitlementRequestServiceTest, ListsNeedTheRoleExceptMine) {
  ASSERT_TRUE(requests().Create(As(user_), "", "CanGetAnyUser").has_value());
  ASSERT_TRUE(requests().Create(As(admin_), "", "CanCreateBank").has_value());

  EXPECT_EQ(requests().ListAll(As(user_)).error().code, ErrorCode::kMissingRole);
  EXPECT_EQ(requests().ListAll(As(user_)).error().detail, "CanGetEntitlementRequestsAtAnyBank");
  EXPECT_EQ(requests().ListForUser(As(user_), user_.user.id).error().code, ErrorCode::kMissingRole);

  auto all = requests().ListAll(As(admin_));
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->size(), 2u);
  auto of_user = requests().ListForUser(As(admin_), user_.user.id);
  ASSERT_TRUE(of_user.has_value());
  ASSERT_EQ(of_user->size(), 1u);
  EXPECT_EQ((*of_user)[0].request.role_name, "CanGetAnyUser");
  auto unknown = requests().ListForUser(As(admin_), "no-such-user");
  ASSERT_TRUE(unknown.has_value());
  EXPECT_TRUE(unknown->empty());

  auto mine = requests().ListMine(As(user_));
  ASSERT_TRUE(mine.has_value());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].user.user.id, user_.user.id);
}

TEST_F(EntitlementRequestServiceTest, DeleteNeedsTheRoleAndAKnownId) {
  auto created = requests().Create(As(user_), "", "CanGetAnyUser");
  ASSERT_TRUE(created.has_value());
  auto denied = requests().Delete(As(user_), created->request.id);
  ASSERT_FALSE(denied.has_value());
  EXPECT_EQ(denied.error().code, ErrorCode::kMissingRole);
  EXPECT_EQ(denied.error().detail, "CanDeleteEntitlementRequestsAtAnyBank");
  EXPECT_EQ(requests().ListMine(As(user_))->size(), 1u);

  EXPECT_EQ(requests().Delete(As(admin_), "no-such-request").error().code,
            ErrorCode::kEntitlementRequestNotFound);
  ASSERT_TRUE(requests().Delete(As(admin_), created->request.id).has_value());
  EXPECT_TRUE(requests().ListMine(As(user_))->empty());
  EXPECT_EQ(requests().Delete(As(admin_), created->request.id).error().code,
            ErrorCode::kEntitlementRequestNotFound);
}

TEST_F(EntitlementRequestServiceTest, DauthUserIsCreatedWithItsRoles) {
  DauthUserRoles input{.username = "0xabc123",
                       .provider = "dauth.ethereum",
                       .roles = {{"", "CanGetAnyUser"}, {"bank.one", "CanCreateAccount"}}};
  auto granted = requests().CreateDauthUserWithRoles(As(admin_), input);
  ASSERT_TRUE(granted.has_value());
  auto user = FindDauthUser("dauth.ethereum", "0xabc123");
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->username, "0xabc123");
  EXPECT_EQ(user->provider_id, "0xabc123");
  EXPECT_TRUE(user->validated);
  EXPECT_TRUE(user->password_hash.empty());
  EXPECT_EQ(user->state, core::UserState::kActive);
  ASSERT_EQ(granted->size(), 2u);
  EXPECT_EQ((*granted)[0].role_name, "CanGetAnyUser");
  EXPECT_EQ((*granted)[0].user_id, user->id);
  EXPECT_EQ((*granted)[1].bank_id, "bank.one");
  EXPECT_EQ(EntitlementCount(user->id), 2u);

  // A second call fetches the same user; a repeated role is a duplicate and adds nothing.
  input.roles = {{"", "CanCreateBank"}};
  auto more = requests().CreateDauthUserWithRoles(As(admin_), input);
  ASSERT_TRUE(more.has_value());
  EXPECT_EQ((*more)[0].user_id, user->id);
  EXPECT_EQ(EntitlementCount(user->id), 3u);
  input.roles = {{"", "CanGetUsersWithAttributes"}, {"", "CanGetAnyUser"}};
  EXPECT_EQ(DauthError(admin_, input), ErrorCode::kEntitlementExists);
  EXPECT_EQ(EntitlementCount(user->id), 3u);
}

TEST_F(EntitlementRequestServiceTest, DauthRefusalStoresNothing) {
  DauthUserRoles input{.username = "0xdef456", .provider = "ethereum", .roles = {}};
  EXPECT_EQ(DauthError(admin_, input), ErrorCode::kInvalidProvider);
  input.provider = "dauth.ethereum";
  input.username = "";
  EXPECT_EQ(DauthError(admin_, input), ErrorCode::kInvalidJson);
  input.username = "0xdef456";
  input.roles = {{"", "CanGetAnyUser"}, {"", "CanFlyToTheMoon"}};
  EXPECT_EQ(DauthError(admin_, input), ErrorCode::kInvalidRoleName);
  input.roles = {{"", "CanGetAnyUser"}, {"", "CanCreateAccount"}};
  EXPECT_EQ(DauthError(admin_, input), ErrorCode::kBankRoleNeedsBank);
  input.roles = {{"", "CanGetAnyUser"}, {"bank.one", "CanCreateBank"}};
  EXPECT_EQ(DauthError(admin_, input), ErrorCode::kSystemRoleNeedsNoBank);
  input.roles = {{"", "CanGetAnyUser"}, {"no.such.bank", "CanCreateAccount"}};
  EXPECT_EQ(DauthError(admin_, input), ErrorCode::kBankNotFound);
  input.roles = {{"", "CanGetAnyUser"}, {"", "CanGetAnyUser"}};
  EXPECT_EQ(DauthError(admin_, input), ErrorCode::kEntitlementExists);
  EXPECT_FALSE(FindDauthUser("dauth.ethereum", "0xdef456").has_value());
}

TEST_F(EntitlementRequestServiceTest, DauthCallerWithoutAnyBankRoleGrantsOnlyItsOwnRoles) {
  ASSERT_TRUE(entitlements().Grant(As(admin_), user_.user.id, "", "CanGetAnyUser").has_value());
  ASSERT_TRUE(
      entitlements().Grant(As(admin_), user_.user.id, "bank.one", "CanCreateAccount").has_value());
  DauthUserRoles input{.username = "0x777",
                       .provider = "dauth.ethereum",
                       .roles = {{"", "CanGetAnyUser"}, {"", "CanCreateBank"}}};
  auto denied = requests().CreateDauthUserWithRoles(As(user_), input);
  ASSERT_FALSE(denied.has_value());
  EXPECT_EQ(denied.error().code, ErrorCode::kMissingRole);
  EXPECT_EQ(denied.error().detail, "CanCreateBank");
  EXPECT_FALSE(FindDauthUser("dauth.ethereum", "0x777").has_value());

  input.roles = {{"", "CanGetAnyUser"}, {"bank.one", "CanCreateAccount"}};
  auto granted = requests().CreateDauthUserWithRoles(As(user_), input);
  ASSERT_TRUE(granted.has_value());
  EXPECT_EQ(granted->size(), 2u);
}

}  // namespace
}  // namespace roster::testing
