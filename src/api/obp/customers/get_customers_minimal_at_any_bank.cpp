#include "api/obp/customers/customers_json.h"
#include "api/obp/handlers.h"

namespace roster::api::obp {

// GET /customers-minimal (OBPv4.0.0 getCustomersMinimalAtAnyBank): CustomersMinimalJsonV400.
core::Result<Reply> GetCustomersMinimalAtAnyBank(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto list = call.services().customers.ListAtAnyBank(*caller, true);
  if (!list) return std::unexpected(list.error());
  return Reply{http::Status::ok, CustomersMinimalJson(*list)};
}

}  // namespace roster::api::obp
