#include "services/account_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/validation.h"
#include "services/access.h"

namespace roster::services {

using core::ErrorCode;
using core::Fail;
using core::Result;
using core::SystemView;

namespace {

constexpr std::string_view kCanCreateAccount = "CanCreateAccount";
constexpr std::string_view kCanRefreshUser = "CanRefreshUser";

Result<void> RequireAccount(ports::Tx& tx, std::string_view bank_id, std::string_view account_id) {
  auto bank = tx.FindBank(bank_id);
  if (!bank) return std::unexpected(bank.error());
  if (!*bank) return Fail(ErrorCode::kBankNotFound, std::string(bank_id));
  auto account = tx.FindAccount(bank_id, account_id);
  if (!account) return std::unexpected(account.error());
  if (!*account) return Fail(ErrorCode::kAccountNotFound, std::string(account_id));
  return {};
}

Result<core::User> RequireUser(ports::Tx& tx, std::string_view user_id) {
  auto user = tx.FindUserById(user_id);
  if (!user) return std::unexpected(user.error());
  if (!*user || (*user)->IsDeleted()) return Fail(ErrorCode::kUserNotFound, std::string(user_id));
  return std::move(**user);
}

// The catalogue entries of `view_ids`, in catalogue order; ids unknown to the catalogue (left
// by an older version) are skipped.
std::vector<SystemView> ViewsOf(const std::set<std::string>& view_ids) {
  std::vector<SystemView> views;
  for (const SystemView& view : core::SystemViews()) {
    if (view_ids.contains(std::string(view.id))) views.push_back(view);
  }
  return views;
}

// The views `user_id` holds on the account.
Result<std::vector<SystemView>> ViewsOfUser(ports::Tx& tx, std::string_view bank_id,
                                            std::string_view account_id, std::string_view user_id) {
  auto access = tx.ListAccessToAccount(bank_id, account_id);
  if (!access) return std::unexpected(access.error());
  std::set<std::string> ids;
  for (const core::AccountAccess& grant : *access) {
    if (grant.user_id == user_id) ids.insert(grant.view_id);
  }
  return ViewsOf(ids);
}

Result<SystemView> ResolveView(const ViewRef& ref) {
  if (!ref.is_system) return Fail(ErrorCode::kViewNotFound, ref.view_id);
  auto view = core::FindSystemView(ref.view_id);
  if (!view) return Fail(ErrorCode::kViewNotFound, ref.view_id);
  return *view;
}

// Passes when one of the held views allows it; else fails with `refusal`, naming the permission.
template <class Pred>
Result<void> RequireAnyView(const std::vector<SystemView>& held, ErrorCode refusal,
                            std::string_view permission, Pred allows) {
  if (std::any_of(held.begin(), held.end(), allows)) return {};
  return Fail(refusal, std::string(permission));
}

Result<void> RequireCanGrant(const std::vector<SystemView>& held, std::string_view view_id) {
  return RequireAnyView(held, ErrorCode::kCannotGrantView,
                        core::view_permission::kCanGrantAccessToViews,
                        [&](const SystemView& v) { return v.CanGrant(view_id); });
}

Result<void> RequireCanRevoke(const std::vector<SystemView>& held, std::string_view view_id) {
  return RequireAnyView(held, ErrorCode::kCannotRevokeView,
                        core::view_permission::kCanRevokeAccessToViews,
                        [&](const SystemView& v) { return v.CanRevoke(view_id); });
}

// How many users hold the owner view of the account.
Result<std::size_t> OwnerCount(ports::Tx& tx, std::string_view bank_id,
                               std::string_view account_id) {
  auto access = tx.ListAccessToAccount(bank_id, account_id);
  if (!access) return std::unexpected(access.error());
  return static_cast<std::size_t>(std::count_if(
      access->begin(), access->end(),
      [](const core::AccountAccess& grant) { return grant.view_id == core::kOwnerViewId; }));
}

}  // namespace

Result<core::Account> AccountService::CreateAccount(const Principal& caller, NewAccount input) {
  if (!core::IsValidAccountId(input.bank_id)) return Fail(ErrorCode::kInvalidBankId);
  if (!core::IsValidAccountId(input.account_id)) return Fail(ErrorCode::kInvalidAccountId);
  const core::TimePoint now = ports_.clock.Now();
  if (input.user_id.empty()) input.user_id = caller.user.id;
  core::Account account{.bank_id = input.bank_id,
                        .id = input.account_id,
                        .owner_user_id = input.user_id,
                        .label = input.label,
                        .product_code = input.product_code,
                        .currency = input.currency,
                        .balance = input.amount,
                        .branch_id = input.branch_id,
                        .routings = input.routings,
                        .created_at = now};
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<core::Account> {
    auto bank = tx.FindBank(account.bank_id);
    if (!bank) return std::unexpected(bank.error());
    if (!*bank) return Fail(ErrorCode::kBankNotFound, account.bank_id);
    auto existing = tx.FindAccount(account.bank_id, account.id);
    if (!existing) return std::unexpected(existing.error());
    if (*existing) return Fail(ErrorCode::kAccountExists, account.id);
    if (account.owner_user_id != caller.user.id) {
      if (auto r = RequireAnyRole(tx, caller, {kCanCreateAccount}, account.bank_id); !r) {
        return std::unexpected(r.error());
      }
      if (auto r = RequireUser(tx, account.owner_user_id); !r) return std::unexpected(r.error());
    }
    auto zero = core::IsZeroAmount(account.balance);
    if (!zero) {
      return Fail(ErrorCode::kBalanceNotANumber, account.balance);
    }
    if (!*zero) return Fail(ErrorCode::kInvalidBalance);
    if (!core::IsKnownCurrency(account.currency)) {
      return Fail(ErrorCode::kInvalidCurrency, account.currency);
    }
    std::set<std::string> schemes;
    for (const core::AccountRouting& routing : account.routings) {
      if (!schemes.insert(routing.scheme).second) {
        return Fail(ErrorCode::kDuplicateRoutingScheme, routing.scheme);
      }
    }
    if (auto r = tx.InsertAccount(account); !r) return std::unexpected(r.error());
    core::AccountAccess owner{.bank_id = account.bank_id,
                              .account_id = account.id,
                              .view_id = std::string(core::kOwnerViewId),
                              .user_id = account.owner_user_id,
                              .created_at = now};
    if (auto r = tx.GrantAccess(owner); !r) return std::unexpected(r.error());
    return account;
  });
}

