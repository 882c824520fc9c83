#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: updateUser is not implemented yet.
core::Result<Reply> UpdateUser(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
