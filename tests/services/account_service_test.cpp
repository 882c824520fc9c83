#include "services/account_service.h"

#include <gtest/gtest.h>

#include "services/service_fixture.h"

namespace roster::testing {
namespace {

using core::ErrorCode;
using services::NewAccount;
using services::ViewRef;

class AccountServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    super_ = MakeUser("superuser1", true);
    owner_ = MakeUser("owneruser1");
    other_ = MakeUser("otheruser1");
    ASSERT_TRUE(entitlements().CreateBank(As(super_), {.id = "bank.1"}).has_value());
    ASSERT_TRUE(accounts().CreateAccount(As(owner_), Account("acc1")).has_value());
  }

  services::AccountService accounts() { return {ports(), settings_}; }

  static NewAccount Account(std::string id, std::string bank = "bank.1") {
    return {.bank_id = std::move(bank),
            .account_id = std::move(id),
            .label = "My Account",
            .product_code = "1234BW"};
  }

  std::vector<std::string> ViewIdsOf(const services::UserDetails& user) {
    auto views =
        ports::ReadTx(*store_, [&](ports::Tx& tx) { return tx.ListAccessOfUser(user.user.id); });
    EXPECT_TRUE(views.has_value());
    std::vector<std::string> ids;
    for (const auto& view : *views) ids.push_back(view.account_id + "/" + view.view_id);
    return ids;
  }

  static ErrorCode CodeOf(const auto& result) {
    EXPECT_FALSE(result.has_value());
    return result ? ErrorCode::kInternal : result.error().code;
  }

  services::UserDetails super_, owner_, other_;
};

TEST_F(AccountServiceTest, CreateAccountForSelfGrantsOwnerView) {
  NewAccount input = Account("acc2");
  input.routings = {{"OBP", "addr-1"}, {"IBAN", "DE00"}};
  auto account = accounts().CreateAccount(As(owner_), input);
  ASSERT_TRUE(account.has_value());
  EXPECT_EQ(account->owner_user_id, owner_.user.id);
  EXPECT_EQ(account->currency, "EUR");
  EXPECT_EQ(account->balance, "0");
  EXPECT_EQ(account->routings.size(), 2u);
  EXPECT_EQ(ViewIdsOf(owner_), (std::vector<std::string>{"acc1/owner", "acc2/owner"}));
}

TEST_F(AccountServiceTest, CreateAccountForAnotherUserNeedsTheBankRole) {
  NewAccount input = Account("acc3");
  input.user_id = other_.user.id;
  EXPECT_EQ(CodeOf(accounts().CreateAccount(As(owner_), input)), ErrorCode::kMissingRole);
  ASSERT_TRUE(entitlements().Grant(As(super_), owner_.user.id, "bank.1", "CanCreateAccount"));
  auto account = accounts().CreateAccount(As(owner_), input);
  ASSERT_TRUE(account.has_value());
  EXPECT_EQ(account->owner_user_id, other_.user.id);
  EXPECT_EQ(ViewIdsOf(other_), (std::vector<std::string>{"acc3/owner"}));
  EXPECT_EQ(ViewIdsOf(owner_), (std::vector<std::string>{"acc1/owner"}));

  input.account_id = "acc4";
  input.user_id = "no-such-user";
  EXPECT_EQ(CodeOf(accounts().CreateAccount(As(owner_), input)), ErrorCode::kUserNotFound);
}

TEST_F(AccountServiceTest, CreateAccountNamingTheCallerNeedsNoRole) {
  NewAccount input = Account("acc5");
  input.user_id = owner_.user.id;
  EXPECT_TRUE(accounts().CreateAccount(As(owner_), input).has_value());
}

