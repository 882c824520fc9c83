#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: getConfigurationGroupValue is not implemented yet.
core::Result<Reply> GetConfigurationGroupValue(Call&) {
  return core::Fail(core::ErrorCode::kRouteNotFound);
}

}  // namespace roster::api::apiture
