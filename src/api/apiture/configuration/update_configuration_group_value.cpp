#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: updateConfigurationGroupValue is not implemented yet.
core::Result<Reply> UpdateConfigurationGroupValue(Call&) {
  return core::Fail(core::ErrorCode::kRouteNotFound);
}

}  // namespace roster::api::apiture
