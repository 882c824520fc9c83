// freezeUser — POST /users/frozenUsers?user={id} (administrators only)
#include "api/apiture/handlers.h"
#include "api/apiture/users/user_reply.h"

namespace roster::api::apiture {

core::Result<Reply> FreezeUser(Call& call) {
  return ChangeUserState(call, core::UserAction::kFreeze);
}

}  // namespace roster::api::apiture
