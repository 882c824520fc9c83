#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: createEmailAddress is not implemented yet.
core::Result<Reply> CreateEmailAddress(Call&) {
  return core::Fail(core::ErrorCode::kRouteNotFound);
}

}  // namespace roster::api::apiture
