// GET /users/users/{userId}/trackingIds — getUserTrackingIds: every tracking id of the user,
// oldest first (an empty array when none). ETag from the body (If-None-Match: 304).
#include "api/apiture/handlers.h"
#include "api/apiture/tracking/tracking_reply.h"
#include "services/tracking_service.h"

namespace roster::api::apiture {

core::Result<Reply> GetUserTrackingIds(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  const std::string& user_id = call.Param("userId");
  auto list = call.services().tracking.List(*caller, user_id);
  if (!list) return std::unexpected(list.error());
  return TrackingIdsReply(user_id, *list);
}

}  // namespace roster::api::apiture
