// Password reset links and setting a new password through one (obp-reference-behaviour.md
// §2.11 "Password reset URL").
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

// Who the link is for: all three must describe the same validated local user.
struct ResetLinkRequest {
  std::string username;
  std::string email;
  std::string user_id;
};

class PasswordResetService {
 public:
  PasswordResetService(Ports ports, const Settings& settings)
      : ports_(ports), settings_(settings) {}

  // Issues a one-time link "<hostname>/user_mgt/reset_password/<secret>", valid for
  // password_reset_ttl; only the digest of the secret is stored. Checks, in order: the endpoint
  // is enabled (kEndpointDisabled), role CanCreateResetPasswordUrl (kMissingRole). Returns ""
  // (and stores nothing) unless a validated, not deleted local user has that username, e-mail
  // and id: the same secret and digest are computed either way, so the answer is the only
  // difference.
  core::Result<std::string> CreateLink(const Principal& caller, const ResetLinkRequest& request);

  // Consumes a link and sets the new password. Checks, in order: password policy
  // (kInvalidPassword; the link stays usable), the link is known, unused and not expired
  // (kResetLinkInvalid), its user still exists and is not deleted (kResetLinkInvalid). In one
  // transaction: the password hash is replaced, the bad-login counter reset and every token of
  // the user revoked. Runs Argon2: call from the password-hash lane.
  core::Result<void> Reset(std::string_view secret, std::string_view new_password);

 private:
  Ports ports_;
  const Settings& settings_;
};

}  // namespace roster::services
