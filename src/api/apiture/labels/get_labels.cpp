#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: getLabels is not implemented yet.
core::Result<Reply> GetLabels(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
