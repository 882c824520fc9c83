// Customers and user-customer links (obp-reference-behaviour.md §2.11, Appendix A; shapes in
// src/api/obp/customers/customers_json.h).
#include <gtest/gtest.h>

#include <string>

#include "api/server_fixture.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;

const std::vector<std::string> kV310Keys = {"bank_id",
                                            "branch_id",
                                            "credit_limit",
                                            "credit_rating",
                                            "customer_id",
                                            "customer_number",
                                            "date_of_birth",
                                            "dependants",
                                            "dob_of_dependants",
                                            "email",
                                            "employment_status",
                                            "face_image",
                                            "highest_education_attained",
                                            "kyc_status",
                                            "last_ok_date",
                                            "legal_name",
                                            "mobile_phone_number",
                                            "name_suffix",
                                            "relationship_status",
                                            "title"};

json::object FullCustomer(const std::string& number) {
  return {{"customer_number", number},
          {"legal_name", "Eve Example"},
          {"mobile_phone_number", "+44 07972 444 876"},
          {"email", "eve@example.com"},
          {"face_image",
           json::object{{"url", "www.example.com/eve.png"}, {"date", "2020-01-27T00:00:00Z"}}},
          {"date_of_birth", "1990-05-17T00:00:00Z"},
          {"relationship_status", "single"},
          {"dependants", 1},
          {"dob_of_dependants", json::array{"2019-09-08"}},
          {"credit_rating", json::object{{"rating", "OBP"}, {"source", "OBP"}}},
          {"credit_limit", json::object{{"currency", "EUR"}, {"amount", "1000"}}},
          {"highest_education_attained", "Master"},
          {"employment_status", "worker"},
          {"kyc_status", true},
          {"last_ok_date", "2023-02-01T10:00:00Z"},
          {"title", "Dr."},
          {"branch_id", "DERBY6"},
          {"name_suffix", "Sr"}};
}

class CustomersTest : public SharedServerTest<CustomersTest> {
 protected:
  static void ExpectError(const Reply& reply, int status, const std::string& message) {
    EXPECT_EQ(reply.status, status) << reply.body;
    EXPECT_EQ(reply.Json(), ErrorBody(status, message));
  }
  static std::string CreateBank() {
    const std::string id = UniqueName("bank");
    Reply reply = server().Post(
        "/obp/v5.0.0/banks",
        json::serialize(json::object{{"id", id}, {"bank_code", "TB"}, {"full_name", "Test"}}),
        server().SuperToken());
    EXPECT_EQ(reply.status, 201) << reply.body;
    return id;
  }
  static void Grant(const std::string& user_id, const std::string& bank_id,
                    const std::string& role) {
    Reply reply =
        server().Post("/obp/v5.0.0/users/" + user_id + "/entitlements",
                      json::serialize(json::object{{"bank_id", bank_id}, {"role_name", role}}),
                      server().SuperToken());
    EXPECT_EQ(reply.status, 201) << reply.body;
  }
  static std::string SuperUserId() {
    Reply reply = server().Get("/obp/v5.0.0/users/current", server().SuperToken());
    EXPECT_EQ(reply.status, 200) << reply.body;
    return std::string(reply.Json().at("user_id").as_string());
  }
  static Reply PostCustomer(const std::string& bank, const json::object& body,
                            const std::string& token) {
    return server().Post("/obp/v5.0.0/banks/" + bank + "/customers", json::serialize(body), token);
  }
  // Creates a minimal customer as the superuser; returns its JSON.
  static json::value MakeCustomer(const std::string& bank) {
    Reply reply = PostCustomer(bank, {{"legal_name", "Min Imal"}, {"mobile_phone_number", "123"}},
                               server().SuperToken());
    EXPECT_EQ(reply.status, 201) << reply.body;
    return reply.Json();
  }
  static Reply Link(const std::string& bank, const std::string& user_id,
                    const std::string& customer_id, const std::string& token) {
    return server().Post(
        "/obp/v5.0.0/banks/" + bank + "/user_customer_links",
        json::serialize(json::object{{"user_id", user_id}, {"customer_id", customer_id}}), token);
  }
  static bool ListHas(const Reply& reply, const json::value& customer_id) {
    for (const auto& item : reply.Json().at("customers").as_array()) {
      if (item.at("customer_id") == customer_id) return true;
    }
    return false;
  }
};

