#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: setPreferredEmailAddress is not implemented yet.
core::Result<Reply> SetPreferredEmailAddress(Call&) {
  return core::Fail(core::ErrorCode::kRouteNotFound);
}

}  // namespace roster::api::apiture
