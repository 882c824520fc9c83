#include "api/obp/customers/customers_json.h"
#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// POST /banks/BANK_ID/user_customer_links (OBPv4.0.0 createUserCustomerLinks): body
// {user_id, customer_id}; 201 UserCustomerLinkJson.
core::Result<Reply> CreateUserCustomerLinks(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  auto user_id = RequiredString(*body, "user_id");
  if (!user_id) return std::unexpected(user_id.error());
  auto customer_id = RequiredString(*body, "customer_id");
  if (!customer_id) return std::unexpected(customer_id.error());
  auto link =
      call.services().customers.Link(*caller, call.Param("BANK_ID"), *user_id, *customer_id);
  if (!link) return std::unexpected(link.error());
  return Reply{http::Status::created, UserCustomerLinkJson(*link)};
}

}  // namespace roster::api::obp
