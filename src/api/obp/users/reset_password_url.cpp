#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// POST /management/user/reset-password-url (OBPv4.0.0 resetPasswordUrl): body
// {username, email, user_id}; 201 {"reset_password_url": "<link>" or ""}.
core::Result<Reply> ResetPasswordUrl(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  services::ResetLinkRequest request;
  for (auto [key, field] :
       {std::pair{"username", &request.username}, std::pair{"email", &request.email},
        std::pair{"user_id", &request.user_id}}) {
    auto value = RequiredString(*body, key);
    if (!value) return std::unexpected(value.error());
    *field = std::move(*value);
  }
  auto link = call.services().password_resets.CreateLink(*caller, request);
  if (!link) return std::unexpected(link.error());
  return Reply{http::Status::created, json::object{{"reset_password_url", *link}}};
}

}  // namespace roster::api::obp
