// updateUser — PUT /users/users/{userId}: a complete replacement of the writable properties.
#include "api/apiture/handlers.h"
#include "api/apiture/users/user_reply.h"

namespace roster::api::apiture {

core::Result<Reply> UpdateUser(Call& call) { return UpdateUserWith(call, /*merge=*/false); }

}  // namespace roster::api::apiture
