// getAddresses — GET /users/users/{userId}/addresses
#include "api/apiture/contacts/contact_reply.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> GetAddresses(Call& call) {
  return ListContactItems(call, core::ContactKind::kAddress);
}

}  // namespace roster::api::apiture
