#include "api/obp/customers/customers_json.h"
#include "api/obp/handlers.h"

namespace roster::api::obp {

// GET /banks/BANK_ID/customers-minimal (OBPv5.0.0 getCustomersMinimalAtOneBank):
// CustomersMinimalJsonV400.
core::Result<Reply> GetCustomersMinimalAtOneBank(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto list = call.services().customers.ListAtBank(*caller, call.Param("BANK_ID"), true);
  if (!list) return std::unexpected(list.error());
  return Reply{http::Status::ok, CustomersMinimalJson(*list)};
}

}  // namespace roster::api::obp
