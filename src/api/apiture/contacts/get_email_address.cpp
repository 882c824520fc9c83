// getEmailAddress — GET /users/users/{userId}/emailAddresses/{emailAddressId}
#include "api/apiture/contacts/contact_reply.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> GetEmailAddress(Call& call) {
  return GetContactItem(call, core::ContactKind::kEmail, "emailAddressId");
}

}  // namespace roster::api::apiture
