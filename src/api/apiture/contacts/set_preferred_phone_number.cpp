// setPreferredPhoneNumber — PUT /users/users/{userId}/preferredPhoneNumber?value=
#include "api/apiture/contacts/contact_reply.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> SetPreferredPhoneNumber(Call& call) {
  return SetContactPointer(call, services::ContactPointer::kPreferredPhone,
                           "setPreferredPhoneNumber");
}

}  // namespace roster::api::apiture
