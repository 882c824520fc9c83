#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// GET /users/USERNAME/lock-status (OBPv3.1.0 getBadLoginStatus), role CanReadUserLockedStatus.
core::Result<Reply> GetBadLoginStatus(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto status = call.services().users.GetLockStatus(*caller, call.Param("USERNAME"));
  if (!status) return std::unexpected(status.error());
  return Reply{http::Status::ok, LockStatusJson(*status)};
}

}  // namespace roster::api::obp
