#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// POST /user_mgt/reset_password/SECRET (unversioned): the target of the link issued by
// resetPasswordUrl. The reference serves an HTML form here; Roster takes the JSON body
// {"password": "..."} and answers 200 {"reset": true}. Anonymous: the secret is the credential.
core::Result<Reply> ResetPassword(Call& call) {
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  auto password = RequiredString(*body, "password");
  if (!password) return std::unexpected(password.error());
  auto done = call.services().password_resets.Reset(call.Param("SECRET"), *password);
  if (!done) return std::unexpected(done.error());
  return Reply{http::Status::ok, json::object{{"reset", true}}};
}

}  // namespace roster::api::obp
