#include "core/views.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace roster::core {
namespace {

TEST(SystemViews, CatalogueHasTheOwnerAndTheReadOnlyViews) {
  std::vector<std::string> ids;
  for (const SystemView& view : SystemViews()) ids.emplace_back(view.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"owner", "accountant", "auditor", "standard"}));
  EXPECT_EQ(FindSystemView("owner")->short_name, "Owner View");
  EXPECT_FALSE(FindSystemView("Owner").has_value());
  EXPECT_FALSE(FindSystemView("custom_view").has_value());
  EXPECT_FALSE(FindSystemView("").has_value());
}

TEST(SystemViews, OwnerGrantsRevokesAndSeesEverything) {
  SystemView owner = *FindSystemView(kOwnerViewId);
  for (const SystemView& view : SystemViews()) {
    EXPECT_TRUE(owner.CanGrant(view.id)) << view.id;
    EXPECT_TRUE(owner.CanRevoke(view.id)) << view.id;
  }
  EXPECT_FALSE(owner.CanGrant("firehose"));
  EXPECT_TRUE(owner.can_see_views_with_permissions_for_all_users);
  EXPECT_TRUE(owner.can_see_views_with_permissions_for_one_user);
}

TEST(SystemViews, OtherViewsManageNothing) {
  for (std::string_view id : {"accountant", "auditor", "standard"}) {
    SystemView view = *FindSystemView(id);
    for (const SystemView& target : SystemViews()) {
      EXPECT_FALSE(view.CanGrant(target.id)) << id << " -> " << target.id;
      EXPECT_FALSE(view.CanRevoke(target.id)) << id << " -> " << target.id;
    }
    EXPECT_FALSE(view.can_see_views_with_permissions_for_all_users) << id;
    EXPECT_FALSE(view.can_see_views_with_permissions_for_one_user) << id;
  }
}

TEST(SystemViews, DataPermissions) {
  auto names = ViewDataPermissions();
  EXPECT_EQ(names.size(), 72u);
  EXPECT_EQ(std::set<std::string_view>(names.begin(), names.end()).size(), names.size());
  SystemView owner = *FindSystemView("owner");
  SystemView auditor = *FindSystemView("auditor");
  SystemView standard = *FindSystemView("standard");
  EXPECT_TRUE(owner.HasDataPermission("can_add_comment"));
  EXPECT_FALSE(auditor.HasDataPermission("can_add_comment"));
  EXPECT_TRUE(auditor.HasDataPermission("can_see_owner_comment"));
  EXPECT_FALSE(standard.HasDataPermission("can_see_owner_comment"));
  EXPECT_TRUE(standard.HasDataPermission("can_see_bank_account_balance"));
  EXPECT_TRUE(standard.HasDataPermission("can_see_transaction_amount"));
}

TEST(SystemViews, V300OnlyPermissions) {
  int v300_only = 0;
  for (std::string_view name : ViewDataPermissions()) v300_only += IsViewJsonV300Only(name);
  EXPECT_EQ(v300_only, 12);
  EXPECT_TRUE(IsViewJsonV300Only("can_query_available_funds"));
  EXPECT_TRUE(IsViewJsonV300Only("can_see_bank_account_credit_limit"));
  EXPECT_FALSE(IsViewJsonV300Only("can_see_where_tag"));
  EXPECT_FALSE(IsViewJsonV300Only("can_add_comment"));
}

TEST(AccountRules, AccountIdFormat) {
  EXPECT_TRUE(IsValidAccountId("8ca8a7e4-6d02-40e3-a129-0b2bf89de9f0"));
  EXPECT_TRUE(IsValidAccountId("gh.29.uk"));
  EXPECT_TRUE(IsValidAccountId("a_b-c.d"));
  EXPECT_TRUE(IsValidAccountId(std::string(254, 'a')));
  EXPECT_FALSE(IsValidAccountId(std::string(255, 'a')));
  EXPECT_FALSE(IsValidAccountId(""));
  EXPECT_FALSE(IsValidAccountId("a b"));
  EXPECT_FALSE(IsValidAccountId("a/b"));
  EXPECT_FALSE(IsValidAccountId("caf\xc3\xa9"));
}

TEST(AccountRules, Currencies) {
  for (std::string_view code : {"EUR", "USD", "GBP", "JPY", "CHF", "XBT", "XAU"}) {
    EXPECT_TRUE(IsKnownCurrency(code)) << code;
  }
  for (std::string_view code : {"eur", "EURO", "", "ABC", "BTC", "XYZ"}) {
    EXPECT_FALSE(IsKnownCurrency(code)) << code;
  }
}

TEST(AccountRules, Amounts) {
  for (std::string_view zero : {"0", "0.0", "-0", "+0.00", "0e5", "0E-10", ".0", "0.", "000"}) {
    EXPECT_EQ(IsZeroAmount(zero), std::optional<bool>(true)) << zero;
  }
  for (std::string_view other : {"1", "0.01", "-5", "1e3", "10.12", "1E-3"}) {
    EXPECT_EQ(IsZeroAmount(other), std::optional<bool>(false)) << other;
  }
  for (std::string_view bad :
       {"", "abc", "-", ".", "1e", "1.2.3", " 0", "0 ", "0x0", "1,5", "e5", "NaN", "+"}) {
    EXPECT_EQ(IsZeroAmount(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace roster::core
