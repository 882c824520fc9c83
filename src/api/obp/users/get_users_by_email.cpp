#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// GET /users/email/EMAIL/terminator (OBPv4.0.0 getUsersByEmail), role CanGetAnyUser.
core::Result<Reply> GetUsersByEmail(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto users = call.services().users.GetByEmail(*caller, call.Param("EMAIL"));
  if (!users) return std::unexpected(users.error());
  json::array list;
  for (const auto& details : *users) list.push_back(UserJsonV400(details));
  return Reply{http::Status::ok, json::object{{"users", std::move(list)}}};
}

}  // namespace roster::api::obp