TEST_F(AccountServiceTest, CreateAccountRejectsBadInputAndChangesNothing) {
  auto code = [&](NewAccount input) { return CodeOf(accounts().CreateAccount(As(owner_), input)); };
  EXPECT_EQ(code(Account("acc9", "bad bank")), ErrorCode::kInvalidBankId);
  EXPECT_EQ(code(Account("bad/id")), ErrorCode::kInvalidAccountId);
  EXPECT_EQ(code(Account("acc9", "nobank")), ErrorCode::kBankNotFound);
  EXPECT_EQ(code(Account("acc1")), ErrorCode::kAccountExists);
  NewAccount input = Account("acc9");
  input.amount = "ten";
  auto not_number = accounts().CreateAccount(As(owner_), input);
  ASSERT_FALSE(not_number.has_value());
  EXPECT_EQ(not_number.error().code, ErrorCode::kBalanceNotANumber);
  input.amount = "10.12";
  auto not_zero = accounts().CreateAccount(As(owner_), input);
  ASSERT_FALSE(not_zero.has_value());
  EXPECT_EQ(not_zero.error().code, ErrorCode::kInvalidBalance);
  input.amount = "0.00";
  input.currency = "EURO";
  EXPECT_EQ(code(input), ErrorCode::kInvalidCurrency);
  input.currency = "XBT";
  input.routings = {{"OBP", "a"}, {"OBP", "b"}};
  auto duplicate = accounts().CreateAccount(As(owner_), input);
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kDuplicateRoutingScheme);
  EXPECT_EQ(ViewIdsOf(owner_), (std::vector<std::string>{"acc1/owner"}));

  input.routings = {{"OBP", "shared"}};
  ASSERT_TRUE(accounts().CreateAccount(As(owner_), input).has_value());
  input.account_id = "acc10";
  EXPECT_EQ(code(input), ErrorCode::kAccountRoutingTaken);
  EXPECT_EQ(ViewIdsOf(owner_), (std::vector<std::string>{"acc1/owner", "acc9/owner"}));
}

TEST_F(AccountServiceTest, GrantAndRevokeByTheOwner) {
  auto granted = accounts().Grant(As(owner_), "bank.1", "acc1", other_.user.id, {"auditor", true});
  ASSERT_TRUE(granted.has_value());
  EXPECT_EQ(granted->id, "auditor");
  EXPECT_EQ(ViewIdsOf(other_), (std::vector<std::string>{"acc1/auditor"}));
  // Granting twice is harmless.
  EXPECT_TRUE(accounts().Grant(As(owner_), "bank.1", "acc1", other_.user.id, {"auditor", true}));

  // An auditor may neither grant nor revoke.
  EXPECT_EQ(CodeOf(accounts().Grant(As(other_), "bank.1", "acc1", other_.user.id, {"owner", true})),
            ErrorCode::kCannotGrantView);
  EXPECT_EQ(
      CodeOf(accounts().Revoke(As(other_), "bank.1", "acc1", owner_.user.id, {"owner", true})),
      ErrorCode::kCannotRevokeView);

  auto revoked = accounts().Revoke(As(owner_), "bank.1", "acc1", other_.user.id, {"auditor", true});
  ASSERT_TRUE(revoked.has_value());
  EXPECT_TRUE(*revoked);
  EXPECT_TRUE(ViewIdsOf(other_).empty());
  auto again = accounts().Revoke(As(owner_), "bank.1", "acc1", other_.user.id, {"auditor", true});
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(*again);
}

TEST_F(AccountServiceTest, GrantErrors) {
  auto grant = [&](const services::UserDetails& caller, std::string bank, std::string account,
                   std::string user, ViewRef view) {
    return CodeOf(accounts().Grant(As(caller), bank, account, user, view));
  };
  EXPECT_EQ(grant(owner_, "nobank", "acc1", other_.user.id, {"auditor", true}),
            ErrorCode::kBankNotFound);
  EXPECT_EQ(grant(owner_, "bank.1", "nope", other_.user.id, {"auditor", true}),
            ErrorCode::kAccountNotFound);
  EXPECT_EQ(grant(owner_, "bank.1", "acc1", other_.user.id, {"nosuchview", true}),
            ErrorCode::kViewNotFound);
  EXPECT_EQ(grant(owner_, "bank.1", "acc1", other_.user.id, {"auditor", false}),
            ErrorCode::kViewNotFound);
  EXPECT_EQ(grant(owner_, "bank.1", "acc1", "no-such-user", {"auditor", true}),
            ErrorCode::kUserNotFound);
  EXPECT_EQ(grant(other_, "bank.1", "acc1", other_.user.id, {"auditor", true}),
            ErrorCode::kCannotGrantView);
  EXPECT_TRUE(ViewIdsOf(other_).empty());
}