TEST_F(CustomersTest, CreateAnswersCustomerJsonV310) {
  const std::string bank = CreateBank();
  Reply reply = PostCustomer(bank, FullCustomer("c-100"), server().SuperToken());
  ASSERT_EQ(reply.status, 201) << reply.body;
  json::value body = reply.Json();
  EXPECT_EQ(KeysOf(body), kV310Keys);
  EXPECT_EQ(body.at("bank_id"), json::value(bank));
  EXPECT_EQ(body.at("customer_number"), json::value("c-100"));
  EXPECT_EQ(body.at("legal_name"), json::value("Eve Example"));
  EXPECT_EQ(body.at("date_of_birth"), json::value("1990-05-17T00:00:00Z"));
  EXPECT_EQ(body.at("dob_of_dependants"), (json::array{"2019-09-08T00:00:00Z"}));
  EXPECT_EQ(body.at("dependants"), json::value(1));
  EXPECT_EQ(body.at("face_image"),
            (json::object{{"url", "www.example.com/eve.png"}, {"date", "2020-01-27T00:00:00Z"}}));
  EXPECT_EQ(body.at("credit_limit"), (json::object{{"currency", "EUR"}, {"amount", "1000"}}));
  EXPECT_EQ(body.at("credit_rating"), (json::object{{"rating", "OBP"}, {"source", "OBP"}}));
  EXPECT_EQ(body.at("kyc_status"), json::value(true));
  EXPECT_EQ(body.at("title"), json::value("Dr."));
  EXPECT_EQ(body.at("branch_id"), json::value("DERBY6"));
  EXPECT_EQ(body.at("name_suffix"), json::value("Sr"));
  EXPECT_FALSE(body.at("customer_id").as_string().empty());

  // The stored customer shows the same data in the V300 list, with day-only dates. The
  // superuser holds the system roles only: the bank role is granted like to anyone else.
  Grant(SuperUserId(), bank, "CanGetCustomers");
  Reply list = server().Get("/obp/v5.0.0/banks/" + bank + "/customers", server().SuperToken());
  ASSERT_EQ(list.status, 200) << list.body;
  json::value listed = list.Json().at("customers").at(0);
  EXPECT_EQ(listed.at("date_of_birth"), json::value("1990-05-17"));
  EXPECT_EQ(listed.at("dob_of_dependants"), (json::array{"2019-09-08"}));
  EXPECT_EQ(listed.at("last_ok_date"), json::value("2023-02-01T10:00:00Z"));
  EXPECT_EQ(listed.at("customer_id"), body.at("customer_id"));
  EXPECT_EQ(KeysOf(listed), kV310Keys);
}

TEST_F(CustomersTest, CreateWithDefaultsGeneratesANumber) {
  const std::string bank = CreateBank();
  json::value body = MakeCustomer(bank);
  EXPECT_EQ(body.at("customer_number").as_string().size(), 10u);
  EXPECT_EQ(body.at("email"), json::value(""));
  EXPECT_EQ(body.at("dependants"), json::value(0));
  EXPECT_EQ(body.at("dob_of_dependants"), json::array{});
  EXPECT_EQ(body.at("kyc_status"), json::value(false));
  EXPECT_EQ(body.at("face_image"), (json::object{{"url", ""}}));
  EXPECT_EQ(body.as_object().if_contains("date_of_birth"), nullptr);
  EXPECT_EQ(body.as_object().if_contains("credit_limit"), nullptr);
}

