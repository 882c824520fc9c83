#include "api/obp/customers/customers_json.h"
#include "api/obp/handlers.h"

namespace roster::api::obp {

// POST /banks/BANK_ID/customers (OBPv5.0.0 createCustomer): body PostCustomerJsonV500; 201
// CustomerJsonV310.
core::Result<Reply> CreateCustomer(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  auto draft = DecodePostCustomerV500(*body);
  if (!draft) return std::unexpected(draft.error());
  auto created =
      call.services().customers.Create(*caller, call.Param("BANK_ID"), std::move(*draft));
  if (!created) return std::unexpected(created.error());
  return Reply{http::Status::created, CustomerJsonV310(*created)};
}

}  // namespace roster::api::obp
