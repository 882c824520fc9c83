#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: getAddress is not implemented yet.
core::Result<Reply> GetAddress(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
