#include "api/apiture/tracking/tracking_reply.h"

#include "api/apiture/hal.h"

namespace roster::api::apiture {

namespace json = boost::json;

Reply TrackingIdsReply(std::string_view user_id, const std::vector<core::TrackingId>& ids) {
  const std::string user = "/users/users/" + std::string(user_id);
  json::array items;
  for (const core::TrackingId& id : ids) {
    items.push_back(json::object{{"id", id.value}, {"createdAt", FormatTime(id.created_at)}});
  }
  json::object body{
      {"_profile", ProfileUri("common", "resourceTrackingIds", "1.1.3")},
      {"_links", {{"self", Link(user + "/trackingIds")}, {"apiture:resource", Link(user)}}},
      {"trackingIds", std::move(items)}};
  return Reply{.body = std::move(body), .etag = std::string(kEtagFromBody)};
}

}  // namespace roster::api::apiture
