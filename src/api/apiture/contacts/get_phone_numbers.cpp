#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: getPhoneNumbers is not implemented yet.
core::Result<Reply> GetPhoneNumbers(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
