#include "services/access.h"

#include <string>

#include "core/roles.h"

namespace roster::services {

core::Result<void> RequireAnyRole(ports::Tx& tx, const Principal& caller,
                                  std::initializer_list<std::string_view> roles,
                                  std::string_view bank_id) {
  std::string names;
  bool asked_bank_role = false;
  for (std::string_view name : roles) {
    auto info = core::FindRole(name);
    bool bank_scoped = info && info->requires_bank_id;
    asked_bank_role = asked_bank_role || bank_scoped;
    auto held = tx.HasEntitlement(caller.user.id, bank_scoped ? bank_id : std::string_view{}, name);
    if (!held) return std::unexpected(held.error());
    if (*held) return {};
    if (!names.empty()) names += " or ";
    names += name;
  }
  if (asked_bank_role) names += " for BankId(" + std::string(bank_id) + ").";
  return core::Fail(core::ErrorCode::kMissingRole, names);
}

}  // namespace roster::services
