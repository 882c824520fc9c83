// GET /users/configurations/groups/{groupName}/values/{valueName} — getConfigurationGroupValue:
// the raw JSON value (application/json); null when the value is neither set nor has a default.
// ETag "v<values version>".
#include "api/apiture/configuration/configuration_reply.h"
#include "api/apiture/hal.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> GetConfigurationGroupValue(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto value = call.services().configuration.GetValue(*caller, call.Param("groupName"),
                                                      call.Param("valueName"));
  if (!value) return std::unexpected(value.error());
  return Reply{.body = std::move(value->value),
               .etag = EtagOfVersion(value->version),
               .content_type = "application/json"};
}

}  // namespace roster::api::apiture
