// getPhoneNumbers — GET /users/users/{userId}/phoneNumbers
#include "api/apiture/contacts/contact_reply.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> GetPhoneNumbers(Call& call) {
  return ListContactItems(call, core::ContactKind::kPhone);
}

}  // namespace roster::api::apiture
