// createEmailAddress — POST /users/users/{userId}/emailAddresses[?replaceId=]
#include "api/apiture/contacts/contact_reply.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> CreateEmailAddress(Call& call) {
  return CreateContactItem(call, core::ContactKind::kEmail, "createEmailAddress");
}

}  // namespace roster::api::apiture
