#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: updateUserConstraints is not implemented yet.
core::Result<Reply> UpdateUserConstraints(Call&) {
  return core::Fail(core::ErrorCode::kRouteNotFound);
}

}  // namespace roster::api::apiture
