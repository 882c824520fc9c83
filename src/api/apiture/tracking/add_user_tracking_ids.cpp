#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: addUserTrackingIds is not implemented yet.
core::Result<Reply> AddUserTrackingIds(Call&) {
  return core::Fail(core::ErrorCode::kRouteNotFound);
}

}  // namespace roster::api::apiture
