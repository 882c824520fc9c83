// Accounts, system views and account access (grants of views to users).
//
// Authority over an account comes from views, not roles: each check asks whether ANY view the
// caller holds on the account allows the action (core/views.h). Custom views do not exist in
// Roster, so a view reference with is_system = false is reported as kViewNotFound.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "core/views.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

struct NewAccount {
  std::string bank_id;
  std::string account_id;
  std::string user_id;  // the owner; empty = the caller
  std::string label;
  std::string product_code;
  std::string currency = "EUR";
  std::string amount = "0";  // the initial balance as given (a decimal string)
  std::string branch_id;
  std::vector<core::AccountRouting> routings;
};

// A view named in a request body ({view_id, is_system}).
struct ViewRef {
  std::string view_id;
  bool is_system = true;
};

// A user with the views it holds on one account.
struct UserViews {
  core::User user;
  std::vector<core::SystemView> views;  // catalogue order
};

// A DAuth user to fetch or create, and the views to grant it.
struct DauthAccess {
  std::string username;
  std::string provider;  // must start with "dauth."
  std::vector<ViewRef> views;
};

class AccountService {
 public:
  AccountService(Ports ports, const Settings& settings) : ports_(ports), settings_(settings) {}

  // PUT /banks/BANK_ID/accounts/ACCOUNT_ID. Checks, in order: kInvalidBankId, kInvalidAccountId,
  // kBankNotFound; for another owner (user_id set and not the caller) kMissingRole
  // (CanCreateAccount at the bank) then kUserNotFound; kBalanceNotANumber; kInvalidBalance (not
  // zero); kInvalidCurrency; kDuplicateRoutingScheme (a scheme given twice); kAccountRoutingTaken;
  // kAccountExists. Creates the account and grants the owner view to the owner, atomically.
  core::Result<core::Account> CreateAccount(const Principal& caller, NewAccount input);

  // Every user with a view on the account, ordered by user id. kBankNotFound, kAccountNotFound,
  // kNoViewPermission (detail view_permission::kCanSeeViewsForAllUsers).
  core::Result<std::vector<UserViews>> ListPermissions(const Principal& caller,
                                                       std::string_view bank_id,
                                                       std::string_view account_id);

  // The views of the user (provider, provider_id) on the account. kBankNotFound,
  // kAccountNotFound, kNoViewPermission (view_permission::kCanSeeViewsForOneUser),
  // kUserNotFoundByProvider.
  core::Result<std::vector<core::SystemView>> PermissionsOfUser(const Principal& caller,
                                                                std::string_view bank_id,
                                                                std::string_view account_id,
                                                                std::string_view provider,
                                                                std::string_view provider_id);

  // Grants `view` on the account to `user_id` (idempotent). kBankNotFound, kAccountNotFound,
  // kViewNotFound, kCannotGrantView, kUserNotFound.
  core::Result<core::SystemView> Grant(const Principal& caller, std::string_view bank_id,
                                       std::string_view account_id, std::string_view user_id,
                                       const ViewRef& view);

  // Revokes `view` from `user_id`; returns whether a grant was removed. Like Grant, with
  // kCannotRevokeView; refuses to remove the account's last owner-view grant (kLastOwnerView).
  core::Result<bool> Revoke(const Principal& caller, std::string_view bank_id,
                            std::string_view account_id, std::string_view user_id,
                            const ViewRef& view);

  // Replaces the caller's own views of the account by `views`: the caller must be able to
  // revoke each view it holds and grant each listed view (with the authority of the views it
  // held before the call). kViewNotFound, kNoViewPermission; the last-owner rule of Revoke
  // applies to the result.
  core::Result<void> ReplaceMyViews(const Principal& caller, std::string_view bank_id,
                                    std::string_view account_id, const std::vector<ViewRef>& views);

  // Fetches the user (provider, provider_id = username) or creates it (no password, validated,
  // active), then grants it `access.views` with the rules of Grant. kInvalidProvider,
  // kInvalidInput (username), kUsernameTaken (a user of another provider has that username).
  // Returns the granted views.
  core::Result<std::vector<core::SystemView>> CreateUserWithAccess(const Principal& caller,
                                                                   std::string_view bank_id,
                                                                   std::string_view account_id,
                                                                   const DauthAccess& access);

  // Role CanRefreshUser; kUserNotFound. Roster has no core-banking connector: refreshing
  // re-grants the owner view of every account the user owns among the accounts it has access
  // to (a repair of the owner invariant).
  core::Result<void> RefreshUser(const Principal& caller, std::string_view user_id);

 private:
  Ports ports_;
  const Settings& settings_;
};

}  // namespace roster::services
