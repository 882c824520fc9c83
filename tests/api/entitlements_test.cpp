// Entitlements and the role catalogue (obp-reference-behaviour.md §2.8, Appendix A, Appendix B).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "api/server_fixture.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;

constexpr const char* kMissingRole = "OBP-20006: User is missing one or more roles: ";

class EntitlementsTest : public SharedServerTest<EntitlementsTest> {
 protected:
  static void ExpectError(const Reply& reply, int status, const std::string& message) {
    EXPECT_EQ(reply.status, status) << reply.body;
    EXPECT_EQ(reply.Json(), ErrorBody(status, message));
  }
  Reply Grant(const std::string& token, const std::string& user_id, const std::string& bank_id,
              const std::string& role) {
    return server().Post("/obp/v5.0.0/users/" + user_id + "/entitlements",
                         json::serialize(json::object{{"bank_id", bank_id}, {"role_name", role}}),
                         token);
  }
  // Grants as the superuser and returns the entitlement id ("" after a test failure).
  std::string GrantOrFail(const std::string& user_id, const std::string& bank_id,
                          const std::string& role) {
    Reply reply = Grant(server().SuperToken(), user_id, bank_id, role);
    EXPECT_EQ(reply.status, 201) << reply.body;
    if (reply.status != 201) return "";
    return std::string(reply.Json().at("entitlement_id").as_string());
  }
  std::string CreateBank() {
    const std::string id = UniqueName("bank");
    Reply reply = server().Post(
        "/obp/v5.0.0/banks",
        json::serialize(json::object{{"id", id}, {"bank_code", "TB"}, {"full_name", "Test"}}),
        server().SuperToken());
    EXPECT_EQ(reply.status, 201) << reply.body;
    return id;
  }
  static std::vector<std::string> RolesOf(const Reply& reply) {
    std::vector<std::string> roles;
    for (const auto& item : reply.Json().at("list").as_array()) {
      roles.emplace_back(item.at("role_name").as_string());
    }
    std::sort(roles.begin(), roles.end());
    return roles;
  }
};

TEST_F(EntitlementsTest, GrantSystemRoleAndUseIt) {
  auto [grantee, token] = server().CreateUserWithToken("grantee");
  ASSERT_EQ(server().Get("/obp/v5.0.0/users", token).status, 403);

  Reply reply = Grant(server().SuperToken(), grantee.user_id, "", "CanGetAnyUser");
  ASSERT_EQ(reply.status, 201) << reply.body;
  json::value body = reply.Json();
  EXPECT_EQ(KeysOf(body), (std::vector<std::string>{"bank_id", "entitlement_id", "role_name"}));
  EXPECT_EQ(body.at("role_name"), json::value("CanGetAnyUser"));
  EXPECT_EQ(body.at("bank_id"), json::value(""));
  EXPECT_FALSE(body.at("entitlement_id").as_string().empty());

  EXPECT_EQ(server().Get("/obp/v5.0.0/users", token).status, 200);
  Reply mine = server().Get("/obp/v5.0.0/my/entitlements", token);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.Json(), (json::object{{"list", json::array{body}}}));
  Reply current = server().Get("/obp/v5.0.0/users/current", token);
  EXPECT_EQ(current.Json().at("entitlements"), (json::object{{"list", json::array{body}}}));
}

TEST_F(EntitlementsTest, GrantIsServedFromV200) {
  CreatedUser user = server().CreateUser(UniqueName("v200grant"));
  Reply reply =
      server().Post("/obp/v2.0.0/users/" + user.user_id + "/entitlements",
                    json::serialize(json::object{{"bank_id", ""}, {"role_name", "CanGetAnyUser"}}),
                    server().SuperToken());
  EXPECT_EQ(reply.status, 201) << reply.body;
}

