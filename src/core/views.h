// The OBP system views (account-level privileges) and the pure rules of accounts: ids,
// currencies, the initial balance. Custom views are not supported: a view is one of the
// catalogue's system views or does not exist.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace roster::core {

// One system view. All members refer to static storage: copying a SystemView is cheap and the
// copies stay valid for the life of the program.
struct SystemView {
  std::string_view id;  // "owner", "accountant", ...
  std::string_view short_name;
  std::string_view description;
  // May read every user's views of the account (GET .../permissions).
  bool can_see_views_with_permissions_for_all_users = false;
  // May read one user's views of the account (GET .../permissions/PROVIDER/PROVIDER_ID).
  bool can_see_views_with_permissions_for_one_user = false;
  // Ids of the system views a holder of this view may grant to / revoke from any user.
  std::span<const std::string_view> can_grant_access_to_views;
  std::span<const std::string_view> can_revoke_access_to_views;
  // Which of the ViewJsonV300 `can_*` data permissions the view has.
  enum class Data { kAll, kSeeAll, kSeeBasic } data = Data::kSeeBasic;

  bool CanGrant(std::string_view view_id) const;
  bool CanRevoke(std::string_view view_id) const;
  bool HasDataPermission(std::string_view name) const;
};

inline constexpr std::string_view kOwnerViewId = "owner";

// Every system view: owner, accountant, auditor, standard (in that order).
std::span<const SystemView> SystemViews();
// nullopt when `id` names no system view (case-sensitive).
std::optional<SystemView> FindSystemView(std::string_view id);

// Every `can_*` data-permission name of ViewJsonV300, in the order the reference emits them.
std::span<const std::string_view> ViewDataPermissions();
// True for the names ViewJsonV300 added to ViewJSONV121 (routing, funds, credit limit and
// transaction-request permissions).
bool IsViewJsonV300Only(std::string_view name);

// The names of the view-management permissions, used as Error::detail of kNoViewPermission so
// that a dialect can tell which check failed.
namespace view_permission {
inline constexpr std::string_view kCanGrantAccessToViews = "can_grant_access_to_views";
inline constexpr std::string_view kCanRevokeAccessToViews = "can_revoke_access_to_views";
inline constexpr std::string_view kCanSeeViewsForAllUsers =
    "can_see_views_with_permissions_for_all_users";
inline constexpr std::string_view kCanSeeViewsForOneUser =
    "can_see_views_with_permissions_for_one_user";
}  // namespace view_permission

// --- Accounts -----------------------------------------------------------------------------------

// OBP isValidID for BANK_ID and ACCOUNT_ID: 1..254 characters of [A-Za-z0-9-._].
bool IsValidAccountId(std::string_view id);

// An ISO 4217 alphabetic code (upper case), or "XBT".
bool IsKnownCurrency(std::string_view code);

// Parses an amount with the syntax of java.math.BigDecimal ("0", "-0.00", "1e3", ".5"): nullopt
// when it is not a number, else whether its value is zero.
std::optional<bool> IsZeroAmount(std::string_view amount);

}  // namespace roster::core
