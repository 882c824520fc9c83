#include "api/obp/accounts/accounts_json.h"
#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// POST /banks/BANK_ID/accounts/ACCOUNT_ID/account-access/revoke (OBPv4.0.0
// revokeUserAccessToView), body {user_id, view:{view_id, is_system}}: 201 {"revoked":true}, also
// when the user did not hold the view (the outcome the caller asked for holds).
core::Result<Reply> RevokeUserAccessToView(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  auto user_id = RequiredString(*body, "user_id");
  if (!user_id) return std::unexpected(user_id.error());
  const json::value* view_json = body->if_contains("view");
  auto view = ViewRefFromJson(view_json != nullptr ? *view_json : json::value());
  if (!view) return std::unexpected(view.error());
  auto revoked = call.services().accounts.Revoke(*caller, call.Param("BANK_ID"),
                                                 call.Param("ACCOUNT_ID"), *user_id, *view);
  if (!revoked) return std::unexpected(revoked.error());
  return Reply{http::Status::created, json::object{{"revoked", true}}};
}

}  // namespace roster::api::obp
