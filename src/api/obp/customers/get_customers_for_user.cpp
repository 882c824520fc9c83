#include "api/obp/customers/customers_json.h"
#include "api/obp/handlers.h"

namespace roster::api::obp {

// GET /users/current/customers (OBPv3.0.0 getCustomersForUser): the caller's linked customers as
// CustomersWithAttributesJsonV300.
core::Result<Reply> GetCustomersForUser(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto list = call.services().customers.ListMine(*caller);
  if (!list) return std::unexpected(list.error());
  return Reply{http::Status::ok, CustomersJson(*list, CustomerWithAttributesJsonV300)};
}

}  // namespace roster::api::obp
