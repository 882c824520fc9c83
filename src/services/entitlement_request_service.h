// Requests for roles, reviewed by administrators, and the DAuth "user with roles" grant
// (obp-reference-behaviour.md §2.8 POST /user-entitlements, §2.9).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "services/context.h"
#include "services/principal.h"
#include "services/user_service.h"

namespace roster::services {

// A request with the requester as the dialects show it.
struct EntitlementRequestDetails {
  core::EntitlementRequest request;
  UserDetails user;
};

struct RoleGrant {
  std::string bank_id;  // "" for system roles
  std::string role_name;
};

// A DAuth user (provider "dauth.<network>", username = the smart-contract address) and the roles
// to grant to it.
struct DauthUserRoles {
  std::string username;
  std::string provider;
  std::vector<RoleGrant> roles;
};

class EntitlementRequestService {
 public:
  EntitlementRequestService(Ports ports, const Settings& settings)
      : ports_(ports), settings_(settings) {}

  // Any authenticated user requests a role for itself. Checks, in order: the bank exists when
  // bank_id is not empty (kBankNotFound), the role exists (kInvalidRoleName), its scope matches
  // the bank id (kBankRoleNeedsBank / kSystemRoleNeedsNoBank), no request for the same (user,
  // bank, role) exists (kEntitlementRequestExists).
  core::Result<EntitlementRequestDetails> Create(const Principal& caller, std::string_view bank_id,
                                                 std::string_view role_name);

  // Every request (role CanGetEntitlementRequestsAtAnyBank), ordered by creation.
  core::Result<std::vector<EntitlementRequestDetails>> ListAll(const Principal& caller);
  // The requests of one user (same role). An unknown user has none, as in the reference.
  core::Result<std::vector<EntitlementRequestDetails>> ListForUser(const Principal& caller,
                                                                   std::string_view user_id);
  // The caller's own requests (no role).
  core::Result<std::vector<EntitlementRequestDetails>> ListMine(const Principal& caller);

  // Role CanDeleteEntitlementRequestsAtAnyBank; kEntitlementRequestNotFound for an unknown id.
  core::Result<void> Delete(const Principal& caller, std::string_view request_id);

  // POST /user-entitlements (createUserWithRoles). Checks, in order: the provider starts with
  // "dauth." (kInvalidProvider), the username is not empty (kInvalidJson); per role: it exists
  // (kInvalidRoleName) and its scope matches (kBankRoleNeedsBank / kSystemRoleNeedsNoBank);
  // unless the caller holds CanCreateEntitlementAtAnyBank, the caller holds every role it grants
  // (kMissingRole); every named bank exists (kBankNotFound) - the order of addEntitlement. The
  // user (provider, provider_id = username) is fetched or created validated and active without a
  // password, then every role is granted (kEntitlementExists for a duplicate). One transaction:
  // a refusal stores nothing, not even the user. Returns the new entitlements in the order given.
  core::Result<std::vector<core::Entitlement>> CreateDauthUserWithRoles(
      const Principal& caller, const DauthUserRoles& input);

 private:
  core::Result<std::vector<EntitlementRequestDetails>> List(const Principal* caller,
                                                            std::string_view user_id);

  Ports ports_;
  const Settings& settings_;
};

}  // namespace roster::services
