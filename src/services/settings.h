#pragma once

#include <chrono>
#include <string>

namespace roster::services {

// Behaviour switches of the services (the operator's settings; docs/configuration.md).
struct Settings {
  // The identity provider of local users (OBP `provider`), also the base URL of links we send.
  std::string hostname = "http://127.0.0.1:8080";
  // Bad logins allowed; the next failure locks the user (OBP max.bad.login.attempts).
  int max_bad_login_attempts = 5;
  std::chrono::seconds token_ttl = std::chrono::weeks(4);
  // Apiture OAuth2 tokens: access tokens are short-lived, refresh tokens live like DirectLogin
  // tokens (token_ttl).
  std::chrono::seconds access_token_ttl = std::chrono::hours(1);
  // When false, users created through the API must follow the e-mail validation link first.
  bool skip_email_validation = false;
  std::chrono::seconds email_validation_ttl = std::chrono::hours(72);
  // One-time codes of SCA challenges: lifetime and wrong answers allowed before rejection.
  std::chrono::seconds challenge_ttl{600};
  int challenge_max_attempts = 3;
  // POST /management/user/reset-password-url (OBP ResetPasswordUrlEnabled).
  bool reset_password_url_enabled = false;
  std::chrono::seconds password_reset_ttl = std::chrono::hours(24);
  // How long expired tokens, links, challenges and SCA requests are kept before they are purged:
  // until then an expired challenge still answers "expired" rather than "not found".
  std::chrono::seconds purge_retention = std::chrono::days(7);
};

}  // namespace roster::services
