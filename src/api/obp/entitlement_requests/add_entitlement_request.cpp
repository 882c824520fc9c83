// Placeholder until its owner lands it: answers 500 so that no client mistakes it for done.
#include "api/obp/handlers.h"

namespace roster::api::obp {

core::Result<Reply> AddEntitlementRequest(Call& /*call*/) {
  return core::Fail(core::ErrorCode::kInternal, {}, "addEntitlementRequest is being written");
}

}  // namespace roster::api::obp
