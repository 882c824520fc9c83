// Users: registration, e-mail validation, look-ups, listing, soft deletion and version routing
// (obp-reference-behaviour.md §2.1–§2.3, §2.5, §2.10, §1.9, Appendix A).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "api/server_fixture.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;

constexpr const char* kUsers = "/obp/v5.0.0/users";
constexpr const char* kInvalidCredentials =
    "OBP-20004: Invalid login credentials. Check username/password.";
constexpr const char* kWeakPassword =
    "OBP-30207: Invalid Password Format. Your password should EITHER be at least 10 characters "
    "long and contain mixed numbers and both upper and lower case letters and at least one "
    "special character, OR the length should be > 16 and <= 512.";
constexpr const char* kCanGetAnyUser =
    "OBP-20006: User is missing one or more roles: CanGetAnyUser";

const std::vector<std::string> kV200Keys = {"email",       "entitlements", "provider",
                                            "provider_id", "user_id",      "username"};
const std::vector<std::string> kV400Keys = {"email",    "entitlements", "is_deleted", "is_locked",
                                            "provider", "provider_id",  "user_id",    "username"};

std::string Body(const std::string& username, const std::string& password,
                 const std::string& email) {
  return json::serialize(json::object{{"email", email},
                                      {"username", username},
                                      {"password", password},
                                      {"first_name", "Ada"},
                                      {"last_name", "Lovelace"}});
}

// user_id of every element of {"users":[...]}, in order.
std::vector<std::string> UserIds(const Reply& reply) {
  std::vector<std::string> ids;
  json::value body = reply.Json();
  if (!body.is_object() || !body.as_object().if_contains("users")) {
    ADD_FAILURE() << "no users list: " << reply.body;
    return ids;
  }
  for (const auto& user : body.at("users").as_array()) {
    ids.emplace_back(user.at("user_id").as_string());
  }
  return ids;
}

bool Contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

class UsersTest : public SharedServerTest<UsersTest> {
 protected:
  static void ExpectError(const Reply& reply, int status, const std::string& message) {
    EXPECT_EQ(reply.status, status) << reply.body;
    EXPECT_EQ(reply.Json(), ErrorBody(status, message));
  }
  Reply ListUsers(const std::string& query) {
    return server().Get(std::string(kUsers) + query, server().SuperToken());
  }
  // Registers through the API and validates the e-mail, as a new customer would.
  CreatedUser RegisterAndValidate(const std::string& prefix) {
    Reply reply;
    CreatedUser user = server().RegisterUser(UniqueName(prefix), &reply);
    EXPECT_EQ(reply.status, 201) << reply.body;
    auto secret = server().ValidationSecretFor(user.email);
    EXPECT_TRUE(secret.has_value());
    if (secret) {
      EXPECT_EQ(server().Get("/user_mgt/validate_user/" + *secret).status, 200);
    }
    return user;
  }
};

TEST_F(UsersTest, CreateUserReturns201WithUserJsonV200) {
  const std::string name = UniqueName("newuser");
  Reply reply = server().Post(kUsers, Body(name, "Abcdefgh1!", name + "@example.com"));
  ASSERT_EQ(reply.status, 201) << reply.body;
  json::value body = reply.Json();
  EXPECT_EQ(KeysOf(body), kV200Keys);
  EXPECT_EQ(body.at("username"), json::value(name));
  EXPECT_EQ(body.at("email"), json::value(name + "@example.com"));
  EXPECT_EQ(body.at("provider_id"), json::value(name));
  EXPECT_TRUE(body.at("provider").is_string());
  EXPECT_FALSE(body.at("provider").as_string().empty());
  EXPECT_EQ(body.at("user_id").as_string().size(), 36u) << body;
  EXPECT_EQ(body.at("entitlements"), (json::object{{"list", json::array{}}}));

  // The new user is the one the look-ups find.
  Reply by_name = server().Get("/obp/v5.0.0/users/username/" + name, server().SuperToken());
  ASSERT_EQ(by_name.status, 200) << by_name.body;
  EXPECT_EQ(by_name.Json().at("user_id"), body.at("user_id"));
}

