#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: setPreferredPhoneNumber is not implemented yet.
core::Result<Reply> SetPreferredPhoneNumber(Call&) {
  return core::Fail(core::ErrorCode::kRouteNotFound);
}

}  // namespace roster::api::apiture
