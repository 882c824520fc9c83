#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// POST /users/USERNAME/locks (OBPv4.0.0 lockUser), role CanLockUser.
core::Result<Reply> LockUser(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto lock = call.services().users.Lock(*caller, call.Param("USERNAME"));
  if (!lock) return std::unexpected(lock.error());
  return Reply{http::Status::ok,
               json::object{{"user_id", lock->user_id},
                            {"type_of_lock", lock->type_of_lock},
                            {"last_lock_date", FormatDate(lock->last_lock_date)}}};
}

}  // namespace roster::api::obp
