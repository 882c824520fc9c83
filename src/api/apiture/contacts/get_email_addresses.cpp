#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: getEmailAddresses is not implemented yet.
core::Result<Reply> GetEmailAddresses(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
