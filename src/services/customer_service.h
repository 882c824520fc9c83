// Customers and user-customer links (obp-reference-behaviour.md §2.11, Appendix A).
#pragma once

#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

class CustomerService {
 public:
  CustomerService(Ports ports, const Settings& settings) : ports_(ports), settings_(settings) {}

  // Creates a customer at a bank from a draft (number, names, contact, details_json; the id,
  // bank and creation date are assigned here). Checks, in order: the bank exists
  // (kBankNotFound), role CanCreateCustomer at the bank or CanCreateCustomerAtAnyBank
  // (kMissingRole), the number is free at the bank (kCustomerNumberTaken). An empty number is
  // replaced by a random 10-digit one.
  core::Result<core::Customer> Create(const Principal& caller, std::string_view bank_id,
                                      core::Customer draft);

  // Every customer, ordered by bank then creation. Role CanGetCustomersAtAnyBank, or
  // CanGetCustomersMinimalAtAnyBank when `minimal`.
  core::Result<std::vector<core::Customer>> ListAtAnyBank(const Principal& caller, bool minimal);
  // The customers of one bank. kBankNotFound, then role CanGetCustomers (or
  // CanGetCustomersMinimal when `minimal`) at the bank.
  core::Result<std::vector<core::Customer>> ListAtBank(const Principal& caller,
                                                       std::string_view bank_id, bool minimal);
  // The customers linked to the caller (no role), in link order.
  core::Result<std::vector<core::Customer>> ListMine(const Principal& caller);

  // Links a user to a customer of the bank. Checks, in the reference's order: the bank id is
  // well-formed (kInvalidBankId), role CanCreateUserCustomerLinkAtAnyBank or
  // CanCreateUserCustomerLink at the bank (kMissingRole), the user exists (kUserNotFound), the
  // customer id is not empty (kInvalidInput), the customer exists (kCustomerNotFound), it belongs
  // to the bank (kInvalidInput), the link is new (kCustomerLinkExists).
  core::Result<core::UserCustomerLink> Link(const Principal& caller, std::string_view bank_id,
                                            std::string_view user_id, std::string_view customer_id);

 private:
  Ports ports_;
  const Settings& settings_;
};

}  // namespace roster::services