Result<std::vector<UserViews>> AccountService::ListPermissions(const Principal& caller,
                                                               std::string_view bank_id,
                                                               std::string_view account_id) {
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<std::vector<UserViews>> {
    if (auto r = RequireAccount(tx, bank_id, account_id); !r) return std::unexpected(r.error());
    auto held = ViewsOfUser(tx, bank_id, account_id, caller.user.id);
    if (!held) return std::unexpected(held.error());
    if (auto r = RequireAnyView(
            *held, ErrorCode::kNoViewPermission, core::view_permission::kCanSeeViewsForAllUsers,
            [](const SystemView& v) { return v.can_see_views_with_permissions_for_all_users; });
        !r) {
      return std::unexpected(r.error());
    }
    auto access = tx.ListAccessToAccount(bank_id, account_id);
    if (!access) return std::unexpected(access.error());
    std::map<std::string, std::set<std::string>> by_user;
    for (const core::AccountAccess& grant : *access) by_user[grant.user_id].insert(grant.view_id);
    std::vector<UserViews> out;
    for (const auto& [user_id, view_ids] : by_user) {
      auto user = tx.FindUserById(user_id);
      if (!user) return std::unexpected(user.error());
      if (!*user) continue;
      std::vector<SystemView> views = ViewsOf(view_ids);
      if (views.empty()) continue;
      out.push_back(UserViews{.user = std::move(**user), .views = std::move(views)});
    }
    return out;
  });
}

