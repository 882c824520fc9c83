#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: patchUser is not implemented yet.
core::Result<Reply> PatchUser(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
