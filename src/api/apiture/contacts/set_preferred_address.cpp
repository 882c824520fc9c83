#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: setPreferredAddress is not implemented yet.
core::Result<Reply> SetPreferredAddress(Call&) {
  return core::Fail(core::ErrorCode::kRouteNotFound);
}

}  // namespace roster::api::apiture