TEST_F(UsersTest, CreateUserIsAnonymousAndServedFromV200) {
  const std::string name = UniqueName("v200user");
  Reply reply = server().Post("/obp/v2.0.0/users", Body(name, "Abcdefgh1!", name + "@example.com"));
  EXPECT_EQ(reply.status, 201) << reply.body;
  Reply older = server().Post("/obp/v1.4.0/users",
                              Body(UniqueName("v140user"), "Abcdefgh1!", "v140@example.com"));
  EXPECT_EQ(older.status, 404) << older.body;
}

TEST_F(UsersTest, DuplicateUsernameIs409WithoutCode) {
  const std::string name = UniqueName("dupuser");
  ASSERT_EQ(server().Post(kUsers, Body(name, "Abcdefgh1!", name + "@example.com")).status, 201);
  ExpectError(server().Post(kUsers, Body(name, "Abcdefgh1!", "other." + name + "@example.com")),
              409, "User with the same username already exists.");
  // The superuser created through the CLI counts too.
  ExpectError(server().Post(
                  kUsers, Body(server().superuser().username, "Abcdefgh1!", "x.admin@example.com")),
              409, "User with the same username already exists.");
}

TEST_F(UsersTest, WeakPasswordIs400Obp30207) {
  for (const char* password : {"Abcdefg1!", "abcdefgh1!", "Abcdefgh1 !", "Abcdefgh1[", "short",
                               "aaaaaaaaaaaaaaaa\xc3\xa9"}) {
    const std::string name = UniqueName("weakpw");
    ExpectError(server().Post(kUsers, Body(name, password, name + "@example.com")), 400,
                kWeakPassword);
    EXPECT_EQ(server().Get("/obp/v5.0.0/users/username/" + name, server().SuperToken()).status,
              404);
  }
  // Both accepted forms.
  for (const char* password : {"Abcdefgh1!", "abcdefghijklmnopq", "a long passphrase here"}) {
    const std::string name = UniqueName("goodpw");
    Reply reply = server().Post(kUsers, Body(name, password, name + "@example.com"));
    EXPECT_EQ(reply.status, 201) << password << ": " << reply.body;
  }
}

TEST_F(UsersTest, BadEmailIs400) {
  const std::string name = UniqueName("bademail");
  Reply reply = server().Post(kUsers, Body(name, "Abcdefgh1!", "not-an-email"));
  EXPECT_EQ(reply.status, 400) << reply.body;
  EXPECT_EQ(reply.Json().at("code"), json::value(400));
  EXPECT_NE(reply.Message().find("Invalid email address"), std::string::npos) << reply.body;
  EXPECT_EQ(server().Get("/obp/v5.0.0/users/username/" + name, server().SuperToken()).status, 404);
}

TEST_F(UsersTest, MalformedBodiesAre400Obp10001) {
  const std::string name = UniqueName("badjson");
  const std::string email = name + "@example.com";
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"missing field",
       json::serialize(json::object{
           {"email", email}, {"username", name}, {"password", "Abcdefgh1!"}, {"first_name", "A"}})},
      {"wrong type", json::serialize(json::object{{"email", email},
                                                  {"username", 12345},
                                                  {"password", "Abcdefgh1!"},
                                                  {"first_name", "A"},
                                                  {"last_name", "B"}})},
      {"malformed", "{\"email\": \"" + email + "\", \"username\": "},
      {"not an object", "[1, 2, 3]"},
      {"empty", ""},
      {"invalid UTF-8", "{\"email\":\"" + email + "\",\"username\":\"" + name +
                            "\",\"password\":\"Abcdefgh1!\",\"first_name\":\"\xff\xfe\","
                            "\"last_name\":\"B\"}"},
  };
  for (const auto& [what, body] : bodies) {
    Reply reply = server().Send("POST", kUsers, {{"Content-Type", "application/json"}}, body);
    EXPECT_EQ(reply.status, 400) << what << ": " << reply.body;
    EXPECT_TRUE(reply.Message().starts_with("OBP-10001: Incorrect json format."))
        << what << ": " << reply.body;
  }
  EXPECT_EQ(server().Get("/obp/v5.0.0/users/username/" + name, server().SuperToken()).status, 404);
}

