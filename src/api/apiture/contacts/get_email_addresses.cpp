// getEmailAddresses — GET /users/users/{userId}/emailAddresses
#include "api/apiture/contacts/contact_reply.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> GetEmailAddresses(Call& call) {
  return ListContactItems(call, core::ContactKind::kEmail);
}

}  // namespace roster::api::apiture
