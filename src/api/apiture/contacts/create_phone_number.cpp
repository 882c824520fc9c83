// createPhoneNumber — POST /users/users/{userId}/phoneNumbers[?replaceId=]
#include "api/apiture/contacts/contact_reply.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> CreatePhoneNumber(Call& call) {
  return CreateContactItem(call, core::ContactKind::kPhone, "createPhoneNumber");
}

}  // namespace roster::api::apiture