TEST_F(UsersTest, RegisteredUserLogsInOnlyAfterFollowingTheValidationLink) {
  Reply created;
  CreatedUser user = server().RegisterUser(UniqueName("validate"), &created);
  ASSERT_EQ(created.status, 201) << created.body;
  ExpectError(server().LoginReply(user.username, user.password), 401, kInvalidCredentials);

  auto secret = server().ValidationSecretFor(user.email);
  ASSERT_TRUE(secret.has_value()) << "no notification with a validation link for " << user.email;
  ASSERT_FALSE(secret->empty());
  // A wrong secret changes nothing.
  Reply wrong = server().Get("/user_mgt/validate_user/" + *secret + "x");
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  ExpectError(server().LoginReply(user.username, user.password), 401, kInvalidCredentials);

  Reply validated = server().Get("/user_mgt/validate_user/" + *secret);
  EXPECT_EQ(validated.status, 200) << validated.body;
  EXPECT_FALSE(server().Login(user.username, user.password).empty());

  Reply reused = server().Get("/user_mgt/validate_user/" + *secret);
  EXPECT_EQ(reused.status, 400) << reused.body;
  EXPECT_EQ(reused.Json().at("code"), json::value(400));
}

TEST_F(UsersTest, CurrentUserIsUserJsonV300) {
  CreatedUser user = RegisterAndValidate("current");
  std::string token = server().Login(user.username, user.password);
  Reply reply = server().Get("/obp/v5.0.0/users/current", token);
  ASSERT_EQ(reply.status, 200) << reply.body;
  json::value body = reply.Json();
  // `views` is omitted for a user without account access.
  EXPECT_EQ(KeysOf(body), kV200Keys);
  EXPECT_EQ(body.at("user_id"), json::value(user.user_id));
  EXPECT_EQ(body.at("username"), json::value(user.username));
  EXPECT_EQ(body.at("email"), json::value(user.email));
  EXPECT_EQ(body.at("entitlements"), (json::object{{"list", json::array{}}}));

  Reply id = server().Get("/obp/v5.0.0/users/current/user_id", token);
  ASSERT_EQ(id.status, 200) << id.body;
  EXPECT_EQ(id.Json(), (json::object{{"user_id", user.user_id}}));
}

TEST_F(UsersTest, CurrentUserShowsEntitlements) {
  Reply reply = server().Get("/obp/v5.0.0/users/current", server().SuperToken());
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json::array& list = reply.Json().at("entitlements").at("list").as_array();
  EXPECT_FALSE(list.empty());
  bool found = false;
  for (const auto& item : list) {
    EXPECT_EQ(KeysOf(item), (std::vector<std::string>{"bank_id", "entitlement_id", "role_name"}));
    if (item.at("role_name") == json::value("CanGetAnyUser")) found = true;
  }
  EXPECT_TRUE(found);
}

TEST_F(UsersTest, ListUsersPagesWithLimitAndOffset) {
  for (int i = 0; i < 3; ++i) server().CreateUser(UniqueName("page"));
  Reply all = ListUsers("?limit=1000");
  ASSERT_EQ(all.status, 200) << all.body;
  std::vector<std::string> ids = UserIds(all);
  ASSERT_GE(ids.size(), 4u);
  for (const auto& user : all.Json().at("users").as_array()) {
    EXPECT_EQ(KeysOf(user), kV400Keys);
  }

  std::vector<std::string> first = UserIds(ListUsers("?limit=1"));
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0], ids[0]);
  std::vector<std::string> middle = UserIds(ListUsers("?limit=2&offset=1"));
  EXPECT_EQ(middle, (std::vector<std::string>{ids[1], ids[2]}));
  EXPECT_TRUE(UserIds(ListUsers("?offset=100000")).empty());
  // Empty values are ignored (defaults apply); unknown parameters are ignored.
  EXPECT_EQ(UserIds(ListUsers("?limit=&offset=&colour=blue")).size(),
            std::min<std::size_t>(ids.size(), 50));

  for (const char* direction : {"asc", "DESC", "desc", "Asc"}) {
    Reply sorted = ListUsers(std::string("?limit=1000&sort_direction=") + direction);
    ASSERT_EQ(sorted.status, 200) << direction << ": " << sorted.body;
    std::vector<std::string> got = UserIds(sorted);
    EXPECT_EQ(std::set<std::string>(got.begin(), got.end()),
              std::set<std::string>(ids.begin(), ids.end()))
        << direction;
  }
}

