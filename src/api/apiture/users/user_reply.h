// What the user handlers share: the reply carrying a user, the body of PUT and PATCH, and the
// five state actions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/apiture/call.h"
#include "core/user_states.h"
#include "services/profile_service.h"

namespace roster::api::apiture {

// The user representation with its ETag (the user's version).
Reply UserReply(const services::UserView& view, http::Status status = http::Status::ok);

// updateUser (merge = false) and patchUser (merge = true).
core::Result<Reply> UpdateUserWith(Call& call, bool merge);

// The `user` query parameter of the state actions: an id, or a URI whose path ends in
// /users/users/{id}. nullopt when empty or malformed.
std::optional<std::string> UserIdOfParameter(std::string_view value);

// POST /users/{activeUsers|inactiveUsers|lockedUsers|frozenUsers|removedUsers}?user=...
core::Result<Reply> ChangeUserState(Call& call, core::UserAction action);

}  // namespace roster::api::apiture
