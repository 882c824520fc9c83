// POST /users/users/{userId}/trackingIds — addUserTrackingIds: adds the ids of the optional
// createResourceTrackingIds body ({"trackingIds": ["..."]}); duplicates are ignored and the
// oldest ids beyond 150 dropped. 200 with every id of the user.
#include "api/apiture/handlers.h"
#include "api/apiture/tracking/tracking_reply.h"
#include "services/tracking_service.h"

namespace roster::api::apiture {

namespace json = boost::json;

core::Result<Reply> AddUserTrackingIds(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  std::vector<std::string> ids;
  // The body is optional: none adds nothing.
  if (call.request().body().find_first_not_of(" \t\r\n") != std::string::npos) {
    auto body = call.Body();
    if (!body) return std::unexpected(body.error());
    if (const json::value* given = body->if_contains("trackingIds")) {
      if (!given->is_array()) return core::Fail(core::ErrorCode::kInvalidInput, "trackingIds");
      for (const json::value& id : given->get_array()) {
        if (!id.is_string()) return core::Fail(core::ErrorCode::kInvalidInput, "trackingIds");
        ids.emplace_back(id.get_string());
      }
    }
  }
  const std::string& user_id = call.Param("userId");
  auto list = call.services().tracking.Add(*caller, user_id, ids);
  if (!list) return std::unexpected(list.error());
  return TrackingIdsReply(user_id, *list);
}

}  // namespace roster::api::apiture