TEST_F(UsersTest, ListUsersDefaultLimitIs50) {
  Reply all = ListUsers("?limit=1000");
  std::size_t existing = UserIds(all).size();
  for (std::size_t i = existing; i < 51; ++i) {
    Reply reply;
    server().RegisterUser(UniqueName("bulk"), &reply);
    ASSERT_EQ(reply.status, 201) << reply.body;
  }
  EXPECT_EQ(UserIds(ListUsers("")).size(), 50u);
  EXPECT_GE(UserIds(ListUsers("?limit=51")).size(), 51u);
}

TEST_F(UsersTest, ListUsersHidesDeletedUsersUnlessAsked) {
  CreatedUser user = server().CreateUser(UniqueName("deleteme"));
  ASSERT_EQ(server().Delete("/obp/v5.0.0/users/" + user.user_id, server().SuperToken()).status,
            200);
  EXPECT_FALSE(Contains(UserIds(ListUsers("?limit=1000")), user.user_id));
  EXPECT_FALSE(Contains(UserIds(ListUsers("?limit=1000&is_deleted=false")), user.user_id));
  Reply deleted = ListUsers("?limit=1000&is_deleted=true");
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_TRUE(Contains(UserIds(deleted), user.user_id));
  for (const auto& item : deleted.Json().at("users").as_array()) {
    EXPECT_EQ(item.at("is_deleted"), json::value(true)) << item;
  }
}

TEST_F(UsersTest, ListUsersFiltersByLockedStatus) {
  CreatedUser locked = server().CreateUser(UniqueName("badlogins"));
  CreatedUser active = server().CreateUser(UniqueName("goodlogins"));
  for (int i = 0; i < 6; ++i) (void)server().LoginReply(locked.username, "Wrongpass1!");
  ASSERT_EQ(server().LoginReply(locked.username, locked.password).status, 401);

  Reply only_locked = ListUsers("?limit=1000&locked_status=locked");
  ASSERT_EQ(only_locked.status, 200) << only_locked.body;
  std::vector<std::string> locked_ids = UserIds(only_locked);
  EXPECT_TRUE(Contains(locked_ids, locked.user_id));
  EXPECT_FALSE(Contains(locked_ids, active.user_id));
  for (const auto& item : only_locked.Json().at("users").as_array()) {
    EXPECT_EQ(item.at("is_locked"), json::value(true)) << item;
  }

  Reply only_active = ListUsers("?limit=1000&locked_status=ACTIVE");
  ASSERT_EQ(only_active.status, 200) << only_active.body;
  std::vector<std::string> active_ids = UserIds(only_active);
  EXPECT_FALSE(Contains(active_ids, locked.user_id));
  EXPECT_TRUE(Contains(active_ids, active.user_id));
  for (const auto& item : only_active.Json().at("users").as_array()) {
    EXPECT_EQ(item.at("is_locked"), json::value(false)) << item;
  }
  // Any other value means no filter.
  std::vector<std::string> both = UserIds(ListUsers("?limit=1000&locked_status=whatever"));
  EXPECT_TRUE(Contains(both, locked.user_id));
  EXPECT_TRUE(Contains(both, active.user_id));
}

