// GET /users/configurations/groups/{groupName}/values — getConfigurationGroupValues: the values,
// a bare object of name -> value (application/json); the schema defaults for values never set.
// ETag "v<version>" (If-None-Match: 304).
#include "api/apiture/configuration/configuration_reply.h"
#include "api/apiture/hal.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> GetConfigurationGroupValues(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto view = call.services().configuration.GetGroup(*caller, call.Param("groupName"));
  if (!view) return std::unexpected(view.error());
  return Reply{.body = std::move(view->values),
               .etag = EtagOfVersion(view->version),
               .content_type = "application/json"};
}

}  // namespace roster::api::apiture
