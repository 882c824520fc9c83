#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: deactivateUser is not implemented yet.
core::Result<Reply> DeactivateUser(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
