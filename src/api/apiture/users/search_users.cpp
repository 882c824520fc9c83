#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: searchUsers is not implemented yet.
core::Result<Reply> SearchUsers(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
