#include "services/customer_service.h"

#include <gtest/gtest.h>

#include "services/service_fixture.h"

namespace roster::testing {
namespace {

using core::ErrorCode;

class CustomerServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    admin_ = MakeUser("admin.user", true);
    user_ = MakeUser("plain.user");
    ASSERT_TRUE(entitlements().CreateBank(As(admin_), {.id = "bank.one"}).has_value());
    ASSERT_TRUE(entitlements().CreateBank(As(admin_), {.id = "bank.two"}).has_value());
  }
  services::CustomerService customers() { return {ports(), settings_}; }
  static core::Customer Draft(const std::string& number) {
    return {.customer_number = number,
            .legal_name = "Eve Example",
            .mobile_phone_number = "+44 07972 444 876",
            .email = "eve@example.com",
            .details_json = R"({"title":"Dr"})"};
  }
  core::Customer MakeCustomer(const std::string& bank, const std::string& number) {
    auto created = customers().Create(As(admin_), bank, Draft(number));
    EXPECT_TRUE(created.has_value());
    return created ? *created : core::Customer{};
  }
  void Grant(const std::string& bank, const std::string& role) {
    ASSERT_TRUE(entitlements().Grant(As(admin_), user_.user.id, bank, role).has_value());
  }
  services::UserDetails admin_;
  services::UserDetails user_;
};

TEST_F(CustomerServiceTest, CreateChecksBankRoleAndNumber) {
  EXPECT_EQ(customers().Create(As(admin_), "no.such.bank", Draft("1")).error().code,
            ErrorCode::kBankNotFound);
  auto denied = customers().Create(As(user_), "bank.one", Draft("1"));
  ASSERT_FALSE(denied.has_value());
  EXPECT_EQ(denied.error().code, ErrorCode::kMissingRole);
  EXPECT_EQ(denied.error().detail,
            "CanCreateCustomer or CanCreateCustomerAtAnyBank for BankId(bank.one).");

  auto created = customers().Create(As(admin_), "bank.one", Draft("1"));
  ASSERT_TRUE(created.has_value());
  EXPECT_FALSE(created->id.empty());
  EXPECT_EQ(created->bank_id, "bank.one");
  EXPECT_EQ(created->customer_number, "1");
  EXPECT_EQ(created->legal_name, "Eve Example");
  EXPECT_EQ(created->details_json, R"({"title":"Dr"})");
  EXPECT_EQ(created->created_at, clock_.now);
  EXPECT_EQ(customers().Create(As(admin_), "bank.one", Draft("1")).error().code,
            ErrorCode::kCustomerNumberTaken);
  // Numbers are unique per bank only.
  EXPECT_TRUE(customers().Create(As(admin_), "bank.two", Draft("1")).has_value());
}

TEST_F(CustomerServiceTest, CreateGeneratesANumberAndAcceptsTheBankRole) {
  Grant("bank.one", "CanCreateCustomer");
  auto created = customers().Create(As(user_), "bank.one", Draft(""));
  ASSERT_TRUE(created.has_value());
  EXPECT_EQ(created->customer_number.size(), 10u);
  // The bank role does not reach another bank.
  EXPECT_EQ(customers().Create(As(user_), "bank.two", Draft("")).error().code,
            ErrorCode::kMissingRole);
}

TEST_F(CustomerServiceTest, ListsCheckTheirOwnRoles) {
  MakeCustomer("bank.one", "1");
  MakeCustomer("bank.two", "2");
  EXPECT_EQ(customers().ListAtAnyBank(As(user_), false).error().detail, "CanGetCustomersAtAnyBank");
  EXPECT_EQ(customers().ListAtAnyBank(As(user_), true).error().detail,
            "CanGetCustomersMinimalAtAnyBank");
  EXPECT_EQ(customers().ListAtBank(As(user_), "bank.one", false).error().detail,
            "CanGetCustomers for BankId(bank.one).");
  EXPECT_EQ(customers().ListAtBank(As(user_), "bank.one", true).error().detail,
            "CanGetCustomersMinimal for BankId(bank.one).");
  EXPECT_EQ(customers().ListAtBank(As(admin_), "no.such.bank", false).error().code,
            ErrorCode::kBankNotFound);

  EXPECT_EQ(customers().ListAtAnyBank(As(admin_), false)->size(), 2u);
  Grant("", "CanGetCustomersMinimalAtAnyBank");
  EXPECT_EQ(customers().ListAtAnyBank(As(user_), true)->size(), 2u);
  EXPECT_FALSE(customers().ListAtAnyBank(As(user_), false).has_value());
  Grant("bank.one", "CanGetCustomers");
  auto at_one = customers().ListAtBank(As(user_), "bank.one", false);
  ASSERT_TRUE(at_one.has_value());
  ASSERT_EQ(at_one->size(), 1u);
  EXPECT_EQ((*at_one)[0].customer_number, "1");
  EXPECT_FALSE(customers().ListAtBank(As(user_), "bank.two", false).has_value());
}

TEST_F(CustomerServiceTest, LinkChecksInTheReferenceOrder) {
  core::Customer one = MakeCustomer("bank.one", "1");
  core::Customer two = MakeCustomer("bank.two", "2");
  auto error = [&](const services::UserDetails& caller, const std::string& bank,
                   const std::string& user_id, const std::string& customer_id) {
    auto r = customers().Link(As(caller), bank, user_id, customer_id);
    EXPECT_FALSE(r.has_value());
    return r ? core::Error{} : r.error();
  };
  EXPECT_EQ(error(admin_, "bad bank!", "no-user", "").code, ErrorCode::kInvalidBankId);
  EXPECT_EQ(error(user_, "bank.one", "no-user", "").code, ErrorCode::kMissingRole);
  EXPECT_EQ(error(admin_, "bank.one", "no-user", "").code, ErrorCode::kUserNotFoundByUserId);
  EXPECT_EQ(error(admin_, "bank.one", user_.user.id, "").detail,
            "Field customer_id is not defined in the posted json!");
  EXPECT_EQ(error(admin_, "bank.one", user_.user.id, "no-customer").code,
            ErrorCode::kCustomerNotFound);
  EXPECT_EQ(error(admin_, "bank.one", user_.user.id, two.id).detail,
            "Bank of the customer specified by the CUSTOMER_ID(bank.two) has to matches "
            "BANK_ID(bank.one) in URL");
  EXPECT_TRUE(customers().ListMine(As(user_))->empty());

  auto link = customers().Link(As(admin_), "bank.one", user_.user.id, one.id);
  ASSERT_TRUE(link.has_value());
  EXPECT_EQ(link->user_id, user_.user.id);
  EXPECT_EQ(link->customer_id, one.id);
  EXPECT_TRUE(link->is_active);
  EXPECT_EQ(link->created_at, clock_.now);
  EXPECT_EQ(error(admin_, "bank.one", user_.user.id, one.id).code, ErrorCode::kCustomerLinkExists);

  auto mine = customers().ListMine(As(user_));
  ASSERT_TRUE(mine.has_value());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].id, one.id);
  EXPECT_TRUE(customers().ListMine(As(admin_))->empty());
}

TEST_F(CustomerServiceTest, LinkAcceptsTheBankRole) {
  core::Customer one = MakeCustomer("bank.one", "1");
  Grant("bank.one", "CanCreateUserCustomerLink");
  EXPECT_TRUE(customers().Link(As(user_), "bank.one", user_.user.id, one.id).has_value());
  EXPECT_EQ(customers().Link(As(user_), "bank.two", user_.user.id, one.id).error().code,
            ErrorCode::kMissingRole);
}

}  // namespace
}  // namespace roster::testing
