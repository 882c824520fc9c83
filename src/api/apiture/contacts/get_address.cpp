// getAddress — GET /users/users/{userId}/addresses/{addressId}
#include "api/apiture/contacts/contact_reply.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> GetAddress(Call& call) {
  return GetContactItem(call, core::ContactKind::kAddress, "addressId");
}

}  // namespace roster::api::apiture
