#include "api/obp/auth_contexts/auth_contexts_json.h"
#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// POST /banks/BANK_ID/users/current/auth-context-updates/SCA_METHOD (OBPv3.1.0 and OBPv5.0.0
// createUserAuthContextUpdateRequest): 201 with status INITIATED; the one-time code goes out of
// band. The v5.0.0 JSON adds consumer_id.
core::Result<Reply> CreateUserAuthContextUpdateRequest(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  auto key = RequiredString(*body, "key");
  if (!key) return std::unexpected(key.error());
  auto value = RequiredString(*body, "value");
  if (!value) return std::unexpected(value.error());
  auto update = call.services().auth_contexts.RequestUpdate(*caller, call.Param("BANK_ID"),
                                                            call.Param("SCA_METHOD"), *key, *value);
  if (!update) return std::unexpected(update.error());
  return Reply{http::Status::created,
               AuthContextUpdateJson(*update, ShowsConsumerId(call.implemented_in()))};
}

}  // namespace roster::api::obp
