// setPreferredEmailAddress — PUT /users/users/{userId}/preferredEmailAddress?value=
#include "api/apiture/contacts/contact_reply.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> SetPreferredEmailAddress(Call& call) {
  return SetContactPointer(call, services::ContactPointer::kPreferredEmail,
                           "setPreferredEmailAddress");
}

}  // namespace roster::api::apiture
