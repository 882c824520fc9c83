// Roles granted to users (entitlements) and the bank registry they are scoped to.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

class EntitlementService {
 public:
  explicit EntitlementService(Ports ports) : ports_(ports) {}

  // Grants `role_name` at `bank_id` ("" for system roles) to a user. Checks, in order: the user
  // exists (kUserNotFound), the role exists (kInvalidRoleName), its scope matches the bank id
  // (kBankRoleNeedsBank / kSystemRoleNeedsNoBank), the caller holds CanCreateEntitlementAtAnyBank
  // or CanCreateEntitlementAtOneBank at that bank (kMissingRole), the bank exists
  // (kBankNotFound), not a duplicate (kEntitlementExists).
  core::Result<core::Entitlement> Grant(const Principal& caller, std::string_view user_id,
                                        std::string_view bank_id, std::string_view role_name);

  // Role CanDeleteEntitlementAtAnyBank; kEntitlementNotFound; kEntitlementNotOwned when the
  // entitlement belongs to another user.
  core::Result<void> Revoke(const Principal& caller, std::string_view user_id,
                            std::string_view entitlement_id);

  // Role CanGetEntitlementsForAnyUserAtAnyBank; kUserNotFound.
  core::Result<std::vector<core::Entitlement>> ListForUser(const Principal& caller,
                                                           std::string_view user_id);
  // The user's entitlements at one bank. kBankNotFound, then role
  // CanGetEntitlementsForAnyUserAtOneBank (at the bank) or ...AtAnyBank.
  core::Result<std::vector<core::Entitlement>> ListForUserAtBank(const Principal& caller,
                                                                 std::string_view bank_id,
                                                                 std::string_view user_id);
  // Every entitlement at a bank. kBankNotFound, then role CanGetEntitlementsForOneBank (at the
  // bank) or CanGetEntitlementsForAnyBank.
  core::Result<std::vector<core::Entitlement>> ListForBank(const Principal& caller,
                                                           std::string_view bank_id);
  core::Result<std::vector<core::Entitlement>> ListMine(const Principal& caller);

  // Banks: creation needs CanCreateBank; kBankExists; kInvalidInput for a bad id.
  core::Result<core::Bank> CreateBank(const Principal& caller, core::Bank bank);
  core::Result<std::vector<core::Bank>> ListBanks();
  core::Result<core::Bank> GetBank(std::string_view bank_id);

 private:
  Ports ports_;
};

}  // namespace roster::services
