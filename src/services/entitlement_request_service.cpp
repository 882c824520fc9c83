#include "services/entitlement_request_service.h"

#include <map>

#include "core/roles.h"
#include "services/access.h"

namespace roster::services {

using core::ErrorCode;
using core::Fail;
using core::Result;

namespace {

constexpr std::string_view kCanGetEntitlementRequestsAtAnyBank =
    "CanGetEntitlementRequestsAtAnyBank";
constexpr std::string_view kCanDeleteEntitlementRequestsAtAnyBank =
    "CanDeleteEntitlementRequestsAtAnyBank";
constexpr std::string_view kDauthProviderPrefix = "dauth.";
constexpr std::size_t kMaxDauthUsername = 512;

Result<void> RequireBank(ports::Tx& tx, std::string_view bank_id) {
  auto bank = tx.FindBank(bank_id);
  if (!bank) return std::unexpected(bank.error());
  if (!*bank) return Fail(ErrorCode::kBankNotFound, std::string(bank_id));
  return {};
}

// The role exists and its scope matches the bank id.
Result<void> CheckRoleScope(std::string_view bank_id, std::string_view role_name) {
  auto role = core::FindRole(role_name);
  if (!role) return Fail(ErrorCode::kInvalidRoleName, std::string(role_name));
  if (role->requires_bank_id && bank_id.empty()) return Fail(ErrorCode::kBankRoleNeedsBank);
  if (!role->requires_bank_id && !bank_id.empty()) return Fail(ErrorCode::kSystemRoleNeedsNoBank);
  return {};
}

}  // namespace

Result<EntitlementRequestDetails> EntitlementRequestService::Create(const Principal& caller,
                                                                    std::string_view bank_id,
                                                                    std::string_view role_name) {
  core::EntitlementRequest request{.id = ports_.random.Uuid(),
                                   .user_id = caller.user.id,
                                   .bank_id = std::string(bank_id),
                                   .role_name = std::string(role_name),
                                   .created_at = ports_.clock.Now()};
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<EntitlementRequestDetails> {
    if (!bank_id.empty()) {
      if (auto r = RequireBank(tx, bank_id); !r) return std::unexpected(r.error());
    }
    if (auto r = CheckRoleScope(bank_id, role_name); !r) return std::unexpected(r.error());
    if (auto r = tx.InsertEntitlementRequest(request); !r) return std::unexpected(r.error());
    auto user = UserService::Load(tx, caller.user);
    if (!user) return std::unexpected(user.error());
    return EntitlementRequestDetails{.request = request, .user = std::move(*user)};
  });
}

Result<std::vector<EntitlementRequestDetails>> EntitlementRequestService::List(
    const Principal* caller, std::string_view user_id) {
  return ports::ReadTx(
      ports_.store, [&](ports::Tx& tx) -> Result<std::vector<EntitlementRequestDetails>> {
        if (caller != nullptr) {
          if (auto r = RequireAnyRole(tx, *caller, {kCanGetEntitlementRequestsAtAnyBank}); !r) {
            return std::unexpected(r.error());
          }
        }
        auto requests = tx.ListEntitlementRequests(user_id);
        if (!requests) return std::unexpected(requests.error());
        std::map<std::string, UserDetails, std::less<>> users;
        std::vector<EntitlementRequestDetails> out;
        out.reserve(requests->size());
        for (auto& request : *requests) {
          auto known = users.find(request.user_id);
          if (known == users.end()) {
            auto user = tx.FindUserById(request.user_id);
            if (!user) return std::unexpected(user.error());
            // A request outlives nothing: users are only soft-deleted, so a missing row means
            // the request is orphaned; it is not shown.
            if (!*user) continue;
            auto details = UserService::Load(tx, std::move(**user));
            if (!details) return std::unexpected(details.error());
            known = users.emplace(request.user_id, std::move(*details)).first;
          }
          out.push_back({.request = std::move(request), .user = known->second});
        }
        return out;
      });
}

Result<std::vector<EntitlementRequestDetails>> EntitlementRequestService::ListAll(
    const Principal& caller) {
  return List(&caller, {});
}

Result<std::vector<EntitlementRequestDetails>> EntitlementRequestService::ListForUser(
    const Principal& caller, std::string_view user_id) {
  // An empty id would list every user's requests.
  if (user_id.empty()) return Fail(ErrorCode::kUserNotFound, std::string(user_id));
  return List(&caller, user_id);
}

Result<std::vector<EntitlementRequestDetails>> EntitlementRequestService::ListMine(
    const Principal& caller) {
  return List(nullptr, caller.user.id);
}

Result<void> EntitlementRequestService::Delete(const Principal& caller,
                                               std::string_view request_id) {
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<void> {
    if (auto r = RequireAnyRole(tx, caller, {kCanDeleteEntitlementRequestsAtAnyBank}); !r) {
      return r;
    }
    return tx.DeleteEntitlementRequest(request_id);
  });
}

Result<std::vector<core::Entitlement>> EntitlementRequestService::CreateDauthUserWithRoles(
    const Principal& caller, const DauthUserRoles& input) {
  if (!input.provider.starts_with(kDauthProviderPrefix)) {
    return Fail(ErrorCode::kInvalidProvider, {}, input.provider);
  }
  if (input.username.empty() || input.username.size() > kMaxDauthUsername) {
    return Fail(ErrorCode::kInvalidJson, {}, "username");
  }
  for (const RoleGrant& grant : input.roles) {
    if (auto r = CheckRoleScope(grant.bank_id, grant.role_name); !r) {
      return std::unexpected(r.error());
    }
  }
  const core::TimePoint now = ports_.clock.Now();
  // Ids are drawn outside the transaction, which may be run more than once.
  const std::string new_user_id = ports_.random.Uuid();
  std::vector<core::Entitlement> grants;
  grants.reserve(input.roles.size());
  for (const RoleGrant& grant : input.roles) {
    grants.push_back({.id = ports_.random.Uuid(),
                      .bank_id = grant.bank_id,
                      .role_name = grant.role_name,
                      .created_by_process = "manual",
                      .created_at = now});
  }

  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<std::vector<core::Entitlement>> {
    auto any_bank =
        tx.HasEntitlement(caller.user.id, "", core::role::kCanCreateEntitlementAtAnyBank);
    if (!any_bank) return std::unexpected(any_bank.error());
    if (!*any_bank) {
      for (const RoleGrant& grant : input.roles) {
        if (auto r = RequireAnyRole(tx, caller, {grant.role_name}, grant.bank_id); !r) {
          return std::unexpected(r.error());
        }
      }
    }
    for (const RoleGrant& grant : input.roles) {
      if (!grant.bank_id.empty()) {
        if (auto r = RequireBank(tx, grant.bank_id); !r) return std::unexpected(r.error());
      }
    }

    auto existing = tx.FindUserByProvider(input.provider, input.username);
    if (!existing) return std::unexpected(existing.error());
    std::string user_id;
    if (*existing) {
      user_id = (*existing)->id;
    } else {
      core::User user{.id = new_user_id,
                      .username = input.username,
                      .provider = input.provider,
                      .provider_id = input.username,
                      .validated = true,
                      .state = core::UserState::kActive,
                      .created_at = now,
                      .updated_at = now};
      if (auto r = tx.InsertUser(user); !r) return std::unexpected(r.error());
      user_id = user.id;
    }

    std::vector<core::Entitlement> out = grants;
    for (core::Entitlement& entitlement : out) {
      entitlement.user_id = user_id;
      if (auto r = tx.InsertEntitlement(entitlement); !r) return std::unexpected(r.error());
    }
    return out;
  });
}

}  // namespace roster::services
