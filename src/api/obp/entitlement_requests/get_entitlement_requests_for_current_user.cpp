#include "api/obp/entitlement_requests/entitlement_requests_json.h"
#include "api/obp/handlers.h"

namespace roster::api::obp {

// GET /my/entitlement-requests (OBPv3.0.0 getEntitlementRequestsForCurrentUser).
core::Result<Reply> GetEntitlementRequestsForCurrentUser(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto list = call.services().entitlement_requests.ListMine(*caller);
  if (!list) return std::unexpected(list.error());
  return Reply{http::Status::ok, EntitlementRequestsJson(*list)};
}

}  // namespace roster::api::obp
