// setTaxAddress — PUT /users/users/{userId}/taxAddress?value=
#include "api/apiture/contacts/contact_reply.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> SetTaxAddress(Call& call) {
  return SetContactPointer(call, services::ContactPointer::kTaxAddress, "setTaxAddress");
}

}  // namespace roster::api::apiture