Result<std::vector<SystemView>> AccountService::PermissionsOfUser(const Principal& caller,
                                                                  std::string_view bank_id,
                                                                  std::string_view account_id,
                                                                  std::string_view provider,
                                                                  std::string_view provider_id) {
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<std::vector<SystemView>> {
    if (auto r = RequireAccount(tx, bank_id, account_id); !r) return std::unexpected(r.error());
    auto held = ViewsOfUser(tx, bank_id, account_id, caller.user.id);
    if (!held) return std::unexpected(held.error());
    if (auto r = RequireAnyView(
            *held, ErrorCode::kNoViewPermission, core::view_permission::kCanSeeViewsForOneUser,
            [](const SystemView& v) { return v.can_see_views_with_permissions_for_one_user; });
        !r) {
      return std::unexpected(r.error());
    }
    auto user = tx.FindUserByProvider(provider, provider_id);
    if (!user) return std::unexpected(user.error());
    if (!*user) {
      return Fail(ErrorCode::kUserNotFoundByProvider,
                  std::string(provider) + ", " + std::string(provider_id));
    }
    return ViewsOfUser(tx, bank_id, account_id, (*user)->id);
  });
}

Result<SystemView> AccountService::Grant(const Principal& caller, std::string_view bank_id,
                                         std::string_view account_id, std::string_view user_id,
                                         const ViewRef& ref) {
  const core::TimePoint now = ports_.clock.Now();
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<SystemView> {
    if (auto r = RequireAccount(tx, bank_id, account_id); !r) return std::unexpected(r.error());
    auto view = ResolveView(ref);
    if (!view) return view;
    auto held = ViewsOfUser(tx, bank_id, account_id, caller.user.id);
    if (!held) return std::unexpected(held.error());
    if (auto r = RequireCanGrant(*held, view->id); !r) return std::unexpected(r.error());
    if (auto r = RequireUser(tx, user_id); !r) return std::unexpected(r.error());
    core::AccountAccess grant{.bank_id = std::string(bank_id),
                              .account_id = std::string(account_id),
                              .view_id = std::string(view->id),
                              .user_id = std::string(user_id),
                              .created_at = now};
    if (auto r = tx.GrantAccess(grant); !r) return std::unexpected(r.error());
    return view;
  });
}

Result<bool> AccountService::Revoke(const Principal& caller, std::string_view bank_id,
                                    std::string_view account_id, std::string_view user_id,
                                    const ViewRef& ref) {
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<bool> {
    if (auto r = RequireAccount(tx, bank_id, account_id); !r) return std::unexpected(r.error());
    auto view = ResolveView(ref);
    if (!view) return std::unexpected(view.error());
    auto held = ViewsOfUser(tx, bank_id, account_id, caller.user.id);
    if (!held) return std::unexpected(held.error());
    if (auto r = RequireCanRevoke(*held, view->id); !r) return std::unexpected(r.error());
    if (auto r = RequireUser(tx, user_id); !r) return std::unexpected(r.error());
    auto revoked = tx.RevokeAccess(bank_id, account_id, view->id, user_id);
    if (!revoked) return revoked;
    if (*revoked && view->id == core::kOwnerViewId) {
      auto owners = OwnerCount(tx, bank_id, account_id);
      if (!owners) return std::unexpected(owners.error());
      // Rolls the revocation back: an account always keeps one holder of the owner view.
      if (*owners == 0) {
        return Fail(ErrorCode::kLastOwnerView);
      }
    }
    return *revoked;
  });
}

Result<void> AccountService::ReplaceMyViews(const Principal& caller, std::string_view bank_id,
                                            std::string_view account_id,
                                            const std::vector<ViewRef>& refs) {
  const core::TimePoint now = ports_.clock.Now();
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<void> {
    if (auto r = RequireAccount(tx, bank_id, account_id); !r) return r;
    std::vector<SystemView> wanted;
    for (const ViewRef& ref : refs) {
      auto view = ResolveView(ref);
      if (!view) return std::unexpected(view.error());
      wanted.push_back(*view);
    }
    auto held = ViewsOfUser(tx, bank_id, account_id, caller.user.id);
    if (!held) return std::unexpected(held.error());
    for (const SystemView& view : *held) {
      if (auto r = RequireCanRevoke(*held, view.id); !r) return r;
    }
    for (const SystemView& view : wanted) {
      if (auto r = RequireCanGrant(*held, view.id); !r) return r;
    }
    for (const SystemView& view : *held) {
      auto revoked = tx.RevokeAccess(bank_id, account_id, view.id, caller.user.id);
      if (!revoked) return std::unexpected(revoked.error());
    }
    for (const SystemView& view : wanted) {
      core::AccountAccess grant{.bank_id = std::string(bank_id),
                                .account_id = std::string(account_id),
                                .view_id = std::string(view.id),
                                .user_id = caller.user.id,
                                .created_at = now};
      if (auto r = tx.GrantAccess(grant); !r) return r;
    }
    auto owners = OwnerCount(tx, bank_id, account_id);
    if (!owners) return std::unexpected(owners.error());
    if (*owners == 0) {
      return Fail(ErrorCode::kLastOwnerView);
    }
    return {};
  });
}

