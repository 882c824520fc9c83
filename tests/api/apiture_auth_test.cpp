// Apiture authentication: the OAuth2 token endpoint (password, refresh_token, client_credentials
// grants, RFC 6749 error bodies), scopes, and API-Key + Bearer checks on the /users routes.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "api/apiture_fixture.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;

std::set<std::string> ScopesOf(const Reply& reply) {
  std::set<std::string> out;
  std::string text(reply.Json().at("scope").as_string());
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    out.insert(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

class ApitureAuthTest : public SharedServerTest<ApitureAuthTest> {
 protected:
  Reply PasswordGrant(const CreatedUser& user, const std::string& scope = "",
                      const std::string& password = "") {
    std::string form = "grant_type=password&username=" + user.username +
                       "&password=" + (password.empty() ? user.password : password);
    if (!scope.empty()) form += "&scope=" + scope;
    return TokenReply(server(), form);
  }
  static void ExpectOAuthError(const Reply& reply, int status, const std::string& error) {
    EXPECT_EQ(reply.status, status) << reply.body;
    EXPECT_EQ(reply.Json().at("error"), json::value(error)) << reply.body;
    EXPECT_TRUE(reply.Json().as_object().contains("error_description"));
  }
  void Grant(const CreatedUser& user, const std::string& role) {
    Reply reply =
        server().Post("/obp/v5.0.0/users/" + user.user_id + "/entitlements",
                      R"({"bank_id":"","role_name":")" + role + R"("})", server().SuperToken());
    ASSERT_EQ(reply.status, 201) << reply.body;
  }
};

TEST_F(ApitureAuthTest, PasswordGrantGivesBearerTokenRefreshTokenAndProfileScopes) {
  CreatedUser user = server().CreateUser(UniqueName("oapw"));
  Reply reply = PasswordGrant(user);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json::object& body = reply.Json().as_object();
  EXPECT_EQ(body.at("token_type"), json::value("Bearer"));
  EXPECT_FALSE(body.at("access_token").as_string().empty());
  EXPECT_FALSE(body.at("refresh_token").as_string().empty());
  EXPECT_EQ(body.at("expires_in").to_number<int>(), 3600);
  EXPECT_EQ(reply.Header("Cache-Control"), "no-store");
  EXPECT_EQ(ScopesOf(reply),
            (std::set<std::string>{"profiles/delete", "profiles/full", "profiles/read",
                                   "profiles/readPii", "profiles/write"}));
}

TEST_F(ApitureAuthTest, AdminScopesFollowTheUsersRoles) {
  CreatedUser user = server().CreateUser(UniqueName("oaadm"));
  Grant(user, "CanGetAnyUser");
  Reply reader = PasswordGrant(user);
  ASSERT_EQ(reader.status, 200) << reader.body;
  EXPECT_TRUE(ScopesOf(reader).contains("admin/read"));
  EXPECT_FALSE(ScopesOf(reader).contains("admin/write"));

  Reply super = PasswordGrant(server().superuser());
  ASSERT_EQ(super.status, 200) << super.body;
  for (const char* scope : {"admin/read", "admin/write", "admin/delete", "admin/full"}) {
    EXPECT_TRUE(ScopesOf(super).contains(scope)) << scope;
  }
}

TEST_F(ApitureAuthTest, RequestedScopesAreNarrowedToWhatTheUserMayHave) {
  CreatedUser user = server().CreateUser(UniqueName("oanarrow"));
  Reply reply = PasswordGrant(user, "profiles/read%20admin/write");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(ScopesOf(reply), std::set<std::string>{"profiles/read"});

  ExpectOAuthError(PasswordGrant(user, "admin/write"), 400, "invalid_scope");
  ExpectOAuthError(PasswordGrant(user, "profiles/everything"), 400, "invalid_scope");
}

TEST_F(ApitureAuthTest, WrongPasswordAndUnknownUserGiveTheSameInvalidGrant) {
  CreatedUser user = server().CreateUser(UniqueName("oabad"));
  Reply wrong = PasswordGrant(user, "", "Wrong1234!x");
  ExpectOAuthError(wrong, 400, "invalid_grant");
  CreatedUser ghost{.username = UniqueName("ghost"), .password = "Whatever1!x"};
  Reply unknown = PasswordGrant(ghost);
  ExpectOAuthError(unknown, 400, "invalid_grant");
  EXPECT_EQ(wrong.Json().at("error_description"), unknown.Json().at("error_description"));
}

TEST_F(ApitureAuthTest, BadRequestsToTheTokenEndpoint) {
  ExpectOAuthError(TokenReply(server(), "grant_type=password&username=x&password=y", "nokey"), 401,
                   "invalid_client");
  ExpectOAuthError(TokenReply(server(), "grant_type=authorization_code&code=1"), 400,
                   "unsupported_grant_type");
  ExpectOAuthError(TokenReply(server(), "username=x"), 400, "invalid_request");
  ExpectOAuthError(TokenReply(server(), "grant_type=password&username=x"), 400, "invalid_request");
  ExpectOAuthError(TokenReply(server(), "grant_type=refresh_token"), 400, "invalid_request");
  ExpectOAuthError(TokenReply(server(), "grant_type=password&grant_type=password"), 400,
                   "invalid_request");
  ExpectOAuthError(TokenReply(server(), "grant_type=refresh_token&refresh_token=nope"), 400,
                   "invalid_grant");
}

TEST_F(ApitureAuthTest, RefreshTokenIsSpentOnUseAndCanNarrowScopes) {
  CreatedUser user = server().CreateUser(UniqueName("oaref"));
  Reply first = PasswordGrant(user);
  ASSERT_EQ(first.status, 200) << first.body;
  std::string refresh(first.Json().at("refresh_token").as_string());

  Reply second = TokenReply(
      server(), "grant_type=refresh_token&refresh_token=" + refresh + "&scope=profiles/read");
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(ScopesOf(second), std::set<std::string>{"profiles/read"});
  EXPECT_NE(second.Json().at("access_token"), first.Json().at("access_token"));

  ExpectOAuthError(TokenReply(server(), "grant_type=refresh_token&refresh_token=" + refresh), 400,
                   "invalid_grant");
  // A refresh token is not an access token.
  std::string next_refresh(second.Json().at("refresh_token").as_string());
  Reply misuse = ApitureSend(server(), "GET", "/users/users/" + user.user_id, next_refresh);
  EXPECT_EQ(misuse.status, 401) << misuse.body;
  // Nor may another client application use it.
  ServiceClient other = TrustedService(server());
  ExpectOAuthError(
      TokenReply(server(), "grant_type=refresh_token&refresh_token=" + next_refresh, other.api_key),
      400, "invalid_grant");
}

TEST_F(ApitureAuthTest, ClientCredentialsOnlyForTrustedConsumers) {
  ExpectOAuthError(TokenReply(server(), "grant_type=client_credentials"), 400,
                   "unauthorized_client");
  ServiceClient service = TrustedService(server(), "admin/read");
  ASSERT_FALSE(service.token.empty());
  Reply again = TokenReply(server(), "grant_type=client_credentials", service.api_key);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_FALSE(again.Json().as_object().contains("refresh_token"));
  EXPECT_TRUE(ScopesOf(again).contains("admin/full"));
}

TEST_F(ApitureAuthTest, UsersRoutesNeedApiKeyAndBearer) {
  CreatedUser user = server().CreateUser(UniqueName("oause"));
  std::string token = ApitureToken(server(), user.username);
  std::string path = "/users/users/" + user.user_id;

  Reply ok = ApitureSend(server(), "GET", path, token);
  EXPECT_EQ(ok.status, 200) << ok.body;

  for (const Reply& reply :
       {server().Send("GET", path, {}),
        server().Send("GET", path, {{"Authorization", "Bearer " + token}}),
        ApitureSend(server(), "GET", path, ""), ApitureSend(server(), "GET", path, "not-a-token"),
        ApitureSend(server(), "GET", path, token, "", {{"Authorization", "Basic abc"}})}) {
    EXPECT_EQ(reply.status, 401) << reply.body;
    EXPECT_NE(reply.Header("Content-Type").find("application/hal+json"), std::string::npos);
    const json::object& error = reply.Json().at("_error").as_object();
    EXPECT_EQ(error.at("statusCode").to_number<int>(), 401);
    EXPECT_FALSE(error.at("type").as_string().empty());
    EXPECT_TRUE(reply.HasHeader("WWW-Authenticate"));
  }
  Reply wrong_key = ApitureSend(server(), "GET", path, token, "", {}, "wrong-key");
  EXPECT_EQ(wrong_key.status, 401) << wrong_key.body;
}

TEST_F(ApitureAuthTest, TokensStopWorkingWhenTheUserIsLockedThroughObp) {
  CreatedUser user = server().CreateUser(UniqueName("oalock"));
  std::string token = ApitureToken(server(), user.username);
  std::string path = "/users/users/" + user.user_id;
  ASSERT_EQ(ApitureSend(server(), "GET", path, token).status, 200);
  Reply lock =
      server().Post("/obp/v5.0.0/users/" + user.username + "/locks", "", server().SuperToken());
  ASSERT_EQ(lock.status, 200) << lock.body;
  EXPECT_EQ(ApitureSend(server(), "GET", path, token).status, 401);
  ExpectOAuthError(PasswordGrant(user), 400, "invalid_grant");
}

TEST_F(ApitureAuthTest, UnknownApiturePathsGetAHalNotFound) {
  Reply reply = ApitureSend(server(), "GET", "/users/nothing/here", "");
  EXPECT_EQ(reply.status, 404) << reply.body;
  EXPECT_EQ(reply.Json().at("_error").at("type"), json::value("notFound"));
  EXPECT_EQ(reply.Json().at("_profile"),
            json::value("https://production.api.apiture.com/schemas/common/errorResponse/v2.1.1/"
                        "profile.json"));
}

}  // namespace
}  // namespace roster::apitest