TEST_F(CustomersTest, CreateErrorsStoreNothing) {
  const std::string bank = CreateBank();
  auto [user, token] = server().CreateUserWithToken("custcreate");
  const std::string super = server().SuperToken();
  ExpectError(PostCustomer("no-such-bank", FullCustomer("x1"), super), 404,
              "OBP-30001: Bank not found. Please specify a valid value for BANK_ID.");
  ExpectError(PostCustomer(bank, FullCustomer("x1"), token), 403,
              "OBP-20006: User is missing one or more roles: CanCreateCustomer or "
              "CanCreateCustomerAtAnyBank for BankId(" +
                  bank + ").");
  ExpectError(server().Post("/obp/v5.0.0/banks/" + bank + "/customers", "[1]", super), 400,
              "OBP-10001: Incorrect json format.");
  ExpectError(PostCustomer(bank, {{"mobile_phone_number", "1"}}, super), 400,
              "OBP-10001: Incorrect json format.");
  json::object bad_date = FullCustomer("x1");
  bad_date["date_of_birth"] = "17/05/1990";
  ExpectError(PostCustomer(bank, bad_date, super), 400, "OBP-10001: Incorrect json format.");
  json::object bad_kyc = FullCustomer("x1");
  bad_kyc["kyc_status"] = "yes";
  ExpectError(PostCustomer(bank, bad_kyc, super), 400, "OBP-10001: Incorrect json format.");
  json::object mismatch = FullCustomer("x1");
  mismatch["dependants"] = 2;
  ExpectError(PostCustomer(bank, mismatch, super), 400,
              "OBP-10001: Incorrect json format. The field dependants(2) not equal the "
              "length(1) of dob_of_dependants array");
  Grant(SuperUserId(), bank, "CanGetCustomers");
  Reply list = server().Get("/obp/v5.0.0/banks/" + bank + "/customers", super);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.Json().at("customers").as_array().size(), 0u) << list.body;

  ASSERT_EQ(PostCustomer(bank, FullCustomer("x1"), super).status, 201);
  ExpectError(PostCustomer(bank, FullCustomer("x1"), super), 400,
              "OBP-30006: Customer Number already exists. Please specify a different value for "
              "BANK_ID or CUSTOMER_NUMBER.");
  // The bank role is enough.
  Grant(user.user_id, bank, "CanCreateCustomer");
  EXPECT_EQ(PostCustomer(bank, FullCustomer("x2"), token).status, 201);
}

TEST_F(CustomersTest, StaffListsNeedTheirRoles) {
  const std::string bank = CreateBank();
  json::value customer = MakeCustomer(bank);
  auto [user, token] = server().CreateUserWithToken("custlist");
  const std::string prefix = "OBP-20006: User is missing one or more roles: ";
  ExpectError(server().Get("/obp/v5.0.0/customers", token), 403,
              prefix + "CanGetCustomersAtAnyBank");
  ExpectError(server().Get("/obp/v5.0.0/customers-minimal", token), 403,
              prefix + "CanGetCustomersMinimalAtAnyBank");
  ExpectError(server().Get("/obp/v5.0.0/banks/" + bank + "/customers", token), 403,
              prefix + "CanGetCustomers for BankId(" + bank + ").");
  ExpectError(server().Get("/obp/v5.0.0/banks/" + bank + "/customers-minimal", token), 403,
              prefix + "CanGetCustomersMinimal for BankId(" + bank + ").");
  ExpectError(server().Get("/obp/v5.0.0/banks/no-such-bank/customers", server().SuperToken()), 404,
              "OBP-30001: Bank not found. Please specify a valid value for BANK_ID.");
  ExpectError(server().Get("/obp/v5.0.0/customers", ""), 401,
              "OBP-20001: User not logged in. Authentication is required!");

  Reply all = server().Get("/obp/v4.0.0/customers", server().SuperToken());
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_TRUE(ListHas(all, customer.at("customer_id")));

  Grant(user.user_id, "", "CanGetCustomersMinimalAtAnyBank");
  Reply minimal = server().Get("/obp/v5.0.0/customers-minimal", token);
  ASSERT_EQ(minimal.status, 200) << minimal.body;
  EXPECT_TRUE(ListHas(minimal, customer.at("customer_id")));
  for (const auto& item : minimal.Json().at("customers").as_array()) {
    EXPECT_EQ(KeysOf(item), (std::vector<std::string>{"bank_id", "customer_id"}));
  }
  EXPECT_EQ(server().Get("/obp/v5.0.0/customers", token).status, 403);

  Grant(user.user_id, bank, "CanGetCustomersMinimal");
  Reply at_bank = server().Get("/obp/v5.0.0/banks/" + bank + "/customers-minimal", token);
  ASSERT_EQ(at_bank.status, 200) << at_bank.body;
  EXPECT_EQ(at_bank.Json(),
            (json::object{{"customers",
                           json::array{json::object{
                               {"bank_id", bank}, {"customer_id", customer.at("customer_id")}}}}}));
  Grant(user.user_id, bank, "CanGetCustomers");
  Reply full = server().Get("/obp/v5.0.0/banks/" + bank + "/customers", token);
  ASSERT_EQ(full.status, 200) << full.body;
  EXPECT_EQ(full.Json().at("customers").as_array().size(), 1u);
}

