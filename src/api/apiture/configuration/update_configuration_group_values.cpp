#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: updateConfigurationGroupValues is not implemented yet.
core::Result<Reply> UpdateConfigurationGroupValues(Call&) {
  return core::Fail(core::ErrorCode::kRouteNotFound);
}

}  // namespace roster::api::apiture
