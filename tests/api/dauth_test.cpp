// POST /user-entitlements, createUserWithRoles (obp-reference-behaviour.md §2.8, §1.6).
#include <gtest/gtest.h>

#include <string>

#include "api/server_fixture.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;

constexpr const char* kPath = "/obp/v5.0.0/user-entitlements";

class DauthTest : public SharedServerTest<DauthTest> {
 protected:
  static void ExpectError(const Reply& reply, int status, const std::string& message) {
    EXPECT_EQ(reply.status, status) << reply.body;
    EXPECT_EQ(reply.Json(), ErrorBody(status, message));
  }
  static std::string Body(const std::string& username, const std::string& provider,
                          const json::array& roles) {
    return json::serialize(
        json::object{{"username", username}, {"provider", provider}, {"roles", roles}});
  }
  static json::object Role(const std::string& bank_id, const std::string& role) {
    return {{"bank_id", bank_id}, {"role_name", role}};
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
    Reply reply = server().Post("/obp/v5.0.0/users/" + user_id + "/entitlements",
                                json::serialize(Role(bank_id, role)), server().SuperToken());
    EXPECT_EQ(reply.status, 201) << reply.body;
  }
  // Whether any user (any provider) has this username, as the superuser sees it.
  static bool UserExists(const std::string& username) {
    Reply users = server().Get("/obp/v5.0.0/users?limit=10000", server().SuperToken());
    EXPECT_EQ(users.status, 200) << users.body;
    for (const auto& user : users.Json().at("users").as_array()) {
      if (user.at("username") == json::value(username)) return true;
    }
    return false;
  }
};

TEST_F(DauthTest, CreatesTheUserAndGrantsTheRoles) {
  const std::string bank = CreateBank();
  const std::string address = "0x" + UniqueName("contract");
  Reply reply =
      server().Post(kPath,
                    Body(address, "dauth.ethereum",
                         json::array{Role("", "CanGetAnyUser"), Role(bank, "CanCreateAccount")}),
                    server().SuperToken());
  ASSERT_EQ(reply.status, 201) << reply.body;
  json::array list = reply.Json().at("list").as_array();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(KeysOf(list[0]),
            (std::vector<std::string>{"bank_id", "entitlement_id", "role_name", "user_id"}));
  EXPECT_EQ(list[0].at("role_name"), json::value("CanGetAnyUser"));
  EXPECT_EQ(list[1].at("bank_id"), json::value(bank));
  const std::string user_id(list[0].at("user_id").as_string());
  EXPECT_EQ(list[1].at("user_id"), json::value(user_id));

  Reply user = server().Get("/obp/v5.0.0/users/user_id/" + user_id, server().SuperToken());
  ASSERT_EQ(user.status, 200) << user.body;
  EXPECT_EQ(user.Json().at("username"), json::value(address));
  EXPECT_EQ(user.Json().at("provider"), json::value("dauth.ethereum"));
  EXPECT_EQ(user.Json().at("provider_id"), json::value(address));
  EXPECT_EQ(user.Json().at("entitlements").at("list").as_array().size(), 2u);

  // The same user is fetched the next time; a duplicate role is refused.
  Reply again = server().Post(
      kPath, Body(address, "dauth.ethereum", json::array{Role("", "CanGetUsersWithAttributes")}),
      server().SuperToken());
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.Json().at("list").at(0).at("user_id"), json::value(user_id));
  ExpectError(
      server().Post(kPath, Body(address, "dauth.ethereum", json::array{Role("", "CanGetAnyUser")}),
                    server().SuperToken()),
      400, "OBP-30216: Entitlement already exists for the user.");
  Reply after =
      server().Get("/obp/v4.0.0/users/" + user_id + "/entitlements", server().SuperToken());
  EXPECT_EQ(after.Json().at("list").as_array().size(), 3u) << after.body;
}

TEST_F(DauthTest, RefusalsCreateNoUserAndNoEntitlement) {
  const std::string address = "0x" + UniqueName("refused");
  const std::string super = server().SuperToken();
  ExpectError(server().Post(kPath, Body(address, "ethereum", json::array{}), super), 400,
              "OBP-20103: Invalid DAuth User Provider.");
  ExpectError(server().Post(kPath, R"({"username":"x","provider":"dauth.x"})", super), 400,
              "OBP-10001: Incorrect json format.");
  ExpectError(server().Post(kPath, R"({"username":"x","provider":"dauth.x","roles":[1]})", super),
              400, "OBP-10001: Incorrect json format.");
  ExpectError(server().Post(kPath, Body(address, "dauth.ethereum", json::array{}), ""), 401,
              "OBP-20001: User not logged in. Authentication is required!");
  Reply unknown =
      server().Post(kPath,
                    Body(address, "dauth.ethereum",
                         json::array{Role("", "CanGetAnyUser"), Role("", "CanFlyToTheMoon")}),
                    super);
  EXPECT_EQ(unknown.status, 400);
  EXPECT_TRUE(unknown.Message().starts_with("OBP-10007: Incorrect Role name: CanFlyToTheMoon"));
  ExpectError(
      server().Post(kPath,
                    Body(address, "dauth.ethereum",
                         json::array{Role("", "CanGetAnyUser"), Role("", "CanCreateAccount")}),
                    super),
      400, "OBP-30205: This entitlement is a Bank Role. Please set bank_id to a valid bank id.");
  ExpectError(server().Post(kPath,
                            Body(address, "dauth.ethereum",
                                 json::array{Role("", "CanGetAnyUser"),
                                             Role("no-such-bank", "CanCreateAccount")}),
                            super),
              404, "OBP-30001: Bank not found. Please specify a valid value for BANK_ID.");
  ExpectError(server().Post(kPath,
                            Body(address, "dauth.ethereum",
                                 json::array{Role("", "CanGetAnyUser"), Role("", "CanGetAnyUser")}),
                            super),
              400, "OBP-30216: Entitlement already exists for the user.");
  EXPECT_FALSE(UserExists(address));
}

TEST_F(DauthTest, ACallerGrantsOnlyTheRolesItHolds) {
  auto [caller, token] = server().CreateUserWithToken("dauthcaller");
  Grant(caller.user_id, "", "CanGetAnyUser");
  const std::string address = "0x" + UniqueName("limited");
  ExpectError(server().Post(kPath,
                            Body(address, "dauth.ethereum",
                                 json::array{Role("", "CanGetAnyUser"), Role("", "CanCreateBank")}),
                            token),
              403, "OBP-20006: User is missing one or more roles: CanCreateBank");
  EXPECT_FALSE(UserExists(address));
  Reply granted = server().Post(
      kPath, Body(address, "dauth.ethereum", json::array{Role("", "CanGetAnyUser")}), token);
  ASSERT_EQ(granted.status, 201) << granted.body;
  EXPECT_EQ(granted.Json().at("list").as_array().size(), 1u);
  EXPECT_TRUE(UserExists(address));
}

}  // namespace
}  // namespace roster::apitest
