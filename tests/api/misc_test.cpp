// Logout link, my spaces (obp-reference-behaviour.md §2.11) and the Roster extension
// DELETE /my/logins/direct.
#include <gtest/gtest.h>

#include <string>

#include "api/server_fixture.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;

class MiscTest : public SharedServerTest<MiscTest> {
 protected:
  static std::string CreateBank(const std::string& prefix) {
    const std::string id = UniqueName(prefix);
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
};

TEST_F(MiscTest, LogoutLink) {
  auto [user, token] = server().CreateUserWithToken("logout");
  Reply reply = server().Get("/obp/v5.0.0/users/current/logout-link", token);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.Json(), (json::object{{"link", "http://127.0.0.1:8080/user_mgt/logout"}}));
  EXPECT_EQ(server().Get("/obp/v4.0.0/users/current/logout-link", token).status, 200);
  Reply anonymous = server().Get("/obp/v5.0.0/users/current/logout-link");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.Json(),
            ErrorBody(401, "OBP-20001: User not logged in. Authentication is required!"));
}

TEST_F(MiscTest, MySpacesAreTheBanksOfDynamicResourceDocRoles) {
  auto [user, token] = server().CreateUserWithToken("spaces");
  Reply empty = server().Get("/obp/v5.0.0/my/spaces", token);
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(empty.Json(), (json::object{{"bank_ids", json::array{}}}));

  const std::string b = CreateBank("spaceb");
  const std::string a = CreateBank("spacea");
  const std::string other = CreateBank("spacec");
  Grant(user.user_id, b, "CanReadDynamicResourceDocsAtOneBank");
  Grant(user.user_id, a, "CanReadDynamicResourceDocsAtOneBank");
  Grant(user.user_id, other, "CanCreateAccount");
  Reply spaces = server().Get("/obp/v4.0.0/my/spaces", token);
  ASSERT_EQ(spaces.status, 200) << spaces.body;
  EXPECT_EQ(spaces.Json(), (json::object{{"bank_ids", json::array{a, b}}}));
  EXPECT_EQ(server().Get("/obp/v5.0.0/my/spaces").status, 401);
}

TEST_F(MiscTest, RevokingATokenLeavesTheOthers) {
  auto [user, token] = server().CreateUserWithToken("revoker");
  std::string other = server().Login(user.username, user.password);
  Reply revoked = server().Delete("/my/logins/direct", token);
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(revoked.Json(), json::value(true));

  Reply after = server().Get("/obp/v5.0.0/users/current", token);
  EXPECT_EQ(after.status, 401);
  EXPECT_TRUE(after.Message().starts_with("OBP-20003: ")) << after.body;
  EXPECT_EQ(server().Get("/obp/v5.0.0/users/current", other).status, 200);
  // Revoking again: the token no longer authenticates.
  EXPECT_EQ(server().Delete("/my/logins/direct", token).status, 401);
  EXPECT_EQ(server().Delete("/my/logins/direct").status, 401);

  // The Authorization header form works as well.
  Reply by_header = server().Send("DELETE", "/my/logins/direct",
                                  {{"Authorization", "DirectLogin token=" + other}});
  ASSERT_EQ(by_header.status, 200) << by_header.body;
  EXPECT_EQ(server().Get("/obp/v5.0.0/users/current", other).status, 401);
}

}  // namespace
}  // namespace roster::apitest
