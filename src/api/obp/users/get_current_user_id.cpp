#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// GET /users/current/user_id (OBPv4.0.0 getCurrentUserId).
core::Result<Reply> GetCurrentUserId(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  return Reply{http::Status::ok, json::object{{"user_id", caller->user.id}}};
}

}  // namespace roster::api::obp
