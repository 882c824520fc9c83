// The bank registry behind BANK_ID: POST /banks (OBPv5.0.0 createBank, role CanCreateBank) and
// GET /banks (OBPv4.0.0 getBanks, anonymous).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "api/server_fixture.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;

class BanksTest : public SharedServerTest<BanksTest> {
 protected:
  static void ExpectError(const Reply& reply, int status, const std::string& message) {
    EXPECT_EQ(reply.status, status) << reply.body;
    EXPECT_EQ(reply.Json(), ErrorBody(status, message));
  }
  static std::string BankBody(const std::string& id) {
    return json::serialize(
        json::object{{"id", id}, {"bank_code", "GH"}, {"full_name", "Test Bank"}});
  }
  std::vector<std::string> BankIds() {
    Reply reply = server().Get("/obp/v5.0.0/banks");
    EXPECT_EQ(reply.status, 200) << reply.body;
    std::vector<std::string> ids;
    for (const auto& bank : reply.Json().at("banks").as_array()) {
      ids.emplace_back(bank.at("id").as_string());
    }
    return ids;
  }
  static bool Contains(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }
};

TEST_F(BanksTest, CreateAndListBanks) {
  Reply reply = server().Post("/obp/v5.0.0/banks", BankBody("gh.29.uk"), server().SuperToken());
  ASSERT_EQ(reply.status, 201) << reply.body;
  json::value body = reply.Json();
  EXPECT_EQ(body.at("id"), json::value("gh.29.uk"));
  EXPECT_EQ(body.at("bank_code"), json::value("GH"));
  EXPECT_EQ(body.at("full_name"), json::value("Test Bank"));

  // Anonymous listing.
  Reply list = server().Get("/obp/v5.0.0/banks");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(KeysOf(list.Json()), std::vector<std::string>{"banks"});
  bool found = false;
  for (const auto& bank : list.Json().at("banks").as_array()) {
    if (bank.at("id") != json::value("gh.29.uk")) continue;
    found = true;
    EXPECT_EQ(bank.at("bank_code"), json::value("GH"));
    EXPECT_EQ(bank.at("full_name"), json::value("Test Bank"));
  }
  EXPECT_TRUE(found) << list.body;
  EXPECT_EQ(server().Get("/obp/v4.0.0/banks").status, 200);
}

TEST_F(BanksTest, DuplicateBankIs400Obp30010) {
  const std::string id = UniqueName("dupbank");
  ASSERT_EQ(server().Post("/obp/v5.0.0/banks", BankBody(id), server().SuperToken()).status, 201);
  ExpectError(server().Post("/obp/v5.0.0/banks", BankBody(id), server().SuperToken()), 400,
              "OBP-30010: Bank already exists. Please specify a new BANK_ID.");
}

TEST_F(BanksTest, CreateBankNeedsCanCreateBank) {
  auto [user, token] = server().CreateUserWithToken("nobanker");
  const std::string id = UniqueName("deniedbank");
  ExpectError(server().Post("/obp/v5.0.0/banks", BankBody(id), token), 403,
              "OBP-20006: User is missing one or more roles: CanCreateBank");
  ExpectError(server().Post("/obp/v5.0.0/banks", BankBody(id)), 401,
              "OBP-20001: User not logged in. Authentication is required!");
  EXPECT_FALSE(Contains(BankIds(), id));
}

TEST_F(BanksTest, BadBankBodiesAre400) {
  for (const std::string& body : {std::string(R"({"bank_code":"GH"})"), std::string(R"({"id":7})"),
                                  std::string("{"), BankBody("bad id!")}) {
    Reply reply = server().Post("/obp/v5.0.0/banks", body, server().SuperToken());
    EXPECT_EQ(reply.status, 400) << body << ": " << reply.body;
    EXPECT_EQ(reply.Json().at("code"), json::value(400)) << body;
  }
  EXPECT_FALSE(Contains(BankIds(), "bad id!"));
}

// The id format is checked first, with the reference's BANK_ID format message.
TEST_F(BanksTest, InvalidBankIdIs400Obp30111) {
  ExpectError(
      server().Post("/obp/v5.0.0/banks", BankBody("bad id!"), server().SuperToken()), 400,
      "OBP-30111: Invalid Bank Id. The BANK_ID should only contain 0-9/a-z/A-Z/'-'/'.'/'_', "
      "the length should be smaller than 255.");
}

TEST_F(BanksTest, CreateBankIsV500) {
  Reply reply =
      server().Post("/obp/v4.0.0/banks", BankBody(UniqueName("oldbank")), server().SuperToken());
  EXPECT_EQ(reply.status, 404) << reply.body;
}

}  // namespace
}  // namespace roster::apitest
