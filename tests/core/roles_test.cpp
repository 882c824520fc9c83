#include "core/roles.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <utility>

namespace roster::core {
namespace {

TEST(RolesTest, CatalogueHasTheAppendixBCounts) {
  const auto roles = AllRoles();
  EXPECT_EQ(roles.size(), 306u);
  EXPECT_EQ(std::ranges::count_if(roles, &RoleInfo::requires_bank_id), 161);
  EXPECT_EQ(std::ranges::count_if(roles, [](const RoleInfo& r) { return !r.requires_bank_id; }),
            145);
}

TEST(RolesTest, SortedByNameWithoutDuplicates) {
  const auto roles = AllRoles();
  for (std::size_t i = 1; i < roles.size(); ++i) {
    EXPECT_LT(roles[i - 1].name, roles[i].name) << "at index " << i;
  }
  std::set<std::string_view> names;
  for (const RoleInfo& r : roles) names.insert(r.name);
  EXPECT_EQ(names.size(), roles.size());
}

TEST(RolesTest, EveryNameLooksLikeARole) {
  for (const RoleInfo& r : AllRoles()) {
    EXPECT_TRUE(r.name.starts_with("Can")) << r.name;
    EXPECT_TRUE(std::ranges::all_of(r.name, [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    })) << r.name;
  }
}

TEST(RolesTest, FindsKnownRolesWithTheirScope) {
  const std::pair<std::string_view, bool> expected[] = {
      {"CanGetAnyUser", false},
      {"CanCreateEntitlementAtOneBank", true},
      {"CanCreateAccount", true},
      {"CanCreateBank", false},
      {"CanAddKycCheck", true},                    // first bank role
      {"CanUseCustomerFirehoseAtAnyBank", false},  // last system role
      {"CanUseAccountFirehose", true},
      {"CanCheckFundsAvailable", false},
      {"CanReadResourceDoc", false},
      {"CanReadDynamicResourceDocsAtOneBank", true},
  };
  for (const auto& [name, bank] : expected) {
    const auto role = FindRole(name);
    ASSERT_TRUE(role.has_value()) << name;
    EXPECT_EQ(role->name, name);
    EXPECT_EQ(role->requires_bank_id, bank) << name;
  }
}

TEST(RolesTest, FindsEveryCatalogueEntry) {
  for (const RoleInfo& r : AllRoles()) {
    const auto found = FindRole(r.name);
    ASSERT_TRUE(found.has_value()) << r.name;
    EXPECT_EQ(found->requires_bank_id, r.requires_bank_id) << r.name;
  }
}

TEST(RolesTest, UnknownNamesAreNotFound) {
  EXPECT_EQ(FindRole(""), std::nullopt);
  EXPECT_EQ(FindRole("CanDoAnything"), std::nullopt);
  EXPECT_EQ(FindRole("cangetanyuser"), std::nullopt);  // case-sensitive
  EXPECT_EQ(FindRole("CanGetAnyUse"), std::nullopt);
  EXPECT_EQ(FindRole("CanGetAnyUserX"), std::nullopt);
  EXPECT_EQ(FindRole("A"), std::nullopt);    // before the first entry
  EXPECT_EQ(FindRole("Zzz"), std::nullopt);  // after the last entry
}

TEST(RolesTest, NamedConstantsExistWithTheirScope) {
  const std::pair<std::string_view, bool> constants[] = {
      {role::kCanGetAnyUser, false},
      {role::kCanDeleteUser, false},
      {role::kCanLockUser, false},
      {role::kCanUnlockUser, false},
      {role::kCanReadUserLockedStatus, false},
      {role::kCanCreateEntitlementAtAnyBank, false},
      {role::kCanCreateEntitlementAtOneBank, true},
      {role::kCanDeleteEntitlementAtAnyBank, false},
      {role::kCanGetEntitlementsForAnyUserAtAnyBank, false},
      {role::kCanGetEntitlementsForAnyUserAtOneBank, true},
      {role::kCanGetEntitlementsForOneBank, true},
      {role::kCanGetEntitlementsForAnyBank, false},
      {role::kCanCreateBank, false},
  };
  for (const auto& [name, bank] : constants) {
    const auto role = FindRole(name);
    ASSERT_TRUE(role.has_value()) << name;
    EXPECT_EQ(role->requires_bank_id, bank) << name;
  }
}

}  // namespace
}  // namespace roster::core