TEST_F(EntitlementsTest, RoleScopeMustMatchTheBankId) {
  CreatedUser user = server().CreateUser(UniqueName("scope"));
  const std::string bank = CreateBank();
  ExpectError(Grant(server().SuperToken(), user.user_id, "", "CanGetCustomers"), 400,
              "OBP-30205: This entitlement is a Bank Role. Please set bank_id to a valid bank id.");
  ExpectError(Grant(server().SuperToken(), user.user_id, bank, "CanGetAnyUser"), 400,
              "OBP-30206: This entitlement is a System Role. Please set bank_id to empty string.");
  Reply mine =
      server().Get("/obp/v5.0.0/users/" + user.user_id + "/entitlements", server().SuperToken());
  EXPECT_EQ(mine.Json(), (json::object{{"list", json::array{}}}));
}

TEST_F(EntitlementsTest, UnknownRoleIs400Obp10007) {
  CreatedUser user = server().CreateUser(UniqueName("badrole"));
  Reply reply = Grant(server().SuperToken(), user.user_id, "", "CanFlyToTheMoon");
  EXPECT_EQ(reply.status, 400) << reply.body;
  EXPECT_EQ(reply.Json().at("code"), json::value(400));
  EXPECT_TRUE(reply.Message().starts_with(
      "OBP-10007: Incorrect Role name: CanFlyToTheMoon. Possible roles are "))
      << reply.Message().substr(0, 200);
  EXPECT_NE(reply.Message().find("CanGetAnyUser"), std::string::npos);
}

TEST_F(EntitlementsTest, BankRoleAtUnknownBankIs404Obp30001) {
  CreatedUser user = server().CreateUser(UniqueName("nobank"));
  ExpectError(Grant(server().SuperToken(), user.user_id, "no.such.bank", "CanGetCustomers"), 404,
              "OBP-30001: Bank not found. Please specify a valid value for BANK_ID.");
}

TEST_F(EntitlementsTest, BankRoleAtKnownBank) {
  CreatedUser user = server().CreateUser(UniqueName("bankrole"));
  const std::string bank = CreateBank();
  Reply reply = Grant(server().SuperToken(), user.user_id, bank, "CanGetCustomers");
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(reply.Json().at("bank_id"), json::value(bank));
  EXPECT_EQ(reply.Json().at("role_name"), json::value("CanGetCustomers"));
}

TEST_F(EntitlementsTest, DuplicateIs400Obp30216) {
  CreatedUser user = server().CreateUser(UniqueName("dupgrant"));
  ASSERT_FALSE(GrantOrFail(user.user_id, "", "CanGetAnyUser").empty());
  ExpectError(Grant(server().SuperToken(), user.user_id, "", "CanGetAnyUser"), 400,
              "OBP-30216: Entitlement already exists for the user.");
}

TEST_F(EntitlementsTest, CallerWithoutCreateEntitlementRoleIs403) {
  auto [caller, token] = server().CreateUserWithToken("nogrant");
  CreatedUser target = server().CreateUser(UniqueName("nogranttarget"));
  Reply reply = Grant(token, target.user_id, "", "CanGetAnyUser");
  EXPECT_EQ(reply.status, 403) << reply.body;
  EXPECT_EQ(reply.Json().at("code"), json::value(403));
  EXPECT_NE(reply.Message().find("OBP-20006"), std::string::npos) << reply.body;
  EXPECT_NE(reply.Message().find("CanCreateEntitlementAtAnyBank"), std::string::npos) << reply.body;
  // Nor can a user grant itself a role.
  EXPECT_EQ(Grant(token, caller.user_id, "", "CanGetAnyUser").status, 403);
  EXPECT_EQ(server().Get("/obp/v5.0.0/users", token).status, 403);
}