Result<std::vector<SystemView>> AccountService::CreateUserWithAccess(const Principal& caller,
                                                                     std::string_view bank_id,
                                                                     std::string_view account_id,
                                                                     const DauthAccess& access) {
  if (!access.provider.starts_with("dauth.")) {
    return Fail(ErrorCode::kInvalidProvider, access.provider);
  }
  if (!core::IsValidUsername(access.username)) {
    return Fail(ErrorCode::kInvalidInput,
                "Invalid username: use 8 to 100 letters, digits, '.' and '_', not starting or "
                "ending with '.' or '_' and without two of them in a row.");
  }
  const core::TimePoint now = ports_.clock.Now();
  core::User fresh{.id = ports_.random.Uuid(),
                   .username = access.username,
                   .provider = access.provider,
                   .provider_id = access.username,
                   .validated = true,
                   .state = core::UserState::kActive,
                   .created_at = now,
                   .updated_at = now};
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<std::vector<SystemView>> {
    if (auto r = RequireAccount(tx, bank_id, account_id); !r) return std::unexpected(r.error());
    std::vector<SystemView> wanted;
    for (const ViewRef& ref : access.views) {
      auto view = ResolveView(ref);
      if (!view) return std::unexpected(view.error());
      bool seen = std::any_of(wanted.begin(), wanted.end(),
                              [&](const SystemView& v) { return v.id == view->id; });
      if (!seen) wanted.push_back(*view);
    }
    auto held = ViewsOfUser(tx, bank_id, account_id, caller.user.id);
    if (!held) return std::unexpected(held.error());
    for (const SystemView& view : wanted) {
      if (auto r = RequireCanGrant(*held, view.id); !r) return std::unexpected(r.error());
    }
    auto found = tx.FindUserByProvider(access.provider, access.username);
    if (!found) return std::unexpected(found.error());
    std::string user_id;
    if (*found) {
      if ((*found)->IsDeleted()) return Fail(ErrorCode::kUserDeleted);
      user_id = (*found)->id;
    } else {
      if (auto r = tx.InsertUser(fresh); !r) return std::unexpected(r.error());
      user_id = fresh.id;
    }
    for (const SystemView& view : wanted) {
      core::AccountAccess grant{.bank_id = std::string(bank_id),
                                .account_id = std::string(account_id),
                                .view_id = std::string(view.id),
                                .user_id = user_id,
                                .created_at = now};
      if (auto r = tx.GrantAccess(grant); !r) return std::unexpected(r.error());
    }
    return wanted;
  });
}

Result<void> AccountService::RefreshUser(const Principal& caller, std::string_view user_id) {
  const core::TimePoint now = ports_.clock.Now();
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<void> {
    if (auto r = RequireAnyRole(tx, caller, {kCanRefreshUser}); !r) return r;
    auto user = tx.FindUserById(user_id);
    if (!user) return std::unexpected(user.error());
    if (!*user) return Fail(ErrorCode::kUserNotFound, std::string(user_id));
    auto access = tx.ListAccessOfUser(user_id);
    if (!access) return std::unexpected(access.error());
    std::set<std::pair<std::string, std::string>> accounts;
    for (const core::AccountAccess& grant : *access) {
      accounts.emplace(grant.bank_id, grant.account_id);
    }
    for (const auto& [bank_id, account_id] : accounts) {
      auto account = tx.FindAccount(bank_id, account_id);
      if (!account) return std::unexpected(account.error());
      if (!*account || (*account)->owner_user_id != user_id) continue;
      core::AccountAccess owner{.bank_id = bank_id,
                                .account_id = account_id,
                                .view_id = std::string(core::kOwnerViewId),
                                .user_id = std::string(user_id),
                                .created_at = now};
      if (auto r = tx.GrantAccess(owner); !r) return r;
    }
    return {};
  });
}

}  // namespace roster::services
