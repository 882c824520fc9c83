#include "api/obp/handlers.h"

namespace roster::api::obp {

// DELETE /entitlement-requests/ENTITLEMENT_REQUEST_ID (OBPv3.0.0 deleteEntitlementRequest):
// 200 with the bare JSON `true`, as in the reference.
core::Result<Reply> DeleteEntitlementRequest(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto deleted =
      call.services().entitlement_requests.Delete(*caller, call.Param("ENTITLEMENT_REQUEST_ID"));
  if (!deleted) return std::unexpected(deleted.error());
  return Reply{http::Status::ok, boost::json::value(true)};
}

}  // namespace roster::api::obp
