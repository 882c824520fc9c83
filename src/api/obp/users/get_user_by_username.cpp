#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// GET /users/username/USERNAME (OBPv4.0.0 getUserByUsername), role CanGetAnyUser.
core::Result<Reply> GetUserByUsername(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto details = call.services().users.GetByUsername(*caller, call.Param("USERNAME"));
  if (!details) return std::unexpected(details.error());
  return Reply{http::Status::ok, UserJsonV400(*details)};
}

}  // namespace roster::api::obp
