#include "api/obp/customers/customers_json.h"
#include "api/obp/handlers.h"

namespace roster::api::obp {

// GET /customers (OBPv4.0.0 getCustomersAtAnyBank): CustomerJSONsV300.
core::Result<Reply> GetCustomersAtAnyBank(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto list = call.services().customers.ListAtAnyBank(*caller, false);
  if (!list) return std::unexpected(list.error());
  return Reply{http::Status::ok, CustomersJson(*list, CustomerJsonV300)};
}

}  // namespace roster::api::obp
