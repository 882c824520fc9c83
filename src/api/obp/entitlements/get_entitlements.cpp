#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// GET /users/USER_ID/entitlements (OBPv4.0.0 getEntitlements).
core::Result<Reply> GetEntitlements(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto list = call.services().entitlements.ListForUser(*caller, call.Param("USER_ID"));
  if (!list) return std::unexpected(list.error());
  return Reply{http::Status::ok, EntitlementListJson(*list, false)};
}

}  // namespace roster::api::obp
