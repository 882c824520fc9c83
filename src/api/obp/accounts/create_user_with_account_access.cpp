#include "api/obp/accounts/accounts_json.h"
#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// POST /banks/BANK_ID/accounts/ACCOUNT_ID/user-account-access (OBPv4.0.0
// createUserWithAccountAccess), body {username, provider, views:[{view_id, is_system}]}: 201 with
// the granted views as a bare JSON array (the reference returns List[ViewJsonV300]).
core::Result<Reply> CreateUserWithAccountAccess(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  services::DauthAccess access;
  auto username = RequiredString(*body, "username");
  if (!username) return std::unexpected(username.error());
  access.username = std::move(*username);
  auto provider = RequiredString(*body, "provider");
  if (!provider) return std::unexpected(provider.error());
  access.provider = std::move(*provider);
  auto views = ViewRefsFromJson(*body, "views");
  if (!views) return std::unexpected(views.error());
  access.views = std::move(*views);
  auto granted = call.services().accounts.CreateUserWithAccess(*caller, call.Param("BANK_ID"),
                                                               call.Param("ACCOUNT_ID"), access);
  if (!granted) return std::unexpected(granted.error());
  return Reply{http::Status::created, ViewListJson(*granted)};
}

}  // namespace roster::api::obp
