#include "api/obp/accounts/accounts_json.h"
#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// POST /banks/BANK_ID/accounts/ACCOUNT_ID/account-access/grant (OBPv4.0.0
// grantUserAccessToView), body {user_id, view:{view_id, is_system}}: 201 ViewJsonV300.
core::Result<Reply> GrantUserAccessToView(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  auto user_id = RequiredString(*body, "user_id");
  if (!user_id) return std::unexpected(user_id.error());
  const json::value* view_json = body->if_contains("view");
  auto view = ViewRefFromJson(view_json != nullptr ? *view_json : json::value());
  if (!view) return std::unexpected(view.error());
  auto granted = call.services().accounts.Grant(*caller, call.Param("BANK_ID"),
                                                call.Param("ACCOUNT_ID"), *user_id, *view);
  if (!granted) return std::unexpected(granted.error());
  return Reply{http::Status::created, ViewJsonV300(*granted)};
}

}  // namespace roster::api::obp
