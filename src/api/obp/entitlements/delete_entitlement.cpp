#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// DELETE /users/USER_ID/entitlement/ENTITLEMENT_ID (OBPv2.0.0 deleteEntitlement): 204.
core::Result<Reply> DeleteEntitlement(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto done = call.services().entitlements.Revoke(*caller, call.Param("USER_ID"),
                                                  call.Param("ENTITLEMENT_ID"));
  if (!done) return std::unexpected(done.error());
  return Reply{http::Status::no_content, std::nullopt};
}

}  // namespace roster::api::obp
