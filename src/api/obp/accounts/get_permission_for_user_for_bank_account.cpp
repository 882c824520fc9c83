#include "api/obp/accounts/accounts_json.h"
#include "api/obp/handlers.h"

namespace roster::api::obp {

// GET /banks/BANK_ID/accounts/ACCOUNT_ID/permissions/PROVIDER/PROVIDER_ID
// (OBPv3.0.0 getPermissionForUserForBankAccount): ViewsJsonV300.
core::Result<Reply> GetPermissionForUserForBankAccount(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto views = call.services().accounts.PermissionsOfUser(
      *caller, call.Param("BANK_ID"), call.Param("ACCOUNT_ID"), call.Param("PROVIDER"),
      call.Param("PROVIDER_ID"));
  if (!views) return std::unexpected(views.error());
  return Reply{http::Status::ok, json::object{{"views", ViewListJson(*views)}}};
}

}  // namespace roster::api::obp
