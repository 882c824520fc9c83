#include <chrono>
#include <string>

#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// POST /users/USER_ID/refresh (OBPv3.1.0 refreshUser): 201 {"duration_time":" <n> ms"} (the
// reference puts a space before the number). The body is ignored.
core::Result<Reply> RefreshUser(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  const auto started = std::chrono::steady_clock::now();
  auto refreshed = call.services().accounts.RefreshUser(*caller, call.Param("USER_ID"));
  if (!refreshed) return std::unexpected(refreshed.error());
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  return Reply{http::Status::created,
               json::object{{"duration_time", " " + std::to_string(elapsed.count()) + " ms"}}};
}

}  // namespace roster::api::obp
