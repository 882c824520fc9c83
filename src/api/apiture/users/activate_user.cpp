#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: activateUser is not implemented yet.
core::Result<Reply> ActivateUser(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
