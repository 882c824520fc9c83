#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// DELETE /users/USER_ID/auth-context/USER_AUTH_CONTEXT_ID (OBPv3.1.0 deleteUserAuthContextById),
// role CanDeleteUserAuthContext: 200 `true`.
core::Result<Reply> DeleteUserAuthContextById(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto done = call.services().auth_contexts.Delete(*caller, call.Param("USER_ID"),
                                                   call.Param("USER_AUTH_CONTEXT_ID"));
  if (!done) return std::unexpected(done.error());
  return Reply{http::Status::ok, json::value(true)};
}

}  // namespace roster::api::obp
