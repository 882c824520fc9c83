#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: getConfigurationGroups is not implemented yet.
core::Result<Reply> GetConfigurationGroups(Call&) {
  return core::Fail(core::ErrorCode::kRouteNotFound);
}

}  // namespace roster::api::apiture