TEST_F(EntitlementsTest, OneBankAdministratorGrantsOnlyAtItsBank) {
  const std::string bank_x = CreateBank();
  const std::string bank_y = CreateBank();
  auto [admin, token] = server().CreateUserWithToken("bankadmin");
  ASSERT_FALSE(GrantOrFail(admin.user_id, bank_x, "CanCreateEntitlementAtOneBank").empty());
  CreatedUser target = server().CreateUser(UniqueName("banktarget"));

  Reply at_x = Grant(token, target.user_id, bank_x, "CanGetCustomers");
  EXPECT_EQ(at_x.status, 201) << at_x.body;
  Reply at_y = Grant(token, target.user_id, bank_y, "CanGetCustomers");
  EXPECT_EQ(at_y.status, 403) << at_y.body;
  EXPECT_NE(at_y.Message().find("OBP-20006"), std::string::npos) << at_y.body;
  Reply system = Grant(token, target.user_id, "", "CanGetAnyUser");
  EXPECT_EQ(system.status, 403) << system.body;

  Reply held =
      server().Get("/obp/v5.0.0/users/" + target.user_id + "/entitlements", server().SuperToken());
  ASSERT_EQ(held.status, 200) << held.body;
  ASSERT_EQ(held.Json().at("list").as_array().size(), 1u) << held.body;
  EXPECT_EQ(held.Json().at("list").at(0).at("bank_id"), json::value(bank_x));
}

TEST_F(EntitlementsTest, UnknownTargetUserIs404Obp20005) {
  ExpectError(Grant(server().SuperToken(), "no-such-user-id", "", "CanGetAnyUser"), 404,
              "OBP-20005: User not found. Please specify a valid value for USER_ID. Current "
              "USER_ID(no-such-user-id)");
}

TEST_F(EntitlementsTest, MalformedGrantBodyIs400Obp10001) {
  CreatedUser user = server().CreateUser(UniqueName("badbody"));
  for (const std::string body :
       {R"({"role_name":"CanGetAnyUser"})", R"({"bank_id":"","role_name":42})", "{nope"}) {
    Reply reply = server().Post("/obp/v5.0.0/users/" + user.user_id + "/entitlements", body,
                                server().SuperToken());
    EXPECT_EQ(reply.status, 400) << body << ": " << reply.body;
    EXPECT_TRUE(reply.Message().starts_with("OBP-10001: Incorrect json format.")) << reply.body;
  }
}

TEST_F(EntitlementsTest, DeleteEntitlement) {
  auto [grantee, token] = server().CreateUserWithToken("revokee");
  const std::string id = GrantOrFail(grantee.user_id, "", "CanGetAnyUser");
  ASSERT_FALSE(id.empty());
  ASSERT_EQ(server().Get("/obp/v5.0.0/users", token).status, 200);

  // Only holders of CanDeleteEntitlementAtAnyBank may delete.
  ExpectError(server().Delete("/obp/v5.0.0/users/" + grantee.user_id + "/entitlement/" + id, token),
              403, std::string(kMissingRole) + "CanDeleteEntitlementAtAnyBank");

  Reply deleted = server().Delete("/obp/v5.0.0/users/" + grantee.user_id + "/entitlement/" + id,
                                  server().SuperToken());
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_TRUE(deleted.body.empty()) << deleted.body;
  ExpectError(server().Get("/obp/v5.0.0/users", token), 403,
              std::string(kMissingRole) + "CanGetAnyUser");

  ExpectError(server().Delete("/obp/v5.0.0/users/" + grantee.user_id + "/entitlement/" + id,
                              server().SuperToken()),
              404, "OBP-30212: EntitlementId not found");
}

TEST_F(EntitlementsTest, DeletingAnotherUsersEntitlementIs400Obp30213) {
  CreatedUser owner = server().CreateUser(UniqueName("owner"));
  CreatedUser other = server().CreateUser(UniqueName("other"));
  const std::string id = GrantOrFail(owner.user_id, "", "CanGetAnyUser");
  ASSERT_FALSE(id.empty());
  ExpectError(server().Delete("/obp/v5.0.0/users/" + other.user_id + "/entitlement/" + id,
                              server().SuperToken()),
              400, "OBP-30213: USER_ID does not have the ENTITLEMENT_ID.");
  // Still there.
  Reply held =
      server().Get("/obp/v5.0.0/users/" + owner.user_id + "/entitlements", server().SuperToken());
  EXPECT_EQ(RolesOf(held), std::vector<std::string>{"CanGetAnyUser"});
}

