// Entitlement requests (obp-reference-behaviour.md §2.9, Appendix A).
#include <gtest/gtest.h>

#include <string>

#include "api/server_fixture.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;

constexpr const char* kRequests = "/obp/v5.0.0/entitlement-requests";
constexpr const char* kMine = "/obp/v5.0.0/my/entitlement-requests";

class EntitlementRequestsTest : public SharedServerTest<EntitlementRequestsTest> {
 protected:
  static void ExpectError(const Reply& reply, int status, const std::string& message) {
    EXPECT_EQ(reply.status, status) << reply.body;
    EXPECT_EQ(reply.Json(), ErrorBody(status, message));
  }
  static std::string Body(const std::string& bank_id, const std::string& role) {
    return json::serialize(json::object{{"bank_id", bank_id}, {"role_name", role}});
  }
  static Reply Request(const std::string& token, const std::string& bank_id,
                       const std::string& role) {
    return server().Post(kRequests, Body(bank_id, role), token);
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
  static size_t CountOf(const Reply& reply) {
    return reply.Json().at("entitlement_requests").as_array().size();
  }
};

TEST_F(EntitlementRequestsTest, CreateAnswersTheRequestWithItsUser) {
  auto [user, token] = server().CreateUserWithToken("requester");
  Reply reply = Request(token, "", "CanGetAnyUser");
  ASSERT_EQ(reply.status, 201) << reply.body;
  json::value body = reply.Json();
  EXPECT_EQ(KeysOf(body), (std::vector<std::string>{"bank_id", "created", "entitlement_request_id",
                                                    "role_name", "user"}));
  EXPECT_EQ(body.at("bank_id"), json::value(""));
  EXPECT_EQ(body.at("role_name"), json::value("CanGetAnyUser"));
  EXPECT_FALSE(body.at("entitlement_request_id").as_string().empty());
  EXPECT_EQ(body.at("created").as_string().size(), 20u);
  EXPECT_EQ(KeysOf(body.at("user")),
            (std::vector<std::string>{"email", "entitlements", "provider", "provider_id", "user_id",
                                      "username"}));
  EXPECT_EQ(body.at("user").at("user_id"), json::value(user.user_id));

  Reply mine = server().Get(kMine, token);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.Json(), (json::object{{"entitlement_requests", json::array{body}}}));
  // A request grants nothing.
  EXPECT_EQ(server().Get("/obp/v5.0.0/users", token).status, 403);
}

TEST_F(EntitlementRequestsTest, CreateErrorsStoreNothing) {
  auto [user, token] = server().CreateUserWithToken("badrequest");
  const std::string bank = CreateBank();
  ExpectError(server().Post(kRequests, Body("", "CanGetAnyUser")), 401,
              "OBP-20001: User not logged in. Authentication is required!");
  ExpectError(server().Post(kRequests, "{not json", token), 400,
              "OBP-10001: Incorrect json format.");
  ExpectError(server().Post(kRequests, R"({"bank_id":""})", token), 400,
              "OBP-10001: Incorrect json format.");
  ExpectError(Request(token, "no-such-bank", "CanFlyToTheMoon"), 404,
              "OBP-30001: Bank not found. Please specify a valid value for BANK_ID.");
  Reply unknown = Request(token, "", "CanFlyToTheMoon");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_TRUE(unknown.Message().starts_with("OBP-10007: Incorrect Role name: CanFlyToTheMoon."))
      << unknown.body;
  ExpectError(Request(token, "", "CanCreateAccount"), 400,
              "OBP-30205: This entitlement is a Bank Role. Please set bank_id to a valid bank id.");
  ExpectError(Request(token, bank, "CanGetAnyUser"), 400,
              "OBP-30206: This entitlement is a System Role. Please set bank_id to empty string.");
  EXPECT_EQ(CountOf(server().Get(kMine, token)), 0u);

  ASSERT_EQ(Request(token, bank, "CanCreateAccount").status, 201);
  ExpectError(Request(token, bank, "CanCreateAccount"), 400,
              "OBP-30214: Entitlement Request already exists for the user.");
  EXPECT_EQ(CountOf(server().Get(kMine, token)), 1u);
}

TEST_F(EntitlementRequestsTest, ListsNeedTheRole) {
  auto [user, token] = server().CreateUserWithToken("lister");
  Reply created = Request(token, "", "CanGetAnyUser");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string missing =
      "OBP-20006: User is missing one or more roles: CanGetEntitlementRequestsAtAnyBank";
  ExpectError(server().Get(kRequests, token), 403, missing);
  ExpectError(server().Get("/obp/v5.0.0/users/" + user.user_id + "/entitlement-requests", token),
              403, missing);

  Reply all = server().Get(kRequests, server().SuperToken());
  ASSERT_EQ(all.status, 200) << all.body;
  bool found = false;
  for (const auto& item : all.Json().at("entitlement_requests").as_array()) {
    found = found || item == created.Json();
  }
  EXPECT_TRUE(found) << all.body;
  Reply of_user = server().Get("/obp/v3.0.0/users/" + user.user_id + "/entitlement-requests",
                               server().SuperToken());
  ASSERT_EQ(of_user.status, 200) << of_user.body;
  EXPECT_EQ(of_user.Json(), (json::object{{"entitlement_requests", json::array{created.Json()}}}));
  Reply nobody =
      server().Get("/obp/v5.0.0/users/no-such-user/entitlement-requests", server().SuperToken());
  ASSERT_EQ(nobody.status, 200) << nobody.body;
  EXPECT_EQ(CountOf(nobody), 0u);
}

TEST_F(EntitlementRequestsTest, DeleteNeedsTheRoleAndAKnownId) {
  auto [user, token] = server().CreateUserWithToken("deleter");
  Reply created = Request(token, "", "CanGetAnyUser");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string path = std::string(kRequests) + "/" +
                           std::string(created.Json().at("entitlement_request_id").as_string());

  ExpectError(
      server().Delete(path, token), 403,
      "OBP-20006: User is missing one or more roles: CanDeleteEntitlementRequestsAtAnyBank");
  EXPECT_EQ(CountOf(server().Get(kMine, token)), 1u);
  ExpectError(server().Delete(std::string(kRequests) + "/no-such-request", server().SuperToken()),
              400, "OBP-50200: Connector cannot return the data we requested.");

  Reply deleted = server().Delete(path, server().SuperToken());
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(deleted.Json(), json::value(true));
  EXPECT_EQ(CountOf(server().Get(kMine, token)), 0u);
  EXPECT_EQ(server().Delete(path, server().SuperToken()).status, 400);
}

}  // namespace
}  // namespace roster::apitest
