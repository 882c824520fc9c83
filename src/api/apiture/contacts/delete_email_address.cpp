// deleteEmailAddress — DELETE /users/users/{userId}/emailAddresses/{emailAddressId}
#include "api/apiture/contacts/contact_reply.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> DeleteEmailAddress(Call& call) {
  return DeleteContactItem(call, core::ContactKind::kEmail, "emailAddressId");
}

}  // namespace roster::api::apiture
