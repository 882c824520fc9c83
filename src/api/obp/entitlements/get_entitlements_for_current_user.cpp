#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// GET /my/entitlements (OBPv3.0.0 getEntitlementsForCurrentUser).
core::Result<Reply> GetEntitlementsForCurrentUser(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto list = call.services().entitlements.ListMine(*caller);
  if (!list) return std::unexpected(list.error());
  return Reply{http::Status::ok, EntitlementListJson(*list, false)};
}

}  // namespace roster::api::obp
