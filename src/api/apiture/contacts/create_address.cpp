#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: createAddress is not implemented yet.
core::Result<Reply> CreateAddress(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
