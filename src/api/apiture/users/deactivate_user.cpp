// deactivateUser — POST /users/inactiveUsers?user={id}
#include "api/apiture/handlers.h"
#include "api/apiture/users/user_reply.h"

namespace roster::api::apiture {

core::Result<Reply> DeactivateUser(Call& call) {
  return ChangeUserState(call, core::UserAction::kDeactivate);
}

}  // namespace roster::api::apiture
