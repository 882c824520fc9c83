#include "api/obp/customers/customers_json.h"
#include "api/obp/handlers.h"

namespace roster::api::obp {

// GET /banks/BANK_ID/customers (OBPv5.0.0 getCustomersAtOneBank): CustomerJSONsV300.
core::Result<Reply> GetCustomersAtOneBank(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto list = call.services().customers.ListAtBank(*caller, call.Param("BANK_ID"), false);
  if (!list) return std::unexpected(list.error());
  return Reply{http::Status::ok, CustomersJson(*list, CustomerJsonV300)};
}

}  // namespace roster::api::obp
