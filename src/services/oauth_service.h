// OAuth2 for the Apiture dialect: the token endpoint's grants and the authentication of
// `API-Key` + `Authorization: Bearer` requests.
//
// Scopes a user can obtain: every profiles/* scope (about themselves); admin/read with the
// system role CanGetAnyUser, admin/write with CanLockUser, admin/delete with CanDeleteUser,
// admin/full with all three. A trusted service (client_credentials) can obtain every scope.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/error.h"
#include "services/auth_service.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

struct TokenGrant {
  std::string access_token;
  std::string refresh_token;  // empty for client_credentials
  std::chrono::seconds expires_in{0};
  std::string scope;  // what was granted, space-separated
};

class OAuthService {
 public:
  OAuthService(Ports ports, const Settings& settings, AuthService& auth)
      : ports_(ports), settings_(settings), auth_(auth) {}

  // Resource-owner password grant. `scope` empty: every scope the user may have; otherwise
  // the requested scopes the user may have (kInvalidScope for an unknown scope name).
  // Errors: kInvalidConsumer, kInvalidGrant (bad credentials, unvalidated user), kUserLocked.
  // Runs Argon2: call from the password-hash lane.
  core::Result<TokenGrant> PasswordGrant(std::string_view api_key, std::string_view username,
                                         std::string_view password, std::string_view scope);
  // Trades a refresh token for a new access and refresh token (the old refresh token is spent).
  // `scope` may only narrow the original grant (kInvalidScope otherwise).
  core::Result<TokenGrant> RefreshGrant(std::string_view api_key, std::string_view refresh_token,
                                        std::string_view scope);
  // A token for a trusted service, acting for no user. kUnauthorizedClient unless the consumer
  // is trusted.
  core::Result<TokenGrant> ClientCredentialsGrant(std::string_view api_key, std::string_view scope);

  // The caller of a request. `bearer` empty: only the API key is checked (operations that need
  // no user). Errors: kNotAuthenticated (missing API key), kInvalidConsumer, kInvalidToken
  // (unknown, expired, refresh token, or issued to another consumer), kUserLocked (the user is
  // no longer active).
  core::Result<ScopedPrincipal> Authenticate(std::string_view api_key, std::string_view bearer);

 private:
  core::Result<core::ScopeSet> AllowedScopes(ports::Tx& tx, const core::User& user);
  core::Result<TokenGrant> Issue(ports::Tx& tx, const core::Consumer& consumer,
                                 const std::string& user_id, const core::ScopeSet& scopes,
                                 bool with_refresh);

  Ports ports_;
  const Settings& settings_;
  AuthService& auth_;
};

}  // namespace roster::services
