// Logins, tokens and consumers. Dialect-neutral: DirectLogin header parsing lives in api/obp.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

class AuthService {
 public:
  AuthService(Ports ports, const Settings& settings) : ports_(ports), settings_(settings) {}

  // Registers a client application; returns its key (shown once; only its digest is stored).
  // A trusted consumer (a bank's own service) may obtain client_credentials tokens.
  core::Result<std::string> CreateConsumer(std::string_view name, bool trusted = false);

  // kInvalidConsumer unless the key belongs to an enabled consumer.
  core::Result<core::Consumer> CheckConsumer(std::string_view consumer_key);

  // Password login for a local user; returns a new access token (several may be live at once).
  // Always spends one Argon2 verification, whether or not the user exists, so that timing does
  // not reveal who exists. Errors: kInvalidConsumer, kInvalidCredentials (unknown user, wrong
  // password, unvalidated user), kUserLocked (locked, or too many bad attempts: the
  // (max+1)-th consecutive failure locks the user). Every failure counts as a bad attempt; a
  // success resets the counter. Runs Argon2: call from the password-hash lane.
  core::Result<std::string> LoginWithPassword(std::string_view username, std::string_view password,
                                              std::string_view consumer_key);

  // The password check shared by every login flow (DirectLogin, OAuth2 password grant): counts
  // failures and locks like LoginWithPassword, then, in the transaction that resets the failure
  // counter, calls `issue` to store the caller's credentials. Returns the user.
  using IssueFn = std::function<core::Result<void>(ports::Tx&, const core::User&)>;
  core::Result<core::User> CheckPassword(std::string_view username, std::string_view password,
                                         const IssueFn& issue);

  // The principal of an access token. Errors: kInvalidToken (unknown or expired),
  // kUserDeleted, kUserLocked (any state other than active).
  core::Result<Principal> Authenticate(std::string_view token);

  // Revokes one token (idempotent).
  core::Result<void> RevokeToken(std::string_view token);

 private:
  Ports ports_;
  const Settings& settings_;
};

}  // namespace roster::services
