#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: setTaxAddress is not implemented yet.
core::Result<Reply> SetTaxAddress(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
