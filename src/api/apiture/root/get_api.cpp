#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: getApi is not implemented yet.
core::Result<Reply> GetApi(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
