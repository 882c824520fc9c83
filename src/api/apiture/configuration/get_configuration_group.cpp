#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: getConfigurationGroup is not implemented yet.
core::Result<Reply> GetConfigurationGroup(Call&) {
  return core::Fail(core::ErrorCode::kRouteNotFound);
}

}  // namespace roster::api::apiture
