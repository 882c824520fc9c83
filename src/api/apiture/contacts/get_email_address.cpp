#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: getEmailAddress is not implemented yet.
core::Result<Reply> GetEmailAddress(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
