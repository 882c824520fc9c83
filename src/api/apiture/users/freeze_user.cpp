#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: freezeUser is not implemented yet.
core::Result<Reply> FreezeUser(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
