// getUser — GET /users/users/{userId}[?fields=a,b]
#include "api/apiture/hal.h"
#include "api/apiture/handlers.h"
#include "api/apiture/users/user_json.h"
#include "api/apiture/users/user_reply.h"

namespace roster::api::apiture {

core::Result<Reply> GetUser(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  std::optional<std::vector<std::string>> fields;
  if (auto text = call.Query("fields")) {
    auto parsed = ParseFields(*text);
    if (!parsed) return std::unexpected(parsed.error());
    fields = std::move(*parsed);
  }
  auto view = call.services().profiles.Get(*caller, call.Param("userId"));
  if (!view) return std::unexpected(view.error());
  Reply reply = UserReply(*view);
  if (fields) reply.body = ProjectFields(reply.body->as_object(), *fields);
  return reply;
}

}  // namespace roster::api::apiture
