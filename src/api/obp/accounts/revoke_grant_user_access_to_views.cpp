#include "api/obp/accounts/accounts_json.h"
#include "api/obp/handlers.h"

namespace roster::api::obp {

// PUT /banks/BANK_ID/accounts/ACCOUNT_ID/account-access (OBPv4.0.0
// revokeGrantUserAccessToViews), body {views:[{view_id, is_system}]}: replaces the caller's own
// views; 201 {"revoked":true}.
core::Result<Reply> RevokeGrantUserAccessToViews(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  auto views = ViewRefsFromJson(*body, "views");
  if (!views) return std::unexpected(views.error());
  auto replaced = call.services().accounts.ReplaceMyViews(*caller, call.Param("BANK_ID"),
                                                          call.Param("ACCOUNT_ID"), *views);
  if (!replaced) return std::unexpected(replaced.error());
  return Reply{http::Status::created, json::object{{"revoked", true}}};
}

}  // namespace roster::api::obp
