#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// GET /users/current/logout-link (OBPv4.0.0 getLogoutLink):
// 200 {"link":"<hostname>/user_mgt/logout"}.
core::Result<Reply> GetLogoutLink(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  return Reply{http::Status::ok,
               json::object{{"link", call.services().settings.hostname + "/user_mgt/logout"}}};
}

}  // namespace roster::api::obp
