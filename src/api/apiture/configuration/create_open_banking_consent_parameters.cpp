#include "api/apiture/handlers.h"

namespace roster::api::apiture {

// PENDING: createOpenBankingConsentParameters is not implemented yet.
core::Result<Reply> CreateOpenBankingConsentParameters(Call&) {
  return core::Fail(core::ErrorCode::kRouteNotFound);
}

}  // namespace roster::api::apiture
