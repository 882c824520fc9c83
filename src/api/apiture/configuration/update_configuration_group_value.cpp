// PUT /users/configurations/groups/{groupName}/values/{valueName} — updateConfigurationGroupValue:
// the body is the raw JSON value ("text", 120, true, {...}), validated against the value's schema
// (400 invalidConfigurationValue). Administrators only; optional If-Match (412). 200 with the
// value and the new ETag.
#include "api/apiture/configuration/configuration_reply.h"
#include "api/apiture/hal.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> UpdateConfigurationGroupValue(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto if_match = call.IfMatchVersion();
  if (!if_match) return std::unexpected(if_match.error());
  boost::system::error_code ec;
  boost::json::value given = boost::json::parse(call.request().body(), ec);
  if (ec) return core::Fail(core::ErrorCode::kInvalidJson, {}, ec.message());
  auto value = call.services().configuration.SetValue(*caller, call.Param("groupName"),
                                                      call.Param("valueName"), given, *if_match);
  if (!value) return std::unexpected(value.error());
  return Reply{.body = std::move(value->value),
               .etag = EtagOfVersion(value->version),
               .content_type = "application/json"};
}

}  // namespace roster::api::apiture
