#include "api/obp/entitlement_requests/entitlement_requests_json.h"
#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// POST /entitlement-requests (OBPv3.0.0 addEntitlementRequest): any authenticated user, for
// itself; 201.
core::Result<Reply> AddEntitlementRequest(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  auto bank_id = RequiredString(*body, "bank_id");
  if (!bank_id) return std::unexpected(bank_id.error());
  auto role_name = RequiredString(*body, "role_name");
  if (!role_name) return std::unexpected(role_name.error());
  auto created = call.services().entitlement_requests.Create(*caller, *bank_id, *role_name);
  if (!created) return std::unexpected(created.error());
  return Reply{http::Status::created, EntitlementRequestJson(*created)};
}

}  // namespace roster::api::obp
