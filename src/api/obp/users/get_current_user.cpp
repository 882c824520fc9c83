#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// GET /users/current (OBPv3.0.0 getCurrentUser).
core::Result<Reply> GetCurrentUser(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto details = call.services().users.Current(*caller);
  if (!details) return std::unexpected(details.error());
  return Reply{http::Status::ok, UserJsonV300(*details)};
}

}  // namespace roster::api::obp
