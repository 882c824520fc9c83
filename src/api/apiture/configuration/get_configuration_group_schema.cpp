#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: getConfigurationGroupSchema is not implemented yet.
core::Result<Reply> GetConfigurationGroupSchema(Call&) {
  return core::Fail(core::ErrorCode::kRouteNotFound);
}

}  // namespace roster::api::apiture
