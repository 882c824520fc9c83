#include "api/obp/accounts/accounts_json.h"
#include "api/obp/handlers.h"

namespace roster::api::obp {

// GET /banks/BANK_ID/accounts/ACCOUNT_ID/permissions (OBPv2.0.0 getPermissionsForBankAccount).
core::Result<Reply> GetPermissionsForBankAccount(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto permissions = call.services().accounts.ListPermissions(*caller, call.Param("BANK_ID"),
                                                              call.Param("ACCOUNT_ID"));
  if (!permissions) return std::unexpected(permissions.error());
  return Reply{http::Status::ok, PermissionsJson(*permissions)};
}

}  // namespace roster::api::obp
