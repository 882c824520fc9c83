// approveAddress — POST /users/users/{userId}/addresses/{addressId}/approval (administrators)
#include "api/apiture/contacts/contact_reply.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> ApproveAddress(Call& call) {
  return ApproveContactItem(call, core::ContactKind::kAddress, "addressId");
}

}  // namespace roster::api::apiture
