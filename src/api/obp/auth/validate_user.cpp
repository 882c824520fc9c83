#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// GET /user_mgt/validate_user/SECRET: the link sent at registration.
core::Result<Reply> ValidateUser(Call& call) {
  if (auto done = call.services().users.ValidateEmail(call.Param("SECRET")); !done) {
    return std::unexpected(done.error());
  }
  return Reply{http::Status::ok, json::object{{"validated", true}}};
}

}  // namespace roster::api::obp
