#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: deleteAddress is not implemented yet.
core::Result<Reply> DeleteAddress(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
