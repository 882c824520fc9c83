// POST /auth/oauth2/token — the OAuth2 token endpoint (RFC 6749). The client authenticates with
// its API key (API-Key header); the body is application/x-www-form-urlencoded with grant_type
// password (username, password, scope), refresh_token (refresh_token, scope) or
// client_credentials (scope; trusted consumers only).
#include <boost/url/parse.hpp>

#include "api/apiture/errors.h"
#include "api/apiture/handlers.h"
#include "services/oauth_service.h"

namespace roster::api::apiture {

namespace {

struct Form {
  std::map<std::string, std::string, std::less<>> fields;
  std::string Get(std::string_view name) const {
    auto it = fields.find(name);
    return it == fields.end() ? std::string() : it->second;
  }
};

core::Result<Form> ParseForm(std::string_view body) {
  // Boost.URL decodes application/x-www-form-urlencoded the same way as a query string.
  std::string query = "/?" + std::string(body);
  auto url = boost::urls::parse_origin_form(query);
  if (!url) return core::Fail(core::ErrorCode::kInvalidInput, "body");
  Form form;
  for (auto param : url->params()) {
    std::string key(param.key);
    if (form.fields.contains(key)) return core::Fail(core::ErrorCode::kInvalidInput, key);
    form.fields.emplace(std::move(key), std::string(param.value));
  }
  return form;
}

}  // namespace

core::Result<Reply> CreateToken(Call& call) {
  auto form = ParseForm(call.request().body());
  if (!form) return std::unexpected(form.error());
  std::string api_key = call.Header("API-Key").value_or("");
  if (api_key.empty()) return core::Fail(core::ErrorCode::kInvalidConsumer);
  const std::string grant_type = form->Get("grant_type");
  const std::string scope = form->Get("scope");
  core::Result<services::TokenGrant> grant = core::Fail(core::ErrorCode::kInternal);
  if (grant_type == "password") {
    std::string username = form->Get("username");
    std::string password = form->Get("password");
    if (username.empty()) return core::Fail(core::ErrorCode::kInvalidInput, "username");
    if (password.empty()) return core::Fail(core::ErrorCode::kInvalidInput, "password");
    grant = call.services().oauth.PasswordGrant(api_key, username, password, scope);
  } else if (grant_type == "refresh_token") {
    std::string refresh = form->Get("refresh_token");
    if (refresh.empty()) return core::Fail(core::ErrorCode::kInvalidInput, "refresh_token");
    grant = call.services().oauth.RefreshGrant(api_key, refresh, scope);
  } else if (grant_type == "client_credentials") {
    grant = call.services().oauth.ClientCredentialsGrant(api_key, scope);
  } else if (grant_type.empty()) {
    return core::Fail(core::ErrorCode::kInvalidInput, "grant_type");
  } else {
    return core::Fail(core::ErrorCode::kUnsupportedGrantType, grant_type);
  }
  if (!grant) return std::unexpected(grant.error());
  boost::json::object body{{"access_token", grant->access_token},
                           {"token_type", "Bearer"},
                           {"expires_in", grant->expires_in.count()},
                           {"scope", grant->scope}};
  if (!grant->refresh_token.empty()) body["refresh_token"] = grant->refresh_token;
  return Reply{.body = std::move(body), .content_type = "application/json"};
}

}  // namespace roster::api::apiture
