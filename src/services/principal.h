#pragma once

#include <optional>
#include <string>

#include "core/model.h"
#include "core/scopes.h"

namespace roster::services {

// The authenticated caller of a request: an active user, and the consumer its token belongs to.
struct Principal {
  core::User user;
  std::string consumer_id;
};

// The caller of an Apiture operation: the client application (API key) and, with a bearer
// token, the user the token was issued to (none for a trusted service's client_credentials
// token) and the scopes it carries.
struct ScopedPrincipal {
  core::Consumer consumer;
  std::optional<core::User> user;
  core::ScopeSet scopes;

  bool IsService() const { return !user.has_value(); }
  bool IsUser(std::string_view user_id) const { return user && user->id == user_id; }
};

}  // namespace roster::services
