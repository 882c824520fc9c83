#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: deleteEmailAddress is not implemented yet.
core::Result<Reply> DeleteEmailAddress(Call&) {
  return core::Fail(core::ErrorCode::kRouteNotFound);
}

}  // namespace roster::api::apiture
