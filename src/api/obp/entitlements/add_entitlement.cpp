#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// POST /users/USER_ID/entitlements (OBPv2.0.0 addEntitlement): 201.
core::Result<Reply> AddEntitlement(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  auto bank_id = RequiredString(*body, "bank_id");
  if (!bank_id) return std::unexpected(bank_id.error());
  auto role_name = RequiredString(*body, "role_name");
  if (!role_name) return std::unexpected(role_name.error());
  auto granted =
      call.services().entitlements.Grant(*caller, call.Param("USER_ID"), *bank_id, *role_name);
  if (!granted) return std::unexpected(granted.error());
  return Reply{http::Status::created, EntitlementJson(*granted)};
}

}  // namespace roster::api::obp
