// createAddress — POST /users/users/{userId}/addresses[?replaceId=]
#include "api/apiture/contacts/contact_reply.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> CreateAddress(Call& call) {
  return CreateContactItem(call, core::ContactKind::kAddress, "createAddress");
}

}  // namespace roster::api::apiture
