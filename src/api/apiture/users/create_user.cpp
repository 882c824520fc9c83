#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: createUser is not implemented yet.
core::Result<Reply> CreateUser(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
