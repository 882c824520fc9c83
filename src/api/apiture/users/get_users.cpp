#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: getUsers is not implemented yet.
core::Result<Reply> GetUsers(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
