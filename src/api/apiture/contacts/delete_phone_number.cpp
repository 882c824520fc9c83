// deletePhoneNumber — DELETE /users/users/{userId}/phoneNumbers/{phoneNumberId}
#include "api/apiture/contacts/contact_reply.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> DeletePhoneNumber(Call& call) {
  return DeleteContactItem(call, core::ContactKind::kPhone, "phoneNumberId");
}

}  // namespace roster::api::apiture
