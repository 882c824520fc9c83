// GET /users/configurations/groups/{groupName}/schema — getConfigurationGroupSchema: the group's
// schema, a bare JSON Schema object (application/json). ETag from the body (If-None-Match: 304).
#include "api/apiture/configuration/configuration_reply.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> GetConfigurationGroupSchema(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto view = call.services().configuration.GetGroup(*caller, call.Param("groupName"));
  if (!view) return std::unexpected(view.error());
  return Reply{.body = core::SchemaOf(*view->group),
               .etag = std::string(kEtagFromBody),
               .content_type = "application/json"};
}

}  // namespace roster::api::apiture
