#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: getEncryptionKeys is not implemented yet.
core::Result<Reply> GetEncryptionKeys(Call&) { return core::Fail(core::ErrorCode::kRouteNotFound); }

}  // namespace roster::api::apiture
