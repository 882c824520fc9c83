// lookupUsers — POST /users/userLookup (deprecated since v0.38.0, still served). userSearch:
// {"taxId"} (usually encrypted with the secret key; Call::Body decrypts), and as extensions
// "username", "emailAddress", "customerId"; every given property must match.
#include "api/apiture/handlers.h"
#include "api/apiture/users/user_json.h"
#include "services/profile_service.h"

namespace roster::api::apiture {

core::Result<Reply> LookupUsers(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  services::UserLookup lookup;
  const std::pair<std::string_view, std::string*> properties[] = {
      {"taxId", &lookup.tax_id},
      {"username", &lookup.username},
      {"emailAddress", &lookup.email},
      {"customerId", &lookup.customer_id}};
  for (const auto& [name, target] : properties) {
    const boost::json::value* value = body->if_contains(name);
    if (value == nullptr || value->is_null()) continue;
    if (value->is_string() && value->as_string().size() <= 256) {
      *target = std::string(value->as_string());
    } else if (name == "customerId" && value->is_int64() && value->as_int64() >= 0) {
      *target = std::to_string(value->as_int64());
    } else {
      return core::Fail(core::ErrorCode::kInvalidInput, std::string(name));
    }
  }
  auto found = call.services().profiles.Lookup(*caller, lookup);
  if (!found) return std::unexpected(found.error());
  return Reply{.body = EncodeFoundUsers(*found)};
}

}  // namespace roster::api::apiture
