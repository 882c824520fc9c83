// PUT /users/configurations/groups/{groupName}/values — updateConfigurationGroupValues: replaces
// every value (omitted ones go back to their defaults) after validating the whole object against
// the group schema (400 invalidConfigurationValue). Administrators only; optional If-Match (412).
// As documented, the 200 body is the group's configurationSchema (docs/dialects.md); the ETag
// is the new values version.
#include "api/apiture/configuration/configuration_reply.h"
#include "api/apiture/hal.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> UpdateConfigurationGroupValues(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto if_match = call.IfMatchVersion();
  if (!if_match) return std::unexpected(if_match.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  auto view = call.services().configuration.ReplaceValues(*caller, call.Param("groupName"), *body,
                                                          *if_match);
  if (!view) return std::unexpected(view.error());
  return Reply{.body = core::SchemaOf(*view->group),
               .etag = EtagOfVersion(view->version),
               .content_type = "application/json"};
}

}  // namespace roster::api::apiture