TEST_F(UsersTest, ListUsersRejectsBadParameters) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"?limit=0", "OBP-10025"},           {"?limit=-1", "OBP-10025"},
      {"?limit=abc", "OBP-10025"},         {"?limit=1.5", "OBP-10025"},
      {"?offset=-1", "OBP-10024"},         {"?offset=x", "OBP-10024"},
      {"?sort_direction=up", "OBP-10023"}, {"?is_deleted=maybe", "OBP-10036"},
      {"?is_deleted=1", "OBP-10036"},
  };
  for (const auto& [query, code] : cases) {
    Reply reply = ListUsers(query);
    EXPECT_EQ(reply.status, 400) << query << ": " << reply.body;
    EXPECT_EQ(reply.Json().at("code"), json::value(400)) << query;
    EXPECT_TRUE(reply.Message().starts_with("OBP-10016: Incorrect filter Parameters in URL."))
        << query << ": " << reply.body;
    EXPECT_NE(reply.Message().find(code), std::string::npos) << query << ": " << reply.body;
  }
  Reply limit = ListUsers("?limit=0");
  EXPECT_NE(limit.Message().find("OBP-10025: wrong value for obp_limit parameter. Please send a "
                                 "positive integer (=>1)!"),
            std::string::npos)
      << limit.body;
}

TEST_F(UsersTest, UserByUserId) {
  CreatedUser user = server().CreateUser(UniqueName("byid"));
  Reply reply = server().Get("/obp/v5.0.0/users/user_id/" + user.user_id, server().SuperToken());
  ASSERT_EQ(reply.status, 200) << reply.body;
  json::value body = reply.Json();
  for (const auto& key : kV400Keys) EXPECT_TRUE(body.as_object().contains(key)) << key;
  EXPECT_EQ(body.at("user_id"), json::value(user.user_id));
  EXPECT_EQ(body.at("username"), json::value(user.username));
  EXPECT_EQ(body.at("email"), json::value(user.email));
  EXPECT_EQ(body.at("is_deleted"), json::value(false));
  EXPECT_EQ(body.at("is_locked"), json::value(false));

  ExpectError(server().Get("/obp/v5.0.0/users/user_id/no-such-user-id", server().SuperToken()), 404,
              "OBP-20005: User not found. Please specify a valid value for USER_ID. Current "
              "USER_ID(no-such-user-id)");
}

TEST_F(UsersTest, UserByUsername) {
  CreatedUser user = server().CreateUser(UniqueName("byname"));
  Reply reply = server().Get("/obp/v5.0.0/users/username/" + user.username, server().SuperToken());
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(KeysOf(reply.Json()), kV400Keys);
  EXPECT_EQ(reply.Json().at("user_id"), json::value(user.user_id));

  const std::string unknown = UniqueName("nosuchname");
  ExpectError(server().Get("/obp/v5.0.0/users/username/" + unknown, server().SuperToken()), 404,
              "OBP-20027: User not found by provider and username.(" + unknown + ")");
}

TEST_F(UsersTest, UsersByEmail) {
  CreatedUser user = server().CreateUser(UniqueName("byemail"));
  Reply reply = server().Get("/obp/v5.0.0/users/email/" + Encode(user.email) + "/terminator",
                             server().SuperToken());
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(UserIds(reply), std::vector<std::string>{user.user_id});
  EXPECT_EQ(KeysOf(reply.Json().at("users").at(0)), kV400Keys);

  Reply none = server().Get("/obp/v5.0.0/users/email/nobody.here@example.com/terminator",
                            server().SuperToken());
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_EQ(none.Json(), (json::object{{"users", json::array{}}}));
}

TEST_F(UsersTest, DeleteUserScramblesAndRevokes) {
  CreatedUser user = server().CreateUser(UniqueName("todelete"));
  const std::string token = server().Login(user.username, user.password);
  ASSERT_FALSE(token.empty());

  Reply deleted = server().Delete("/obp/v5.0.0/users/" + user.user_id, server().SuperToken());
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(deleted.Json(), json::value(true));

  Reply by_id = server().Get("/obp/v5.0.0/users/user_id/" + user.user_id, server().SuperToken());
  ASSERT_EQ(by_id.status, 200) << by_id.body;
  EXPECT_EQ(by_id.Json().at("is_deleted"), json::value(true));
  EXPECT_TRUE(std::string(by_id.Json().at("username").as_string()).starts_with("DELETED-"))
      << by_id.body;
  EXPECT_NE(by_id.Json().at("email"), json::value(user.email));

  // The service revokes the tokens of a deleted user.
  Reply old_token = server().Get("/obp/v5.0.0/users/current", token);
  EXPECT_EQ(old_token.status, 401) << old_token.body;
  EXPECT_TRUE(old_token.Message().starts_with("OBP-20003: ")) << old_token.body;
  ExpectError(server().LoginReply(user.username, user.password), 401, kInvalidCredentials);
  EXPECT_EQ(
      server().Get("/obp/v5.0.0/users/username/" + user.username, server().SuperToken()).status,
      404);

  ExpectError(server().Delete("/obp/v5.0.0/users/no-such-user-id", server().SuperToken()), 404,
              "OBP-20005: User not found. Please specify a valid value for USER_ID. Current "
              "USER_ID(no-such-user-id)");
}

