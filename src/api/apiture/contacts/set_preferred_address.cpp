// setPreferredAddress — PUT /users/users/{userId}/preferredAddress?value=
#include "api/apiture/contacts/contact_reply.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> SetPreferredAddress(Call& call) {
  return SetContactPointer(call, services::ContactPointer::kPreferredAddress,
                           "setPreferredAddress");
}

}  // namespace roster::api::apiture