TEST_F(AccountServiceTest, TheLastOwnerViewCannotBeRevoked) {
  auto last = accounts().Revoke(As(owner_), "bank.1", "acc1", owner_.user.id, {"owner", true});
  ASSERT_FALSE(last.has_value());
  EXPECT_EQ(last.error().code, ErrorCode::kLastOwnerView);
  EXPECT_EQ(ViewIdsOf(owner_), (std::vector<std::string>{"acc1/owner"}));

  ASSERT_TRUE(accounts().Grant(As(owner_), "bank.1", "acc1", other_.user.id, {"owner", true}));
  auto revoked = accounts().Revoke(As(owner_), "bank.1", "acc1", owner_.user.id, {"owner", true});
  ASSERT_TRUE(revoked.has_value());
  EXPECT_TRUE(ViewIdsOf(owner_).empty());
}

TEST_F(AccountServiceTest, Permissions) {
  ASSERT_TRUE(accounts().Grant(As(owner_), "bank.1", "acc1", other_.user.id, {"auditor", true}));
  ASSERT_TRUE(accounts().Grant(As(owner_), "bank.1", "acc1", other_.user.id, {"accountant", true}));
  auto all = accounts().ListPermissions(As(owner_), "bank.1", "acc1");
  ASSERT_TRUE(all.has_value());
  ASSERT_EQ(all->size(), 2u);
  for (const auto& entry : *all) {
    std::vector<std::string> ids;
    for (const auto& view : entry.views) ids.emplace_back(view.id);
    if (entry.user.id == owner_.user.id) {
      EXPECT_EQ(ids, (std::vector<std::string>{"owner"}));
    } else {
      EXPECT_EQ(entry.user.id, other_.user.id);
      EXPECT_EQ(ids, (std::vector<std::string>{"accountant", "auditor"}));
    }
  }
  EXPECT_EQ(CodeOf(accounts().ListPermissions(As(other_), "bank.1", "acc1")),
            ErrorCode::kNoViewPermission);
  EXPECT_EQ(CodeOf(accounts().ListPermissions(As(owner_), "bank.1", "nope")),
            ErrorCode::kAccountNotFound);

  auto one = accounts().PermissionsOfUser(As(owner_), "bank.1", "acc1", other_.user.provider,
                                          other_.user.provider_id);
  ASSERT_TRUE(one.has_value());
  ASSERT_EQ(one->size(), 2u);
  EXPECT_EQ((*one)[0].id, "accountant");
  EXPECT_EQ(CodeOf(accounts().PermissionsOfUser(As(owner_), "bank.1", "acc1", "elsewhere",
                                                other_.user.provider_id)),
            ErrorCode::kUserNotFoundByProvider);
  EXPECT_EQ(CodeOf(accounts().PermissionsOfUser(As(other_), "bank.1", "acc1", owner_.user.provider,
                                                owner_.user.provider_id)),
            ErrorCode::kNoViewPermission);
}

TEST_F(AccountServiceTest, ReplaceMyViews) {
  ASSERT_TRUE(accounts().Grant(As(owner_), "bank.1", "acc1", other_.user.id, {"owner", true}));
  ASSERT_TRUE(accounts().ReplaceMyViews(As(owner_), "bank.1", "acc1",
                                        {{"auditor", true}, {"standard", true}}));
  EXPECT_EQ(ViewIdsOf(owner_), (std::vector<std::string>{"acc1/auditor", "acc1/standard"}));
  // An auditor cannot revoke its own views.
  EXPECT_EQ(CodeOf(accounts().ReplaceMyViews(As(owner_), "bank.1", "acc1", {})),
            ErrorCode::kCannotRevokeView);
  // The last owner cannot drop the owner view.
  EXPECT_EQ(CodeOf(accounts().ReplaceMyViews(As(other_), "bank.1", "acc1", {{"auditor", true}})),
            ErrorCode::kLastOwnerView);
  EXPECT_EQ(CodeOf(accounts().ReplaceMyViews(As(other_), "bank.1", "acc1", {{"x", true}})),
            ErrorCode::kViewNotFound);
  EXPECT_EQ(ViewIdsOf(other_), (std::vector<std::string>{"acc1/owner"}));
}

