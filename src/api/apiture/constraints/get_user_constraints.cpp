#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: getUserConstraints is not implemented yet.
core::Result<Reply> GetUserConstraints(Call&) {
  return core::Fail(core::ErrorCode::kRouteNotFound);
}

}  // namespace roster::api::apiture
