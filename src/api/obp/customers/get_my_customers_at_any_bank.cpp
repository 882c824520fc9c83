#include "api/obp/customers/customers_json.h"
#include "api/obp/handlers.h"

namespace roster::api::obp {

// GET /my/customers (OBPv5.0.0 getMyCustomersAtAnyBank): the caller's linked customers as
// {"customers":[CustomerJsonV210]} (JSONFactory210.createCustomersJson).
core::Result<Reply> GetMyCustomersAtAnyBank(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto list = call.services().customers.ListMine(*caller);
  if (!list) return std::unexpected(list.error());
  return Reply{http::Status::ok, CustomersJson(*list, CustomerJsonV210)};
}

}  // namespace roster::api::obp
