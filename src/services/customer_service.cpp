#include "services/customer_service.h"

#include <string>

#include "core/validation.h"
#include "services/access.h"

namespace roster::services {

using core::Customer;
using core::ErrorCode;
using core::Fail;
using core::Result;

namespace {

constexpr std::string_view kCanCreateCustomer = "CanCreateCustomer";
constexpr std::string_view kCanCreateCustomerAtAnyBank = "CanCreateCustomerAtAnyBank";
constexpr std::string_view kCanGetCustomers = "CanGetCustomers";
constexpr std::string_view kCanGetCustomersMinimal = "CanGetCustomersMinimal";
constexpr std::string_view kCanGetCustomersAtAnyBank = "CanGetCustomersAtAnyBank";
constexpr std::string_view kCanGetCustomersMinimalAtAnyBank = "CanGetCustomersMinimalAtAnyBank";
constexpr std::string_view kCanCreateUserCustomerLink = "CanCreateUserCustomerLink";
constexpr std::string_view kCanCreateUserCustomerLinkAtAnyBank =
    "CanCreateUserCustomerLinkAtAnyBank";
// Like the reference's Random.nextInt(Integer.MAX_VALUE): up to 10 digits.
constexpr std::size_t kCustomerNumberDigits = 10;

Result<void> RequireBank(ports::Tx& tx, std::string_view bank_id) {
  auto bank = tx.FindBank(bank_id);
  if (!bank) return std::unexpected(bank.error());
  if (!*bank) return Fail(ErrorCode::kBankNotFound, std::string(bank_id));
  return {};
}

}  // namespace

Result<Customer> CustomerService::Create(const Principal& caller, std::string_view bank_id,
                                         Customer draft) {
  draft.id = ports_.random.Uuid();
  draft.bank_id = std::string(bank_id);
  draft.created_at = ports_.clock.Now();
  if (draft.customer_number.empty()) {
    draft.customer_number = ports_.random.Digits(kCustomerNumberDigits);
  }
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<Customer> {
    if (auto r = RequireBank(tx, bank_id); !r) return std::unexpected(r.error());
    if (auto r =
            RequireAnyRole(tx, caller, {kCanCreateCustomer, kCanCreateCustomerAtAnyBank}, bank_id);
        !r) {
      return std::unexpected(r.error());
    }
    if (auto r = tx.InsertCustomer(draft); !r) return std::unexpected(r.error());
    return draft;
  });
}

Result<std::vector<Customer>> CustomerService::ListAtAnyBank(const Principal& caller,
                                                             bool minimal) {
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<std::vector<Customer>> {
    auto role = minimal ? kCanGetCustomersMinimalAtAnyBank : kCanGetCustomersAtAnyBank;
    if (auto r = RequireAnyRole(tx, caller, {role}); !r) return std::unexpected(r.error());
    return tx.ListCustomers("");
  });
}

Result<std::vector<Customer>> CustomerService::ListAtBank(const Principal& caller,
                                                          std::string_view bank_id, bool minimal) {
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<std::vector<Customer>> {
    if (auto r = RequireBank(tx, bank_id); !r) return std::unexpected(r.error());
    auto role = minimal ? kCanGetCustomersMinimal : kCanGetCustomers;
    if (auto r = RequireAnyRole(tx, caller, {role}, bank_id); !r) {
      return std::unexpected(r.error());
    }
    return tx.ListCustomers(bank_id);
  });
}

Result<std::vector<Customer>> CustomerService::ListMine(const Principal& caller) {
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<std::vector<Customer>> {
    auto links = tx.ListCustomerLinksOfUser(caller.user.id);
    if (!links) return std::unexpected(links.error());
    std::vector<Customer> out;
    out.reserve(links->size());
    for (const auto& link : *links) {
      auto customer = tx.FindCustomer(link.customer_id);
      if (!customer) return std::unexpected(customer.error());
      if (*customer) out.push_back(std::move(**customer));
    }
    return out;
  });
}

Result<core::UserCustomerLink> CustomerService::Link(const Principal& caller,
                                                     std::string_view bank_id,
                                                     std::string_view user_id,
                                                     std::string_view customer_id) {
  if (!core::IsValidObpId(bank_id)) return Fail(ErrorCode::kInvalidBankId);
  core::UserCustomerLink link{.id = ports_.random.Uuid(),
                              .user_id = std::string(user_id),
                              .customer_id = std::string(customer_id),
                              .bank_id = std::string(bank_id),
                              .is_active = true,
                              .created_at = ports_.clock.Now()};
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<core::UserCustomerLink> {
    if (auto r = RequireAnyRole(
            tx, caller, {kCanCreateUserCustomerLinkAtAnyBank, kCanCreateUserCustomerLink}, bank_id);
        !r) {
      return std::unexpected(r.error());
    }
    auto user = tx.FindUserById(user_id);
    if (!user) return std::unexpected(user.error());
    if (!*user) return Fail(ErrorCode::kUserNotFoundByUserId, std::string(user_id));
    if (customer_id.empty()) {
      return Fail(ErrorCode::kInvalidInput, "Field customer_id is not defined in the posted json!");
    }
    auto customer = tx.FindCustomer(customer_id);
    if (!customer) return std::unexpected(customer.error());
    if (!*customer) return Fail(ErrorCode::kCustomerNotFound, std::string(customer_id));
    if ((*customer)->bank_id != bank_id) {
      return Fail(ErrorCode::kInvalidInput, "Bank of the customer specified by the CUSTOMER_ID(" +
                                                (*customer)->bank_id + ") has to matches BANK_ID(" +
                                                std::string(bank_id) + ") in URL");
    }
    if (auto r = tx.InsertUserCustomerLink(link); !r) return std::unexpected(r.error());
    return link;
  });
}

}  // namespace roster::services
