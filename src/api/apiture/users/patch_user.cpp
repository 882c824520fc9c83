// patchUser — PATCH /users/users/{userId}: omitted properties are unchanged, null removes one.
#include "api/apiture/handlers.h"
#include "api/apiture/users/user_reply.h"

namespace roster::api::apiture {

core::Result<Reply> PatchUser(Call& call) { return UpdateUserWith(call, /*merge=*/true); }

}  // namespace roster::api::apiture
