// activateUser — POST /users/activeUsers?user={id}
#include "api/apiture/handlers.h"
#include "api/apiture/users/user_reply.h"

namespace roster::api::apiture {

core::Result<Reply> ActivateUser(Call& call) {
  return ChangeUserState(call, core::UserAction::kActivate);
}

}  // namespace roster::api::apiture
