#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// GET /users/user_id/USER_ID (OBPv4.0.0 getUserByUserId), role CanGetAnyUser.
core::Result<Reply> GetUserByUserId(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto details = call.services().users.GetById(*caller, call.Param("USER_ID"));
  if (!details) return std::unexpected(details.error());
  json::object body = UserJsonV400(*details);
  body["agreements"] = json::array{};
  return Reply{http::Status::ok, std::move(body)};
}

}  // namespace roster::api::obp