TEST_F(UsersTest, StaffEndpointsNeedTheirRoles) {
  auto [caller, token] = server().CreateUserWithToken("plainuser");
  CreatedUser target = server().CreateUser(UniqueName("target"));
  ExpectError(server().Get(kUsers, token), 403, kCanGetAnyUser);
  ExpectError(server().Get("/obp/v5.0.0/users/user_id/" + target.user_id, token), 403,
              kCanGetAnyUser);
  ExpectError(server().Get("/obp/v5.0.0/users/username/" + target.username, token), 403,
              kCanGetAnyUser);
  ExpectError(server().Get("/obp/v5.0.0/users/email/" + target.email + "/terminator", token), 403,
              kCanGetAnyUser);
  ExpectError(server().Delete("/obp/v5.0.0/users/" + target.user_id, token), 403,
              "OBP-20006: User is missing one or more roles: CanDeleteUser");
  // The refused delete changed nothing.
  EXPECT_FALSE(server().Login(target.username, target.password).empty());
  // Anonymous callers are asked to log in.
  ExpectError(server().Get(kUsers), 401,
              "OBP-20001: User not logged in. Authentication is required!");
}

TEST_F(UsersTest, VersionRouting) {
  const std::string& token = server().SuperToken();
  for (const char* version : {"v3.0.0", "v3.1.0", "v4.0.0", "v5.0.0", "v5.1.0"}) {
    Reply reply = server().Get(std::string("/obp/") + version + "/users/current", token);
    EXPECT_EQ(reply.status, 200) << version << ": " << reply.body;
  }
  for (const char* path :
       {"/obp/v2.0.0/users/current", "/obp/v2.1.0/users/current", "/obp/v9.9.9/users/current",
        "/obp/v3.1.0/users", "/obp/v3.1.0/users/current/user_id", "/obp/users/current"}) {
    Reply reply = server().Get(path, token);
    EXPECT_EQ(reply.status, 404) << path << ": " << reply.body;
    EXPECT_TRUE(reply.Message().starts_with("OBP-10404: ")) << path << ": " << reply.body;
  }
  EXPECT_EQ(server().Get("/obp/v4.0.0/users?limit=1", token).status, 200);
  CreatedUser user = server().CreateUser(UniqueName("ver510"));
  EXPECT_EQ(server().Get("/obp/v4.0.0/users/username/" + user.username, token).status, 200);
  // getUserByUsername is excluded from v5.1.0 (§1.9).
  EXPECT_EQ(server().Get("/obp/v5.1.0/users/username/" + user.username, token).status, 404);
}

// With --skip-email-validation=true, users created through the API log in at once.
class SkipEmailValidationTest : public SharedServerTest<SkipEmailValidationTest> {
 public:
  static ServerOptions Options() { return {.serve_flags = {"--skip-email-validation=true"}}; }
};

TEST_F(SkipEmailValidationTest, RegisteredUserLogsInImmediately) {
  Reply created;
  CreatedUser user = server().RegisterUser(UniqueName("noverify"), &created);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_FALSE(server().Login(user.username, user.password).empty());
  for (const auto& event : server().LogEvents("notification")) {
    EXPECT_NE(event.at("to"), json::value(user.email)) << json::serialize(event);
  }
}

}  // namespace
}  // namespace roster::apitest
