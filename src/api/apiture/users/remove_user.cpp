#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: removeUser is not implemented yet.
core::Result<Reply> RemoveUser(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
