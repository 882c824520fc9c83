#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: getUserTrackingIds is not implemented yet.
core::Result<Reply> GetUserTrackingIds(Call&) {
  return core::Fail(core::ErrorCode::kRouteNotFound);
}

}  // namespace roster::api::apiture
