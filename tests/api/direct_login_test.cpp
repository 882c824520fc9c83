// DirectLogin (obp-reference-behaviour.md §1.1, §1.2): getting tokens, using them, every error row.
#include <gtest/gtest.h>

#include <string>

#include "api/server_fixture.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;

constexpr const char* kCurrentUser = "/obp/v5.0.0/users/current";

class DirectLoginTest : public SharedServerTest<DirectLoginTest> {
 protected:
  Reply LoginWith(const httplib::Headers& headers) {
    return server().Send("POST", "/my/logins/direct", headers);
  }
  std::string Credentials(const CreatedUser& user) {
    return "username=" + user.username + ", password=" + user.password +
           ", consumer_key=" + server().consumer_key();
  }
  static void ExpectError(const Reply& reply, int status, const std::string& message) {
    EXPECT_EQ(reply.status, status) << reply.body;
    EXPECT_EQ(reply.Json(), ErrorBody(status, message));
  }
  static std::string TokenOf(const Reply& reply) {
    json::value body = reply.Json();
    if (!body.is_object() || !body.as_object().if_contains("token")) return "";
    return std::string(body.at("token").as_string());
  }
};

TEST_F(DirectLoginTest, RecommendedHeaderGives201WithOnlyAToken) {
  CreatedUser user = server().CreateUser(UniqueName("dlrec"));
  Reply reply = LoginWith({{"DirectLogin", Credentials(user)}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(KeysOf(reply.Json()), std::vector<std::string>{"token"});
  EXPECT_FALSE(TokenOf(reply).empty());
  EXPECT_NE(reply.Header("Content-Type").find("application/json"), std::string::npos);
}

TEST_F(DirectLoginTest, DeprecatedAuthorizationHeaderGives201) {
  CreatedUser user = server().CreateUser(UniqueName("dldep"));
  std::string value = "DirectLogin username=\"" + user.username + "\", password=\"" +
                      user.password + "\", consumer_key=\"" + server().consumer_key() + "\"";
  Reply reply = LoginWith({{"Authorization", value}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(KeysOf(reply.Json()), std::vector<std::string>{"token"});
}

TEST_F(DirectLoginTest, TokenWorksInBothHeaderForms) {
  CreatedUser user = server().CreateUser(UniqueName("dluse"));
  std::string token = server().Login(user.username, user.password);
  ASSERT_FALSE(token.empty());

  Reply recommended = server().Send("GET", kCurrentUser, {{"DirectLogin", "token=" + token}});
  ASSERT_EQ(recommended.status, 200) << recommended.body;
  EXPECT_EQ(recommended.Json().at("username"), json::value(user.username));
  EXPECT_EQ(recommended.Json().at("user_id"), json::value(user.user_id));

  Reply deprecated = server().Send("GET", kCurrentUser,
                                   {{"Authorization", "DirectLogin token=\"" + token + "\""}});
  ASSERT_EQ(deprecated.status, 200) << deprecated.body;
  EXPECT_EQ(deprecated.Json().at("user_id"), json::value(user.user_id));
}

TEST_F(DirectLoginTest, HeaderNameIsCaseInsensitive) {
  CreatedUser user = server().CreateUser(UniqueName("dlcase"));
  Reply login = LoginWith({{"directlogin", Credentials(user)}});
  ASSERT_EQ(login.status, 201) << login.body;
  std::string token = TokenOf(login);
  for (const char* name : {"directlogin", "DIRECTLOGIN", "directLogin"}) {
    Reply reply = server().Send("GET", kCurrentUser, {{name, "token=" + token}});
    EXPECT_EQ(reply.status, 200) << name << ": " << reply.body;
  }
}

TEST_F(DirectLoginTest, NoHeaderIs400Obp20082) {
  ExpectError(LoginWith({}), 400, "OBP-20082: Missing DirectLogin or Authorization header.");
}

TEST_F(DirectLoginTest, AuthorizationWithoutDirectLoginWordIs400Obp20083) {
  ExpectError(LoginWith({{"Authorization", "Basic dXNlcjpwYXNz"}}), 400,
              "OBP-20083: Missing DirectLogin word at the value of Authorization header.");
}

TEST_F(DirectLoginTest, MissingParametersAreNamed) {
  CreatedUser user = server().CreateUser(UniqueName("dlmiss"));
  ExpectError(LoginWith({{"DirectLogin", "username=" + user.username}}), 400,
              "OBP-20002: These DirectLogin parameters are missing: password, consumer_key");
  ExpectError(
      LoginWith({{"DirectLogin", "username=" + user.username + ", password=" + user.password}}),
      400, "OBP-20002: These DirectLogin parameters are missing: consumer_key");
  // An empty value counts as missing.
  ExpectError(LoginWith({{"DirectLogin", "username=" + user.username + ", password=, " +
                                             "consumer_key=" + server().consumer_key()}}),
              400, "OBP-20002: These DirectLogin parameters are missing: password");
  ExpectError(LoginWith({{"DirectLogin", "token=abc"}}), 400,
              "OBP-20002: These DirectLogin parameters are missing: username, password, "
              "consumer_key");
}

TEST_F(DirectLoginTest, BadCharactersAre400Obp20011) {
  const std::string key = server().consumer_key();
  ExpectError(
      LoginWith({{"DirectLogin", "username=bad<name>, password=Abcdefgh1!, consumer_key=" + key}}),
      400, "OBP-20011: Value contains invalid characters");
  ExpectError(LoginWith({{"DirectLogin",
                          "username=someone.valid, password=Abcdefgh1\xc3\xa9, "
                          "consumer_key=" +
                              key}}),
              400, "OBP-20011: Value contains invalid characters");
}

TEST_F(DirectLoginTest, ValueTooLongIs400Obp20010) {
  const std::string key = server().consumer_key();
  ExpectError(LoginWith({{"DirectLogin", "username=" + std::string(513, 'a') +
                                             ", password=Abcdefgh1!, consumer_key=" + key}}),
              400, "OBP-20010: Value too long");
  ExpectError(LoginWith({{"DirectLogin", "username=someone.valid, password=" +
                                             std::string(513, 'p') + ", consumer_key=" + key}}),
              400, "OBP-20010: Value too long");
}

TEST_F(DirectLoginTest, UnknownConsumerKeyIs401Obp20008) {
  CreatedUser user = server().CreateUser(UniqueName("dlkey"));
  ExpectError(server().LoginReply(user.username, user.password, "no-such-consumer-key-0123"), 401,
              "OBP-20008: Invalid Consumer Key.");
}

TEST_F(DirectLoginTest, WrongPasswordUnknownUserAndUnvalidatedUserAre401Obp20004) {
  const std::string message = "OBP-20004: Invalid login credentials. Check username/password.";
  CreatedUser user = server().CreateUser(UniqueName("dlwrong"));
  ExpectError(server().LoginReply(user.username, "Wrongpass1!"), 401, message);
  ExpectError(server().LoginReply(UniqueName("nobody"), "Abcdefgh1!"), 401, message);
  CreatedUser unvalidated = server().CreateUser(UniqueName("dlunval"), /*validated=*/false);
  ExpectError(server().LoginReply(unvalidated.username, unvalidated.password), 401, message);
}

TEST_F(DirectLoginTest, LockedUserIs401Obp20013) {
  CreatedUser user = server().CreateUser(UniqueName("dllock"));
  Reply lock =
      server().Post("/obp/v5.0.0/users/" + user.username + "/locks", "", server().SuperToken());
  ASSERT_EQ(lock.status, 200) << lock.body;
  ExpectError(server().LoginReply(user.username, user.password), 401,
              "OBP-20013: The account has been locked, please contact an administrator!");
}

TEST_F(DirectLoginTest, InvalidTokenIs401Obp20003) {
  const std::string token = "NotARealToken123";
  ExpectError(server().Get(kCurrentUser, token), 401,
              "OBP-20003: This DirectLogin token is invalid or expired: " + token);
  ExpectError(server().Send("GET", kCurrentUser,
                            {{"Authorization", "DirectLogin token=\"" + token + "\""}}),
              401, "OBP-20003: This DirectLogin token is invalid or expired: " + token);
}

TEST_F(DirectLoginTest, BasicAuthorizationOnProtectedEndpointIs401Obp20080) {
  ExpectError(server().Send("GET", kCurrentUser, {{"Authorization", "Basic dXNlcjpwYXNz"}}), 401,
              "OBP-20080: Authorization Header format is not supported at this instance.");
}

TEST_F(DirectLoginTest, NoCredentialsIs401Obp20001WithChallenge) {
  Reply reply = server().Get(kCurrentUser);
  ExpectError(reply, 401, "OBP-20001: User not logged in. Authentication is required!");
  ASSERT_TRUE(reply.HasHeader("WWW-Authenticate"));
  EXPECT_NE(reply.Header("WWW-Authenticate").find("DirectLogin realm="), std::string::npos)
      << reply.Header("WWW-Authenticate");
}

TEST_F(DirectLoginTest, SeveralTokensOfOneUserStayValid) {
  CreatedUser user = server().CreateUser(UniqueName("dlmany"));
  std::string first = server().Login(user.username, user.password);
  std::string second = server().Login(user.username, user.password);
  ASSERT_FALSE(first.empty());
  ASSERT_FALSE(second.empty());
  EXPECT_NE(first, second);
  EXPECT_EQ(server().Get(kCurrentUser, first).status, 200);
  EXPECT_EQ(server().Get(kCurrentUser, second).status, 200);
}

TEST_F(DirectLoginTest, GetOnTheLoginPathIs404Obp10404) {
  Reply reply = server().Get("/my/logins/direct");
  EXPECT_EQ(reply.status, 404) << reply.body;
  EXPECT_TRUE(reply.Message().starts_with("OBP-10404: ")) << reply.body;
  EXPECT_EQ(reply.Json().at("code"), json::value(404));
}

TEST_F(DirectLoginTest, LoginIsUnversioned) {
  CreatedUser user = server().CreateUser(UniqueName("dlver"));
  Reply reply =
      server().Send("POST", "/obp/v5.0.0/my/logins/direct", {{"DirectLogin", Credentials(user)}});
  EXPECT_EQ(reply.status, 404) << reply.body;
  EXPECT_TRUE(reply.Message().starts_with("OBP-10404: ")) << reply.body;
}

}  // namespace
}  // namespace roster::apitest
