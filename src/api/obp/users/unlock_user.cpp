#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// PUT /users/USERNAME/lock-status (OBPv3.1.0 unlockUser), role CanUnlockUser.
core::Result<Reply> UnlockUser(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto status = call.services().users.Unlock(*caller, call.Param("USERNAME"));
  if (!status) return std::unexpected(status.error());
  return Reply{http::Status::ok, LockStatusJson(*status)};
}

}  // namespace roster::api::obp
