// GET /users/configurations/groups/{groupName} — getConfigurationGroup: the group with its schema
// and its values inline. ETag "v<values version>" (If-None-Match: 304), the same tag as the
// values resource, so it may be sent as If-Match when updating the values.
#include "api/apiture/configuration/configuration_reply.h"
#include "api/apiture/hal.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> GetConfigurationGroup(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto view = call.services().configuration.GetGroup(*caller, call.Param("groupName"));
  if (!view) return std::unexpected(view.error());
  return Reply{.body = GroupBody(*view), .etag = EtagOfVersion(view->version)};
}

}  // namespace roster::api::apiture
