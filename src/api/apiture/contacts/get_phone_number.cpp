// getPhoneNumber — GET /users/users/{userId}/phoneNumbers/{phoneNumberId}
#include "api/apiture/contacts/contact_reply.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> GetPhoneNumber(Call& call) {
  return GetContactItem(call, core::ContactKind::kPhone, "phoneNumberId");
}

}  // namespace roster::api::apiture
