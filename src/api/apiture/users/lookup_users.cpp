#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: lookupUsers is not implemented yet.
core::Result<Reply> LookupUsers(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
