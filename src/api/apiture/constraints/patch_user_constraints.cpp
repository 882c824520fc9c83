#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: patchUserConstraints is not implemented yet.
core::Result<Reply> PatchUserConstraints(Call&) {
  return core::Fail(core::ErrorCode::kRouteNotFound);
}

}  // namespace roster::api::apiture
