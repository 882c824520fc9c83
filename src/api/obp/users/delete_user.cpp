#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// DELETE /users/USER_ID (OBPv4.0.0 deleteUser), role CanDeleteUser: 200 `true`.
core::Result<Reply> DeleteUser(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  if (auto done = call.services().users.Delete(*caller, call.Param("USER_ID")); !done) {
    return std::unexpected(done.error());
  }
  return Reply{http::Status::ok, json::value(true)};
}

}  // namespace roster::api::obp
