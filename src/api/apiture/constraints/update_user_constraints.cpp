// PUT /users/users/{userId}/constraints — updateUserConstraints: a complete replacement (omitted
// fields go back to their defaults). Administrators only, never on oneself; optional If-Match
// (412).
#include "api/apiture/constraints/constraints_reply.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> UpdateUserConstraints(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto if_match = call.IfMatchVersion();
  if (!if_match) return std::unexpected(if_match.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  const std::string& user_id = call.Param("userId");
  auto view = call.services().constraints.Replace(*caller, user_id, *body, *if_match);
  if (!view) return std::unexpected(view.error());
  return ConstraintsReply(user_id, *view);
}

}  // namespace roster::api::apiture
