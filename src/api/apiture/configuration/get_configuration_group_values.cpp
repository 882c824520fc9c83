#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: getConfigurationGroupValues is not implemented yet.
core::Result<Reply> GetConfigurationGroupValues(Call&) {
  return core::Fail(core::ErrorCode::kRouteNotFound);
}

}  // namespace roster::api::apiture
