#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// POST /user-entitlements (OBPv4.0.0 createUserWithRoles, DAuth): body
// {username, provider, roles:[{bank_id, role_name}]}; 201 EntitlementsJsonV400
// {"list":[{entitlement_id, role_name, bank_id, user_id}]}.
core::Result<Reply> CreateUserWithRoles(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  services::DauthUserRoles input;
  auto username = RequiredString(*body, "username");
  if (!username) return std::unexpected(username.error());
  input.username = std::move(*username);
  auto provider = RequiredString(*body, "provider");
  if (!provider) return std::unexpected(provider.error());
  input.provider = std::move(*provider);
  const json::value* roles = body->if_contains("roles");
  if (roles == nullptr || !roles->is_array()) {
    return core::Fail(core::ErrorCode::kInvalidJson, {}, "roles");
  }
  for (const json::value& role : roles->as_array()) {
    if (!role.is_object()) return core::Fail(core::ErrorCode::kInvalidJson, {}, "roles[]");
    auto bank_id = RequiredString(role.as_object(), "bank_id");
    if (!bank_id) return std::unexpected(bank_id.error());
    auto role_name = RequiredString(role.as_object(), "role_name");
    if (!role_name) return std::unexpected(role_name.error());
    input.roles.push_back({std::move(*bank_id), std::move(*role_name)});
  }
  auto granted = call.services().entitlement_requests.CreateDauthUserWithRoles(*caller, input);
  if (!granted) return std::unexpected(granted.error());
  return Reply{http::Status::created, EntitlementListJson(*granted, true)};
}

}  // namespace roster::api::obp
