#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: getUser is not implemented yet.
core::Result<Reply> GetUser(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
