#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: createPhoneNumber is not implemented yet.
core::Result<Reply> CreatePhoneNumber(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
