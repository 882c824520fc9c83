#include "api/obp/entitlement_requests/entitlement_requests_json.h"
#include "api/obp/handlers.h"

namespace roster::api::obp {

// GET /users/USER_ID/entitlement-requests (OBPv3.0.0 getEntitlementRequests).
core::Result<Reply> GetEntitlementRequests(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto list = call.services().entitlement_requests.ListForUser(*caller, call.Param("USER_ID"));
  if (!list) return std::unexpected(list.error());
  return Reply{http::Status::ok, EntitlementRequestsJson(*list)};
}

}  // namespace roster::api::obp
