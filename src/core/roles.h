// The OBP role catalogue (obp-reference-behaviour.md Appendix B): every role name and whether it
// is granted per bank (requires_bank_id) or system-wide.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace roster::core {

struct RoleInfo {
  std::string_view name;
  bool requires_bank_id;
};

// All known roles, sorted by name.
std::span<const RoleInfo> AllRoles();

// nullopt for an unknown role name (case-sensitive).
std::optional<RoleInfo> FindRole(std::string_view name);

// The names used by the services (spelled once here).
namespace role {
inline constexpr std::string_view kCanGetAnyUser = "CanGetAnyUser";
inline constexpr std::string_view kCanDeleteUser = "CanDeleteUser";
inline constexpr std::string_view kCanLockUser = "CanLockUser";
inline constexpr std::string_view kCanUnlockUser = "CanUnlockUser";
inline constexpr std::string_view kCanReadUserLockedStatus = "CanReadUserLockedStatus";
inline constexpr std::string_view kCanCreateEntitlementAtAnyBank = "CanCreateEntitlementAtAnyBank";
inline constexpr std::string_view kCanCreateEntitlementAtOneBank = "CanCreateEntitlementAtOneBank";
inline constexpr std::string_view kCanDeleteEntitlementAtAnyBank = "CanDeleteEntitlementAtAnyBank";
inline constexpr std::string_view kCanGetEntitlementsForAnyUserAtAnyBank =
    "CanGetEntitlementsForAnyUserAtAnyBank";
inline constexpr std::string_view kCanGetEntitlementsForAnyUserAtOneBank =
    "CanGetEntitlementsForAnyUserAtOneBank";
inline constexpr std::string_view kCanGetEntitlementsForOneBank = "CanGetEntitlementsForOneBank";
inline constexpr std::string_view kCanGetEntitlementsForAnyBank = "CanGetEntitlementsForAnyBank";
inline constexpr std::string_view kCanCreateBank = "CanCreateBank";
}  // namespace role

}  // namespace roster::core