TEST_F(EntitlementsTest, EntitlementsOfAUser) {
  CreatedUser user = server().CreateUser(UniqueName("listed"));
  const std::string bank = CreateBank();
  GrantOrFail(user.user_id, "", "CanGetAnyUser");
  GrantOrFail(user.user_id, bank, "CanGetCustomers");
  Reply reply =
      server().Get("/obp/v5.0.0/users/" + user.user_id + "/entitlements", server().SuperToken());
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(KeysOf(reply.Json()), std::vector<std::string>{"list"});
  EXPECT_EQ(RolesOf(reply), (std::vector<std::string>{"CanGetAnyUser", "CanGetCustomers"}));
  for (const auto& item : reply.Json().at("list").as_array()) {
    EXPECT_EQ(KeysOf(item), (std::vector<std::string>{"bank_id", "entitlement_id", "role_name"}));
  }

  auto [caller, token] = server().CreateUserWithToken("nolist");
  ExpectError(server().Get("/obp/v5.0.0/users/" + user.user_id + "/entitlements", token), 403,
              std::string(kMissingRole) + "CanGetEntitlementsForAnyUserAtAnyBank");
  ExpectError(server().Get("/obp/v5.0.0/users/no-such-user-id/entitlements", server().SuperToken()),
              404,
              "OBP-20005: User not found. Please specify a valid value for USER_ID. Current "
              "USER_ID(no-such-user-id)");
}

TEST_F(EntitlementsTest, EntitlementsOfAUserAtOneBank) {
  CreatedUser user = server().CreateUser(UniqueName("atbank"));
  const std::string bank_x = CreateBank();
  const std::string bank_y = CreateBank();
  GrantOrFail(user.user_id, "", "CanGetAnyUser");
  GrantOrFail(user.user_id, bank_x, "CanGetCustomers");
  GrantOrFail(user.user_id, bank_y, "CanGetCustomers");
  Reply reply =
      server().Get("/obp/v5.0.0/banks/" + bank_x + "/users/" + user.user_id + "/entitlements",
                   server().SuperToken());
  ASSERT_EQ(reply.status, 200) << reply.body;
  ASSERT_EQ(reply.Json().at("list").as_array().size(), 1u) << reply.body;
  EXPECT_EQ(reply.Json().at("list").at(0).at("bank_id"), json::value(bank_x));
  EXPECT_EQ(reply.Json().at("list").at(0).at("role_name"), json::value("CanGetCustomers"));

  ExpectError(server().Get("/obp/v5.0.0/banks/no.such.bank/users/" + user.user_id + "/entitlements",
                           server().SuperToken()),
              404, "OBP-30001: Bank not found. Please specify a valid value for BANK_ID.");
  auto [caller, token] = server().CreateUserWithToken("noatbank");
  ExpectError(
      server().Get("/obp/v5.0.0/banks/" + bank_x + "/users/" + user.user_id + "/entitlements",
                   token),
      403,
      std::string(kMissingRole) +
          "CanGetEntitlementsForAnyUserAtOneBank or "
          "CanGetEntitlementsForAnyUserAtAnyBank for BankId(" +
          bank_x + ").");
  // The bank-scoped role works at its bank only.
  GrantOrFail(caller.user_id, bank_x, "CanGetEntitlementsForAnyUserAtOneBank");
  EXPECT_EQ(
      server()
          .Get("/obp/v5.0.0/banks/" + bank_x + "/users/" + user.user_id + "/entitlements", token)
          .status,
      200);
  EXPECT_EQ(
      server()
          .Get("/obp/v5.0.0/banks/" + bank_y + "/users/" + user.user_id + "/entitlements", token)
          .status,
      403);
}

