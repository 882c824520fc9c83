// createUser — POST /users/users (administrators and trusted services). Runs on the
// password-hash lane: the optional `password` extension is hashed with Argon2id.
#include "api/apiture/handlers.h"
#include "api/apiture/users/user_json.h"
#include "api/apiture/users/user_reply.h"

namespace roster::api::apiture {

core::Result<Reply> CreateUser(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  auto input = DecodeCreateUser(*body);
  if (!input) return std::unexpected(input.error());
  auto view = call.services().profiles.Create(*caller, std::move(*input));
  if (!view) return std::unexpected(view.error());
  Reply reply = UserReply(*view, http::Status::created);
  reply.location = UserPath(view->record.user.id);
  return reply;
}

}  // namespace roster::api::apiture
