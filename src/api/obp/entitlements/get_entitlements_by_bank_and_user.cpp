#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// GET /banks/BANK_ID/users/USER_ID/entitlements (OBPv2.1.0 getEntitlementsByBankAndUser).
core::Result<Reply> GetEntitlementsByBankAndUser(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto list = call.services().entitlements.ListForUserAtBank(*caller, call.Param("BANK_ID"),
                                                             call.Param("USER_ID"));
  if (!list) return std::unexpected(list.error());
  return Reply{http::Status::ok, EntitlementListJson(*list, false)};
}

}  // namespace roster::api::obp
