// removeUser — POST /users/removedUsers?user={id}
#include "api/apiture/handlers.h"
#include "api/apiture/users/user_reply.h"

namespace roster::api::apiture {

core::Result<Reply> RemoveUser(Call& call) {
  return ChangeUserState(call, core::UserAction::kRemove);
}

}  // namespace roster::api::apiture
