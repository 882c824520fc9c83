#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: getApiDoc is not implemented yet.
core::Result<Reply> GetApiDoc(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
