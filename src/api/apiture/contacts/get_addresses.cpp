#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: getAddresses is not implemented yet.
core::Result<Reply> GetAddresses(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