TEST_F(EntitlementsTest, EntitlementsAtABank) {
  const std::string bank = CreateBank();
  const std::string other_bank = CreateBank();
  CreatedUser first = server().CreateUser(UniqueName("bankent"));
  CreatedUser second = server().CreateUser(UniqueName("bankent"));
  GrantOrFail(first.user_id, bank, "CanGetCustomers");
  GrantOrFail(second.user_id, bank, "CanGetCustomersMinimal");
  GrantOrFail(second.user_id, other_bank, "CanGetCustomers");
  GrantOrFail(second.user_id, "", "CanGetAnyUser");

  Reply reply = server().Get("/obp/v5.0.0/banks/" + bank + "/entitlements", server().SuperToken());
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json::array& list = reply.Json().at("list").as_array();
  ASSERT_EQ(list.size(), 2u) << reply.body;
  std::vector<std::string> users;
  for (const auto& item : list) {
    EXPECT_EQ(KeysOf(item),
              (std::vector<std::string>{"bank_id", "entitlement_id", "role_name", "user_id"}));
    EXPECT_EQ(item.at("bank_id"), json::value(bank));
    users.emplace_back(item.at("user_id").as_string());
  }
  std::sort(users.begin(), users.end());
  std::vector<std::string> expected = {first.user_id, second.user_id};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(users, expected);

  auto [caller, token] = server().CreateUserWithToken("nobankent");
  ExpectError(server().Get("/obp/v5.0.0/banks/" + bank + "/entitlements", token), 403,
              std::string(kMissingRole) +
                  "CanGetEntitlementsForOneBank or CanGetEntitlementsForAnyBank for BankId(" +
                  bank + ").");
  ExpectError(server().Get("/obp/v5.0.0/banks/no.such.bank/entitlements", server().SuperToken()),
              404, "OBP-30001: Bank not found. Please specify a valid value for BANK_ID.");
}

TEST_F(EntitlementsTest, MyEntitlements) {
  auto [user, token] = server().CreateUserWithToken("mine");
  Reply empty = server().Get("/obp/v5.0.0/my/entitlements", token);
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(empty.Json(), (json::object{{"list", json::array{}}}));
  EXPECT_EQ(server().Get("/obp/v3.0.0/my/entitlements", token).status, 200);
  EXPECT_EQ(server().Get("/obp/v2.2.0/my/entitlements", token).status, 404);
  ExpectError(server().Get("/obp/v5.0.0/my/entitlements"), 401,
              "OBP-20001: User not logged in. Authentication is required!");
}

TEST_F(EntitlementsTest, RoleCatalogue) {
  auto [user, token] = server().CreateUserWithToken("roles");
  Reply reply = server().Get("/obp/v2.1.0/roles", token);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json::array& roles = reply.Json().at("roles").as_array();
  EXPECT_EQ(roles.size(), 306u);
  std::vector<std::string> names;
  for (const auto& role : roles) {
    EXPECT_EQ(KeysOf(role), (std::vector<std::string>{"requires_bank_id", "role"}));
    names.emplace_back(role.at("role").as_string());
  }
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
  auto requires_bank = [&](std::string_view name) -> std::optional<bool> {
    for (const auto& role : roles) {
      if (role.at("role").as_string() == name) return role.at("requires_bank_id").as_bool();
    }
    return std::nullopt;
  };
  EXPECT_EQ(requires_bank("CanGetAnyUser"), false);
  EXPECT_EQ(requires_bank("CanCreateEntitlementAtAnyBank"), false);
  EXPECT_EQ(requires_bank("CanCreateEntitlementAtOneBank"), true);
  EXPECT_EQ(requires_bank("CanGetCustomers"), true);
  EXPECT_EQ(server().Get("/obp/v5.0.0/roles", token).status, 200);
  EXPECT_EQ(server().Get("/obp/v2.1.0/roles").status, 401);
}

}  // namespace
}  // namespace roster::apitest