TEST_F(CustomersTest, LinkChecksInTheReferenceOrder) {
  const std::string bank = CreateBank();
  const std::string other_bank = CreateBank();
  json::value customer = MakeCustomer(bank);
  json::value foreign = MakeCustomer(other_bank);
  const std::string customer_id(customer.at("customer_id").as_string());
  auto [user, token] = server().CreateUserWithToken("linked");
  const std::string super = server().SuperToken();

  ExpectError(Link("bad%20bank", user.user_id, customer_id, super), 400,
              "OBP-30111: Invalid Bank Id. The BANK_ID should only contain "
              "0-9/a-z/A-Z/'-'/'.'/'_', the length should be smaller than 255.");
  ExpectError(Link(bank, user.user_id, customer_id, token), 403,
              "OBP-20006: User is missing one or more roles: CanCreateUserCustomerLinkAtAnyBank "
              "or CanCreateUserCustomerLink for BankId(" +
                  bank + ").");
  ExpectError(server().Post("/obp/v5.0.0/banks/" + bank + "/user_customer_links",
                            R"({"user_id":"x"})", super),
              400, "OBP-10001: Incorrect json format.");
  ExpectError(Link(bank, "no-such-user", customer_id, super), 404,
              "OBP-20057: User not found by userId. Current UserId(no-such-user)");
  ExpectError(Link(bank, user.user_id, "", super), 400,
              "Field customer_id is not defined in the posted json!");
  ExpectError(Link(bank, user.user_id, "no-such-customer", super), 404,
              "OBP-30046: Customer not found. Please specify a valid value for CUSTOMER_ID.");
  ExpectError(Link(bank, user.user_id, std::string(foreign.at("customer_id").as_string()), super),
              400,
              "Bank of the customer specified by the CUSTOMER_ID(" + other_bank +
                  ") has to matches BANK_ID(" + bank + ") in URL");
  EXPECT_EQ(server().Get("/obp/v5.0.0/my/customers", token).Json(),
            (json::object{{"customers", json::array{}}}));

  Reply linked = Link(bank, user.user_id, customer_id, super);
  ASSERT_EQ(linked.status, 201) << linked.body;
  json::value body = linked.Json();
  EXPECT_EQ(KeysOf(body), (std::vector<std::string>{"customer_id", "date_inserted", "is_active",
                                                    "user_customer_link_id", "user_id"}));
  EXPECT_EQ(body.at("customer_id"), json::value(customer_id));
  EXPECT_EQ(body.at("user_id"), json::value(user.user_id));
  EXPECT_EQ(body.at("is_active"), json::value(true));
  ExpectError(Link(bank, user.user_id, customer_id, super), 400,
              "OBP-30007: The User is already linked to a Customer at the bank specified by "
              "BANK_ID");
}

TEST_F(CustomersTest, MyCustomersListTheLinkedOnes) {
  const std::string bank = CreateBank();
  json::value customer = MakeCustomer(bank);
  MakeCustomer(bank);
  auto [user, token] = server().CreateUserWithToken("mycust");
  Grant(user.user_id, bank, "CanCreateUserCustomerLink");
  ASSERT_EQ(
      Link(bank, user.user_id, std::string(customer.at("customer_id").as_string()), token).status,
      201);

  Reply mine = server().Get("/obp/v5.0.0/my/customers", token);
  ASSERT_EQ(mine.status, 200) << mine.body;
  ASSERT_EQ(mine.Json().at("customers").as_array().size(), 1u);
  json::value v210 = mine.Json().at("customers").at(0);
  EXPECT_EQ(v210.at("customer_id"), customer.at("customer_id"));
  EXPECT_EQ(v210.as_object().if_contains("title"), nullptr);
  EXPECT_EQ(v210.as_object().if_contains("branch_id"), nullptr);

  Reply current = server().Get("/obp/v3.0.0/users/current/customers", token);
  ASSERT_EQ(current.status, 200) << current.body;
  ASSERT_EQ(current.Json().at("customers").as_array().size(), 1u);
  json::value v300 = current.Json().at("customers").at(0);
  EXPECT_EQ(v300.at("customer_id"), customer.at("customer_id"));
  EXPECT_EQ(v300.at("customer_attributes"), json::array{});
  EXPECT_EQ(v300.at("date_of_birth"), json::value(""));
  EXPECT_EQ(server().Get("/obp/v5.0.0/users/current/customers", "").status, 401);
}

}  // namespace
}  // namespace roster::apitest
