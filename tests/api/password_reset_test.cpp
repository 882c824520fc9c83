// Password reset links (obp-reference-behaviour.md §2.11) and the unversioned
// POST /user_mgt/reset_password/SECRET that consumes them.
#include <gtest/gtest.h>

#include <string>

#include "api/server_fixture.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;

constexpr const char* kUrlPath = "/obp/v5.0.0/management/user/reset-password-url";
constexpr const char* kLinkPrefix = "http://127.0.0.1:8080/user_mgt/reset_password/";
constexpr const char* kNewPassword = "Zyxwvuts9$";
constexpr const char* kInvalidLink = "The password reset link is invalid, already used or expired.";

void ExpectError(const Reply& reply, int status, const std::string& message) {
  EXPECT_EQ(reply.status, status) << reply.body;
  EXPECT_EQ(reply.Json(), ErrorBody(status, message));
}

std::string UrlBody(const CreatedUser& user) {
  return json::serialize(
      json::object{{"username", user.username}, {"email", user.email}, {"user_id", user.user_id}});
}

std::string PasswordBody(const std::string& password) {
  return json::serialize(json::object{{"password", password}});
}

class PasswordResetTest : public SharedServerTest<PasswordResetTest> {
 public:
  static ServerOptions Options() { return {.serve_flags = {"--reset-password-url-enabled=true"}}; }

 protected:
  // The secret of a fresh link for `user` ("" after a test failure).
  static std::string IssueSecret(const CreatedUser& user) {
    Reply reply = server().Post(kUrlPath, UrlBody(user), server().SuperToken());
    EXPECT_EQ(reply.status, 201) << reply.body;
    std::string url(reply.Json().at("reset_password_url").as_string());
    EXPECT_TRUE(url.starts_with(kLinkPrefix)) << url;
    return url.starts_with(kLinkPrefix) ? url.substr(std::string(kLinkPrefix).size()) : "";
  }
};

TEST_F(PasswordResetTest, LinkNeedsTheRoleAndAValidBody) {
  auto [user, token] = server().CreateUserWithToken("resetrole");
  ExpectError(server().Post(kUrlPath, UrlBody(user), token), 403,
              "OBP-20006: User is missing one or more roles: CanCreateResetPasswordUrl");
  ExpectError(server().Post(kUrlPath, UrlBody(user)), 401,
              "OBP-20001: User not logged in. Authentication is required!");
  ExpectError(server().Post(kUrlPath, R"({"username":"x","email":"y"})", server().SuperToken()),
              400, "OBP-10001: Incorrect json format.");
}

TEST_F(PasswordResetTest, LinkIsEmptyUnlessUsernameEmailAndIdMatch) {
  CreatedUser user = server().CreateUser(UniqueName("resetmatch"));
  CreatedUser other = server().CreateUser(UniqueName("resetother"));
  for (int field = 0; field < 3; ++field) {
    CreatedUser wrong = user;
    if (field == 0) wrong.email = other.email;
    if (field == 1) wrong.user_id = other.user_id;
    if (field == 2) wrong.username = UniqueName("nosuchuser");
    Reply reply = server().Post(kUrlPath, UrlBody(wrong), server().SuperToken());
    ASSERT_EQ(reply.status, 201) << reply.body;
    EXPECT_EQ(reply.Json(), (json::object{{"reset_password_url", ""}}));
  }
  CreatedUser unvalidated = server().CreateUser(UniqueName("resetfresh"), false);
  Reply reply = server().Post(kUrlPath, UrlBody(unvalidated), server().SuperToken());
  EXPECT_EQ(reply.Json(), (json::object{{"reset_password_url", ""}}));
  EXPECT_EQ(IssueSecret(user).size(), 32u);
}

TEST_F(PasswordResetTest, ResetSetsThePasswordOnceAndRevokesEveryToken) {
  auto [user, token] = server().CreateUserWithToken("resetflow");
  std::string second_token = server().Login(user.username, user.password);
  std::string secret = IssueSecret(user);
  ASSERT_FALSE(secret.empty());
  const std::string path = "/user_mgt/reset_password/" + secret;

  ExpectError(server().Post(path, "{}"), 400, "OBP-10001: Incorrect json format.");
  Reply weak = server().Post(path, PasswordBody("weak"));
  EXPECT_EQ(weak.status, 400);
  EXPECT_TRUE(weak.Message().starts_with("OBP-30207: ")) << weak.body;
  // Refused requests changed nothing.
  EXPECT_EQ(server().Get("/obp/v5.0.0/users/current", token).status, 200);

  Reply done = server().Post(path, PasswordBody(kNewPassword));
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Json(), (json::object{{"reset", true}}));

  EXPECT_EQ(server().Get("/obp/v5.0.0/users/current", token).status, 401);
  EXPECT_EQ(server().Get("/obp/v5.0.0/users/current", second_token).status, 401);
  EXPECT_EQ(server().LoginReply(user.username, user.password).status, 401);
  EXPECT_EQ(server().LoginReply(user.username, kNewPassword).status, 201);

  ExpectError(server().Post(path, PasswordBody("Another1pass!")), 400, kInvalidLink);
  ExpectError(server().Post("/user_mgt/reset_password/NOSUCHSECRET", PasswordBody(kNewPassword)),
              400, kInvalidLink);
}

class PasswordResetDisabledTest : public SharedServerTest<PasswordResetDisabledTest> {};

TEST_F(PasswordResetDisabledTest, LinkIsRefusedByDefault) {
  CreatedUser user = server().CreateUser(UniqueName("resetoff"));
  ExpectError(server().Post("/obp/v4.0.0/management/user/reset-password-url", UrlBody(user),
                            server().SuperToken()),
              400, "OBP-50017: The endpoint is forbidden at this API instance.");
}

}  // namespace
}  // namespace roster::apitest
