#include "services/entitlement_service.h"

#include <algorithm>

#include "core/roles.h"
#include "core/validation.h"
#include "services/access.h"

namespace roster::services {

using core::Entitlement;
using core::ErrorCode;
using core::Fail;
using core::Result;

namespace {

Result<void> RequireBank(ports::Tx& tx, std::string_view bank_id) {
  auto bank = tx.FindBank(bank_id);
  if (!bank) return std::unexpected(bank.error());
  if (!*bank) return Fail(ErrorCode::kBankNotFound, std::string(bank_id));
  return {};
}

Result<void> RequireUser(ports::Tx& tx, std::string_view user_id) {
  auto user = tx.FindUserById(user_id);
  if (!user) return std::unexpected(user.error());
  if (!*user) return Fail(ErrorCode::kUserNotFound, std::string(user_id));
  return {};
}

}  // namespace

Result<Entitlement> EntitlementService::Grant(const Principal& caller, std::string_view user_id,
                                              std::string_view bank_id,
                                              std::string_view role_name) {
  Entitlement grant{.id = ports_.random.Uuid(),
                    .user_id = std::string(user_id),
                    .bank_id = std::string(bank_id),
                    .role_name = std::string(role_name),
                    .created_by_process = "manual",
                    .created_at = ports_.clock.Now()};
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<Entitlement> {
    if (auto r = RequireUser(tx, user_id); !r) return std::unexpected(r.error());
    auto role = core::FindRole(role_name);
    if (!role) return Fail(ErrorCode::kInvalidRoleName, std::string(role_name));
    if (role->requires_bank_id && bank_id.empty()) return Fail(ErrorCode::kBankRoleNeedsBank);
    if (!role->requires_bank_id && !bank_id.empty()) {
      return Fail(ErrorCode::kSystemRoleNeedsNoBank);
    }
    if (auto r = RequireAnyRole(tx, caller,
                                {core::role::kCanCreateEntitlementAtOneBank,
                                 core::role::kCanCreateEntitlementAtAnyBank},
                                bank_id);
        !r) {
      return std::unexpected(r.error());
    }
    if (!bank_id.empty()) {
      if (auto r = RequireBank(tx, bank_id); !r) return std::unexpected(r.error());
    }
    if (auto r = tx.InsertEntitlement(grant); !r) return std::unexpected(r.error());
    return grant;
  });
}

Result<void> EntitlementService::Revoke(const Principal& caller, std::string_view user_id,
                                        std::string_view entitlement_id) {
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<void> {
    if (auto r = RequireAnyRole(tx, caller, {core::role::kCanDeleteEntitlementAtAnyBank}); !r) {
      return r;
    }
    auto found = tx.FindEntitlement(entitlement_id);
    if (!found) return std::unexpected(found.error());
    if (!*found) return Fail(ErrorCode::kEntitlementNotFound, std::string(entitlement_id));
    if ((*found)->user_id != user_id) return Fail(ErrorCode::kEntitlementNotOwned);
    return tx.DeleteEntitlement(entitlement_id);
  });
}

Result<std::vector<Entitlement>> EntitlementService::ListForUser(const Principal& caller,
                                                                 std::string_view user_id) {
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<std::vector<Entitlement>> {
    if (auto r = RequireAnyRole(tx, caller, {core::role::kCanGetEntitlementsForAnyUserAtAnyBank});
        !r) {
      return std::unexpected(r.error());
    }
    if (auto r = RequireUser(tx, user_id); !r) return std::unexpected(r.error());
    return tx.ListEntitlementsOfUser(user_id);
  });
}

Result<std::vector<Entitlement>> EntitlementService::ListForUserAtBank(const Principal& caller,
                                                                       std::string_view bank_id,
                                                                       std::string_view user_id) {
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<std::vector<Entitlement>> {
    if (auto r = RequireBank(tx, bank_id); !r) return std::unexpected(r.error());
    if (auto r = RequireAnyRole(tx, caller,
                                {core::role::kCanGetEntitlementsForAnyUserAtOneBank,
                                 core::role::kCanGetEntitlementsForAnyUserAtAnyBank},
                                bank_id);
        !r) {
      return std::unexpected(r.error());
    }
    if (auto r = RequireUser(tx, user_id); !r) return std::unexpected(r.error());
    auto all = tx.ListEntitlementsOfUser(user_id);
    if (!all) return all;
    std::erase_if(*all, [&](const Entitlement& e) { return e.bank_id != bank_id; });
    return all;
  });
}

Result<std::vector<Entitlement>> EntitlementService::ListForBank(const Principal& caller,
                                                                 std::string_view bank_id) {
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<std::vector<Entitlement>> {
    if (auto r = RequireBank(tx, bank_id); !r) return std::unexpected(r.error());
    if (auto r = RequireAnyRole(
            tx, caller,
            {core::role::kCanGetEntitlementsForOneBank, core::role::kCanGetEntitlementsForAnyBank},
            bank_id);
        !r) {
      return std::unexpected(r.error());
    }
    return tx.ListEntitlementsOfBank(bank_id);
  });
}

Result<std::vector<Entitlement>> EntitlementService::ListMine(const Principal& caller) {
  return ports::ReadTx(ports_.store,
                       [&](ports::Tx& tx) { return tx.ListEntitlementsOfUser(caller.user.id); });
}

Result<core::Bank> EntitlementService::CreateBank(const Principal& caller, core::Bank bank) {
  if (!core::IsValidObpId(bank.id)) return Fail(ErrorCode::kInvalidBankId, bank.id);
  bank.created_at = ports_.clock.Now();
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<core::Bank> {
    if (auto r = RequireAnyRole(tx, caller, {core::role::kCanCreateBank}); !r) {
      return std::unexpected(r.error());
    }
    if (auto r = tx.InsertBank(bank); !r) return std::unexpected(r.error());
    return bank;
  });
}

Result<std::vector<core::Bank>> EntitlementService::ListBanks() {
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) { return tx.ListBanks(); });
}

Result<core::Bank> EntitlementService::GetBank(std::string_view bank_id) {
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<core::Bank> {
    auto bank = tx.FindBank(bank_id);
    if (!bank) return std::unexpected(bank.error());
    if (!*bank) return Fail(ErrorCode::kBankNotFound, std::string(bank_id));
    return std::move(**bank);
  });
}

}  // namespace roster::services
