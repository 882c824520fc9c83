#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: lockUser is not implemented yet.
core::Result<Reply> LockUser(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
