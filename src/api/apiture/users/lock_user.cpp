// lockUser — POST /users/lockedUsers?user={id}
#include "api/apiture/handlers.h"
#include "api/apiture/users/user_reply.h"

namespace roster::api::apiture {

core::Result<Reply> LockUser(Call& call) { return ChangeUserState(call, core::UserAction::kLock); }

}  // namespace roster::api::apiture
