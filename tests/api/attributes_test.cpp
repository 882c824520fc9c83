// User attributes (obp-catalogue.md §5, obp-reference-behaviour.md §2.11) on the real server.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/server_fixture.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;

constexpr const char* kMine = "/obp/v5.0.0/my/user/attributes";
constexpr const char* kBadJson = "OBP-10001: Incorrect json format.";

class AttributesTest : public SharedServerTest<AttributesTest> {
 protected:
  static void ExpectError(const Reply& reply, int status, const std::string& message) {
    EXPECT_EQ(reply.status, status) << reply.body;
    EXPECT_EQ(reply.Json(), ErrorBody(status, message));
  }
  static std::string Body(const std::string& name, const std::string& type,
                          const std::string& value) {
    return json::serialize(json::object{{"name", name}, {"type", type}, {"value", value}});
  }
  static json::value CreateOrFail(const std::string& token, const std::string& name,
                                  const std::string& type, const std::string& value) {
    Reply reply = server().Post(kMine, Body(name, type, value), token);
    EXPECT_EQ(reply.status, 201) << reply.body;
    return reply.status == 201 ? reply.Json() : json::value(nullptr);
  }
  static json::array ListMine(const std::string& token) {
    Reply reply = server().Get(kMine, token);
    EXPECT_EQ(reply.status, 200) << reply.body;
    if (reply.status != 200) return {};
    return reply.Json().at("user_attributes").as_array();
  }
};

TEST_F(AttributesTest, CreateListAndUpdateMyAttributes) {
  auto [user, token] = server().CreateUserWithToken("attr.owner");
  json::value created = CreateOrFail(token, "BATTERY_LEVEL", "STRING", "90");
  ASSERT_TRUE(created.is_object());
  EXPECT_EQ(KeysOf(created), (std::vector<std::string>{"insert_date", "name", "type",
                                                       "user_attribute_id", "value"}));
  EXPECT_EQ(created.at("name"), json::value("BATTERY_LEVEL"));
  EXPECT_EQ(created.at("type"), json::value("STRING"));
  EXPECT_EQ(created.at("value"), json::value("90"));
  const std::string insert_date(created.at("insert_date").as_string());
  EXPECT_EQ(insert_date.size(), 20u) << insert_date;  // 2024-10-16T12:00:00Z
  const std::string id(created.at("user_attribute_id").as_string());

  // Served from v4.0.0 onwards.
  Reply v4 = server().Post("/obp/v4.0.0/my/user/attributes",
                           Body("BIRTHDAY", "DATE_WITH_DAY", "2000-02-29"), token);
  ASSERT_EQ(v4.status, 201) << v4.body;
  EXPECT_EQ(server().Get("/obp/v3.1.0/my/user/attributes", token).status, 404);

  json::array mine = ListMine(token);
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0], created);
  EXPECT_EQ(mine[1].at("name"), json::value("BIRTHDAY"));

  Reply updated =
      server().Put(std::string(kMine) + "/" + id, Body("COUNT", "INTEGER", "-12"), token);
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.Json(), (json::object{{"user_attribute_id", id},
                                          {"name", "COUNT"},
                                          {"type", "INTEGER"},
                                          {"value", "-12"},
                                          {"insert_date", insert_date}}));
  EXPECT_EQ(ListMine(token)[0], updated.Json());

  // Someone else sees none of it.
  auto [other, other_token] = server().CreateUserWithToken("attr.other");
  EXPECT_TRUE(ListMine(other_token).empty());
}

TEST_F(AttributesTest, TypedValuesAreChecked) {
  auto [user, token] = server().CreateUserWithToken("attr.typed");
  for (auto [type, value] :
       std::vector<std::pair<std::string, std::string>>{{"INTEGER", "42"},
                                                        {"DOUBLE", "-1.5e3"},
                                                        {"DATE_WITH_DAY", "2024-12-31"},
                                                        {"STRING", ""}}) {
    EXPECT_EQ(server().Post(kMine, Body("N", type, value), token).status, 201) << type << value;
  }
  for (auto [type, value] :
       std::vector<std::pair<std::string, std::string>>{{"INTEGER", "forty-two"},
                                                        {"INTEGER", "99999999999999999999"},
                                                        {"DOUBLE", "NaN"},
                                                        {"DATE_WITH_DAY", "2023-02-29"},
                                                        {"DATE_WITH_DAY", "31/12/2024"}}) {
    Reply reply = server().Post(kMine, Body("N", type, value), token);
    EXPECT_EQ(reply.status, 400) << type << " " << value;
    EXPECT_TRUE(reply.Message().starts_with(std::string(kBadJson) + " The value of")) << reply.body;
  }
  Reply bad_type = server().Post(kMine, Body("N", "BOOLEAN", "true"), token);
  ExpectError(bad_type, 400,
              std::string(kBadJson) +
                  " The type field must be one of \"STRING\", \"INTEGER\", \"DOUBLE\" or "
                  "\"DATE_WITH_DAY\".");
  ExpectError(server().Post(kMine, Body("", "STRING", "v"), token), 400,
              std::string(kBadJson) + " The name field must not be empty.");
  EXPECT_EQ(server().Post(kMine, Body(std::string(256, 'n'), "STRING", "v"), token).status, 400);
  EXPECT_EQ(ListMine(token).size(), 4u) << "refused attributes must not be stored";
}