TEST_F(AccountServiceTest, CreateDauthUserWithAccess) {
  services::DauthAccess access{.username = "0xe123425E7734CE288F8367e1Bb143E90bb3F051224",
                               .provider = "dauth.AIRNODE.TESTNET.ETHEREUM",
                               .views = {{"auditor", true}, {"auditor", true}}};
  auto views = accounts().CreateUserWithAccess(As(owner_), "bank.1", "acc1", access);
  ASSERT_TRUE(views.has_value());
  ASSERT_EQ(views->size(), 1u);
  auto user = ports::ReadTx(*store_, [&](ports::Tx& tx) {
    return tx.FindUserByProvider(access.provider, access.username);
  });
  ASSERT_TRUE(user.has_value() && user->has_value());
  EXPECT_TRUE((*user)->validated);
  EXPECT_TRUE((*user)->password_hash.empty());
  EXPECT_EQ((*user)->state, core::UserState::kActive);
  // The second call finds the same user.
  access.views = {{"standard", true}};
  ASSERT_TRUE(accounts().CreateUserWithAccess(As(owner_), "bank.1", "acc1", access));
  services::UserDetails dauth{.user = **user};
  EXPECT_EQ(ViewIdsOf(dauth), (std::vector<std::string>{"acc1/auditor", "acc1/standard"}));

  access.provider = "ETHEREUM";
  EXPECT_EQ(CodeOf(accounts().CreateUserWithAccess(As(owner_), "bank.1", "acc1", access)),
            ErrorCode::kInvalidProvider);
  access.provider = "dauth.net";
  access.username = "newcontract1";
  EXPECT_EQ(CodeOf(accounts().CreateUserWithAccess(As(other_), "bank.1", "acc1", access)),
            ErrorCode::kCannotGrantView);
  auto absent = ports::ReadTx(
      *store_, [&](ports::Tx& tx) { return tx.FindUserByProvider("dauth.net", "newcontract1"); });
  ASSERT_TRUE(absent.has_value());
  EXPECT_FALSE(absent->has_value());
}

TEST_F(AccountServiceTest, RefreshUserRestoresTheOwnerView) {
  ASSERT_TRUE(accounts().Grant(As(owner_), "bank.1", "acc1", other_.user.id, {"owner", true}));
  ASSERT_TRUE(accounts().Grant(As(other_), "bank.1", "acc1", owner_.user.id, {"auditor", true}));
  ASSERT_TRUE(accounts().Revoke(As(other_), "bank.1", "acc1", owner_.user.id, {"owner", true}));
  EXPECT_EQ(ViewIdsOf(owner_), (std::vector<std::string>{"acc1/auditor"}));

  EXPECT_EQ(CodeOf(accounts().RefreshUser(As(owner_), owner_.user.id)), ErrorCode::kMissingRole);
  EXPECT_EQ(CodeOf(accounts().RefreshUser(As(super_), "no-such-user")), ErrorCode::kUserNotFound);
  ASSERT_TRUE(accounts().RefreshUser(As(super_), owner_.user.id).has_value());
  EXPECT_EQ(ViewIdsOf(owner_), (std::vector<std::string>{"acc1/auditor", "acc1/owner"}));
}

TEST_F(AccountServiceTest, UserDetailsListTheViews) {
  auto details = users().Current(As(owner_));
  ASSERT_TRUE(details.has_value());
  ASSERT_EQ(details->views.size(), 1u);
  EXPECT_EQ(details->views[0].view_id, "owner");
}

}  // namespace
}  // namespace roster::testing
