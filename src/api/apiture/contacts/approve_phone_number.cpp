// approvePhoneNumber — POST /users/users/{userId}/phoneNumbers/{phoneNumberId}/approval
// (administrators)
#include "api/apiture/contacts/contact_reply.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> ApprovePhoneNumber(Call& call) {
  return ApproveContactItem(call, core::ContactKind::kPhone, "phoneNumberId");
}

}  // namespace roster::api::apiture
