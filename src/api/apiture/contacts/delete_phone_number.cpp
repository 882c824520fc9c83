#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: deletePhoneNumber is not implemented yet.
core::Result<Reply> DeletePhoneNumber(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