TEST_F(AttributesTest, BadBodiesAndMissingLogin) {
  auto [user, token] = server().CreateUserWithToken("attr.bodies");
  ExpectError(server().Post(kMine, "{not json", token), 400, kBadJson);
  ExpectError(server().Post(kMine, "[1,2]", token), 400, kBadJson);
  ExpectError(server().Post(kMine, R"({"name":"N","value":"v"})", token), 400, kBadJson);
  ExpectError(server().Post(kMine, R"({"name":"N","type":"INTEGER","value":5})", token), 400,
              kBadJson);
  EXPECT_TRUE(ListMine(token).empty());

  const std::string not_logged_in = "OBP-20001: User not logged in. Authentication is required!";
  ExpectError(server().Post(kMine, Body("N", "STRING", "v")), 401, not_logged_in);
  ExpectError(server().Get(kMine), 401, not_logged_in);
  ExpectError(server().Put(std::string(kMine) + "/x", Body("N", "STRING", "v")), 401,
              not_logged_in);
  ExpectError(server().Get("/obp/v5.0.0/users/" + user.user_id + "/attributes"), 401,
              not_logged_in);
}

TEST_F(AttributesTest, UpdateOfAnUnknownOrForeignAttributeIs404) {
  const std::string not_found = "OBP-20081: User Attribute not found by USER_ATTRIBUTE_ID.";
  auto [owner, owner_token] = server().CreateUserWithToken("attr.victim");
  auto [thief, thief_token] = server().CreateUserWithToken("attr.thief");
  json::value created = CreateOrFail(owner_token, "SECRET", "STRING", "owner's");
  ASSERT_TRUE(created.is_object());
  const std::string id(created.at("user_attribute_id").as_string());

  ExpectError(server().Put(std::string(kMine) + "/no-such-attribute", Body("N", "STRING", "v"),
                           thief_token),
              404, not_found);
  ExpectError(
      server().Put(std::string(kMine) + "/" + id, Body("SECRET", "STRING", "thief's"), thief_token),
      404, not_found);
  EXPECT_EQ(ListMine(owner_token)[0].at("value"), json::value("owner's"));
  // A bad body is refused before anything else and changes nothing either.
  EXPECT_EQ(
      server().Put(std::string(kMine) + "/" + id, Body("N", "INTEGER", "x"), owner_token).status,
      400);
  EXPECT_EQ(ListMine(owner_token)[0].at("value"), json::value("owner's"));
}

TEST_F(AttributesTest, StaffReadAUserWithAttributes) {
  auto [user, token] = server().CreateUserWithToken("attr.target");
  json::value created = CreateOrFail(token, "N", "DOUBLE", "2.5");
  ASSERT_TRUE(created.is_object());

  Reply reply =
      server().Get("/obp/v5.0.0/users/" + user.user_id + "/attributes", server().SuperToken());
  ASSERT_EQ(reply.status, 200) << reply.body;
  json::value body = reply.Json();
  EXPECT_EQ(KeysOf(body), (std::vector<std::string>{"email", "provider", "provider_id",
                                                    "user_attributes", "user_id", "username"}));
  EXPECT_EQ(body.at("user_id"), json::value(user.user_id));
  EXPECT_EQ(body.at("username"), json::value(user.username));
  EXPECT_EQ(body.at("email"), json::value(user.email));
  EXPECT_EQ(body.at("provider_id"), json::value(user.username));
  EXPECT_EQ(body.at("user_attributes"), json::value(json::array{created}));
  EXPECT_EQ(server()
                .Get("/obp/v4.0.0/users/" + user.user_id + "/attributes", server().SuperToken())
                .status,
            200);

  ExpectError(server().Get("/obp/v5.0.0/users/" + user.user_id + "/attributes", token), 403,
              "OBP-20006: User is missing one or more roles: CanGetUsersWithAttributes");
  ExpectError(server().Get("/obp/v5.0.0/users/no-such-user/attributes", server().SuperToken()), 404,
              "OBP-20005: User not found. Please specify a valid value for USER_ID. Current "
              "USER_ID(no-such-user)");
}

}  // namespace
}  // namespace roster::apitest
