// GET /users/users/{userId}/constraints — getUserConstraints: the user's limits; the defaults
// for fields an administrator never set. ETag "v<version>" (If-None-Match: 304).
#include "api/apiture/constraints/constraints_reply.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> GetUserConstraints(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  const std::string& user_id = call.Param("userId");
  auto view = call.services().constraints.Get(*caller, user_id);
  if (!view) return std::unexpected(view.error());
  return ConstraintsReply(user_id, *view);
}

}  // namespace roster::api::apiture
