#include "api/obp/auth_contexts/auth_contexts_json.h"
#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// POST /users/USER_ID/auth-context (OBPv3.1.0 and OBPv5.0.0 createUserAuthContext), role
// CanCreateUserAuthContext: 201. The v5.0.0 JSON adds consumer_id.
core::Result<Reply> CreateUserAuthContext(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  auto key = RequiredString(*body, "key");
  if (!key) return std::unexpected(key.error());
  auto value = RequiredString(*body, "value");
  if (!value) return std::unexpected(value.error());
  auto created = call.services().auth_contexts.Create(*caller, call.Param("USER_ID"), *key, *value);
  if (!created) return std::unexpected(created.error());
  return Reply{http::Status::created,
               UserAuthContextJson(*created, ShowsConsumerId(call.implemented_in()))};
}

}  // namespace roster::api::obp
