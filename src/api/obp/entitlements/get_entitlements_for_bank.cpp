#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// GET /banks/BANK_ID/entitlements (OBPv4.0.0 getEntitlementsForBank).
core::Result<Reply> GetEntitlementsForBank(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto list = call.services().entitlements.ListForBank(*caller, call.Param("BANK_ID"));
  if (!list) return std::unexpected(list.error());
  return Reply{http::Status::ok, EntitlementListJson(*list, true)};
}

}  // namespace roster::api::obp
