// approveEmailAddress — POST /users/users/{userId}/emailAddresses/{emailAddressId}/approval
// (administrators)
#include "api/apiture/contacts/contact_reply.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> ApproveEmailAddress(Call& call) {
  return ApproveContactItem(call, core::ContactKind::kEmail, "emailAddressId");
}

}  // namespace roster::api::apiture
