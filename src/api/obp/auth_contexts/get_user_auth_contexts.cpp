#include "api/obp/auth_contexts/auth_contexts_json.h"
#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// GET /users/USER_ID/auth-context (OBPv3.1.0 and OBPv5.0.0 getUserAuthContexts), role
// CanGetUserAuthContext: 200. The v5.0.0 items add consumer_id.
core::Result<Reply> GetUserAuthContexts(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto contexts = call.services().auth_contexts.List(*caller, call.Param("USER_ID"));
  if (!contexts) return std::unexpected(contexts.error());
  return Reply{http::Status::ok,
               UserAuthContextsJson(*contexts, ShowsConsumerId(call.implemented_in()))};
}

}  // namespace roster::api::obp
