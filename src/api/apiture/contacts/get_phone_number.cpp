#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: getPhoneNumber is not implemented yet.
core::Result<Reply> GetPhoneNumber(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
