// The `resourceTrackingIds` representation shared by addUserTrackingIds and getUserTrackingIds.
#pragma once

#include <string_view>
#include <vector>

#include "api/apiture/call.h"
#include "core/model.h"

namespace roster::api::apiture {

// {"_profile", "_links": {"self", "apiture:resource"}, "trackingIds": [{"id", "createdAt"}]},
// oldest first, with an ETag derived from the body.
Reply TrackingIdsReply(std::string_view user_id, const std::vector<core::TrackingId>& ids);

}  // namespace roster::api::apiture
