// Apiture "rest of the API" over the real server: the root resource and the OpenAPI document,
// labels, constraints, tracking ids, encryption keys (with server-side decryption of encrypted
// request properties), configuration groups and open banking consent parameters.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "api/apiture/routes.h"
#include "api/apiture_fixture.h"
#include "crypto/openssl_key_cipher.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;

// The status and _error.type of an error response; `context` is printed on failure.
void ExpectError(const Reply& reply, int status, std::string_view type,
                 std::string_view context = "") {
  EXPECT_EQ(reply.status, status) << context << " " << reply.body;
  EXPECT_EQ(ErrorType(reply), type) << context << " " << reply.body;
}

// A user with a password-grant token (every profiles/* scope, no admin scope).
struct TestUser {
  CreatedUser user;
  std::string token;
};

template <class Suite>
class ApitureRestBase : public SharedServerTest<Suite> {
 protected:
  using SharedServerTest<Suite>::server;

  TestUser NewUser(std::string_view prefix) {
    TestUser out;
    out.user = server().CreateUser(UniqueName(prefix));
    out.token = ApitureToken(server(), out.user.username);
    return out;
  }
  Reply Send(const std::string& method, const std::string& path, const std::string& token,
             const std::string& body = "", httplib::Headers headers = {}) {
    return ApitureSend(server(), method, path, token, body, std::move(headers));
  }
  Reply Get(const std::string& path, const std::string& token, httplib::Headers headers = {}) {
    return Send("GET", path, token, "", std::move(headers));
  }
  std::string Admin() { return AdminToken(server()); }
};

// --- root, apiDoc, labels, constraints, tracking ids, encryption keys --------------------------

class ApitureRestTest : public ApitureRestBase<ApitureRestTest> {};

TEST_F(ApitureRestTest, RootLinksToTheApiWithTheApiKeyAlone) {
  for (const char* path : {"/users", "/users/"}) {
    Reply reply = Get(path, "");
    ASSERT_EQ(reply.status, 200) << path << " " << reply.body;
    EXPECT_EQ(reply.Header("Content-Type"), "application/hal+json");
    const json::object& body = reply.Json().as_object();
    EXPECT_EQ(body.at("_profile"),
              "https://production.api.apiture.com/schemas/common/root/v2.1.1/profile.json");
    EXPECT_EQ(body.at("_id"), "users");
    EXPECT_EQ(body.at("apiVersion"), "0.40.1");
    EXPECT_FALSE(body.at("name").as_string().empty());
    const json::object& links = body.at("_links").as_object();
    for (const char* relation :
         {"self", "apiture:users", "apiture:userSearch", "apiture:labels", "apiture:encryptionKeys",
          "apiture:configurationGroups", "apiture:apiDoc", "apiture:activeUsers",
          "apiture:inactiveUsers", "apiture:lockedUsers", "apiture:frozenUsers",
          "apiture:removedUsers", "apiture:openBankingConsentParameters"}) {
      EXPECT_TRUE(links.contains(relation)) << relation;
    }
    // Every link leads to an operation of the route table.
    for (const auto& [relation, link] : links) {
      std::string href(link.at("href").as_string());
      EXPECT_TRUE(api::apiture::FindRoute(http::Verb::get, href) ||
                  api::apiture::FindRoute(http::Verb::post, href))
          << relation << " -> " << href;
    }
  }
  ExpectError(Get("/users", "", {{"API-Key", ""}}), 401, "notAuthenticated");
  ExpectError(Get("/users", "", {{"API-Key", "not-a-key"}}), 401, "invalidApiKey");
}

TEST_F(ApitureRestTest, ApiDocDescribesEveryRouteAndNothingElse) {
  Reply reply = Get("/users/apiDoc", "", {{"Accept", "application/json"}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.Header("Content-Type"), "application/json");
  const json::object& doc = reply.Json().as_object();
  EXPECT_TRUE(doc.at("openapi").as_string().starts_with("3."));
  EXPECT_EQ(doc.at("info").at("version"), "0.40.1");
  const json::object& paths = doc.at("paths").as_object();
  std::size_t routes = 0;
  for (const api::apiture::Route& route : api::apiture::Routes()) {
    ++routes;
    std::string path(route.path);
    std::string method(http::beast_http::to_string(route.verb));
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    SCOPED_TRACE(method + " " + path);
    ASSERT_TRUE(paths.contains(path));
    const json::value* operation = paths.at(path).as_object().if_contains(method);
    ASSERT_NE(operation, nullptr);
    EXPECT_EQ(operation->at("operationId"), json::value(route.operation_id));
    EXPECT_FALSE(operation->at("summary").as_string().empty());
    EXPECT_FALSE(operation->at("responses").as_object().empty());
    EXPECT_FALSE(operation->at("security").as_array().empty());
    // Path parameters are declared.
    if (path.find('{') != std::string::npos) {
      EXPECT_FALSE(operation->at("parameters").as_array().empty());
    }
  }
  std::size_t documented = 0;
  for (const auto& [path, item] : paths) documented += item.as_object().size();
  EXPECT_EQ(documented, routes) << "operations in the document that the server does not route";

  // The API-key-only operations of the source, and the two schemes with the nine scopes.
  EXPECT_EQ(paths.at("/users/labels").at("get").at("security"), json::parse(R"([{"apiKey": []}])"));
  EXPECT_EQ(paths.at("/users/users/{userId}").at("get").at("security"),
            json::parse(R"([{"apiKey": [], "accessToken": []}])"));
  const json::object& schemes = doc.at("components").at("securitySchemes").as_object();
  EXPECT_EQ(schemes.at("apiKey"),
            json::parse(R"({"type": "apiKey", "in": "header",
      "name": "API-Key", "description": )" +
                        json::serialize(schemes.at("apiKey").at("description")) + "}"));
  const json::object& flows = schemes.at("accessToken").at("flows").as_object();
  EXPECT_EQ(schemes.at("accessToken").at("type"), "oauth2");
  EXPECT_EQ(flows.at("password").at("tokenUrl"), "/auth/oauth2/token");
  EXPECT_EQ(flows.at("clientCredentials").at("tokenUrl"), "/auth/oauth2/token");
  std::set<std::string> scopes;
  for (const auto& [scope, text] : flows.at("password").at("scopes").as_object()) {
    scopes.insert(std::string(scope));
  }
  EXPECT_EQ(scopes, (std::set<std::string>{"admin/delete", "admin/full", "admin/read",
                                           "admin/write", "profiles/delete", "profiles/full",
                                           "profiles/read", "profiles/readPii", "profiles/write"}));
}

TEST_F(ApitureRestTest, LabelsInTheDefaultLanguage) {
  Reply reply = Get("/users/labels", "");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json::object& body = reply.Json().as_object();
  EXPECT_EQ(body.at("_profile"),
            "https://production.api.apiture.com/schemas/common/labelGroups/v1.1.3/profile.json");
  const json::object& groups = body.at("groups").as_object();
  for (const char* group : {"addressType", "phoneType", "emailType", "occupation", "userState",
                            "checkDepositSegmentationTier", "authenticatorCategory",
                            "authenticatorState", "challengeState"}) {
    EXPECT_TRUE(groups.contains(group)) << group;
  }
  EXPECT_EQ(groups.at("addressType").at("unknown"),
            json::parse(R"({"label": "Unknown", "code": "0", "hidden": true,
                            "variants": {"es": {"label": "Desconocido"}}})"));
  EXPECT_EQ(groups.at("addressType").at("home"),
            json::parse(R"({"label": "Home", "code": "1", "variants": {
                            "es": {"label": "Casa"}, "fr": {"label": "Domicile"}}})"));
  EXPECT_EQ(groups.at("checkDepositSegmentationTier").as_object().size(), 3u);
  EXPECT_EQ(groups.at("challengeState").at("redeemed").at("label"), "Redeemed");
  EXPECT_TRUE(reply.HasHeader("ETag"));
  EXPECT_EQ(Get("/users/labels", "", {{"If-None-Match", reply.Header("ETag")}}).status, 304);
}

TEST_F(ApitureRestTest, LabelsFollowAcceptLanguageWithEnUsFallback) {
  Reply spanish = Get("/users/labels", "", {{"Accept-Language", "es-MX, es;q=0.9, en;q=0.5"}});
  ASSERT_EQ(spanish.status, 200) << spanish.body;
  const json::object& groups = spanish.Json().at("groups").as_object();
  EXPECT_EQ(groups.at("addressType").at("home"),
            json::parse(R"({"label": "Casa", "code": "1", "variants": {
                            "en-us": {"label": "Home"}, "fr": {"label": "Domicile"}}})"));
  EXPECT_EQ(groups.at("userState").at("locked").at("label"), "Bloqueado");
  // No Spanish label: the default language.
  EXPECT_EQ(groups.at("occupation").at("computerAndMathematical").at("label"),
            "Computer and Mathematical");

  Reply french = Get("/users/labels", "", {{"Accept-Language", "fr, es;q=0.8"}});
  ASSERT_EQ(french.status, 200);
  EXPECT_EQ(french.Json().at("groups").at("addressType").at("work").at("label"), "Travail");
  EXPECT_EQ(french.Json().at("groups").at("addressType").at("prior").at("label"), "Anterior");

  Reply german = Get("/users/labels", "", {{"Accept-Language", "de-DE"}});
  ASSERT_EQ(german.status, 200);
  EXPECT_EQ(german.Json().at("groups").at("addressType").at("home").at("label"), "Home");
  EXPECT_NE(spanish.Header("ETag"), german.Header("ETag"));
  EXPECT_EQ(german.body, Get("/users/labels", "").body);
}

json::value ExampleConstraints() {
  return json::parse(R"({
    "_profile": "https://production.api.apiture.com/schemas/users/constraints/v1.2.0/profile.json",
    "transfers": {"singleCreditLimit": "1000.00", "singleDebitLimit": "2000.00",
                  "dailyCreditLimit": "3000.00", "dailyDebitLimit": "4000.00"},
    "checkDeposits": {"enabled": true, "monthlyTotalAmountLimit": "30000.00",
                      "monthlyTotalChecksLimit": 200, "segmentationTier": "medium"}})");
}

TEST_F(ApitureRestTest, ConstraintsShowDefaultsUntilWritten) {
  TestUser user = NewUser("cdef");
  const std::string path = "/users/users/" + user.user.user_id + "/constraints";
  Reply own = Get(path, user.token);
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.Header("ETag"), "\"v0\"");
  EXPECT_EQ(own.Json().at("_links").at("self").at("href"), json::value(path));
  EXPECT_EQ(own.Json().at("transfers"),
            json::parse(R"({"singleCreditLimit": "20000.00", "singleDebitLimit": "20000.00",
                            "dailyCreditLimit": "500000.00", "dailyDebitLimit": "500000.00"})"));
  // segmentationTier is for administrators only.
  EXPECT_EQ(own.Json().at("checkDeposits"),
            json::parse(R"({"enabled": true, "monthlyTotalAmountLimit": "50000.00",
                            "monthlyTotalChecksLimit": 1000})"));
  Reply admin = Get(path, Admin());
  ASSERT_EQ(admin.status, 200) << admin.body;
  EXPECT_EQ(admin.Json().at("checkDeposits").at("segmentationTier"), "low");
  EXPECT_EQ(Get(path, user.token, {{"If-None-Match", "\"v0\""}}).status, 304);
  EXPECT_EQ(Get(path, user.token, {{"If-None-Match", "\"v1\""}}).status, 200);

  TestUser other = NewUser("cdeo");
  ExpectError(Get(path, other.token), 403, "accessDenied");
  ExpectError(Get("/users/users/no-such-user/constraints", Admin()), 404, "invalidUserId");
}

TEST_F(ApitureRestTest, AdminReplacesAndPatchesConstraintsWithIfMatch) {
  TestUser user = NewUser("cput");
  const std::string path = "/users/users/" + user.user.user_id + "/constraints";
  Reply put =
      Send("PUT", path, Admin(), json::serialize(ExampleConstraints()), {{"If-Match", "\"v0\""}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.Header("ETag"), "\"v1\"");
  EXPECT_EQ(put.Json().at("transfers").at("dailyDebitLimit"), "4000.00");
  EXPECT_EQ(put.Json().at("checkDeposits").at("segmentationTier"), "medium");

  Reply seen = Get(path, user.token);
  EXPECT_EQ(seen.Header("ETag"), "\"v1\"");
  EXPECT_EQ(seen.Json().at("checkDeposits").at("monthlyTotalChecksLimit"), 200);
  EXPECT_FALSE(seen.Json().at("checkDeposits").as_object().contains("segmentationTier"));

  // PATCH: omitted fields stay, null goes back to the default.
  Reply patch = Send("PATCH", path, Admin(),
                     R"({"transfers": {"singleCreditLimit": "1500.00", "dailyDebitLimit": null}})",
                     {{"If-Match", "\"v1\""}});
  ASSERT_EQ(patch.status, 200) << patch.body;
  EXPECT_EQ(patch.Header("ETag"), "\"v2\"");
  EXPECT_EQ(patch.Json().at("transfers"),
            json::parse(R"({"singleCreditLimit": "1500.00", "singleDebitLimit": "2000.00",
                            "dailyCreditLimit": "3000.00", "dailyDebitLimit": "500000.00"})"));
  EXPECT_EQ(patch.Json().at("checkDeposits").at("segmentationTier"), "medium");

  // A stale or foreign entity tag: 412, nothing changes.
  ExpectError(Send("PATCH", path, Admin(), R"({"checkDeposits": {"enabled": false}})",
                   {{"If-Match", "\"v1\""}}),
              412, "preconditionFailed");
  ExpectError(Send("PUT", path, Admin(), json::serialize(ExampleConstraints()),
                   {{"If-Match", "\"h0123456789abcdef\""}}),
              412, "preconditionFailed");
  // PUT replaces everything: fields left out are back to their defaults.
  Reply replaced = Send("PUT", path, Admin(), R"({"checkDeposits": {"enabled": false}})");
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_EQ(replaced.Header("ETag"), "\"v3\"");
  EXPECT_EQ(replaced.Json().at("transfers").at("singleCreditLimit"), "20000.00");
  EXPECT_EQ(replaced.Json().at("checkDeposits").at("enabled"), false);
  EXPECT_EQ(replaced.Json().at("checkDeposits").at("segmentationTier"), "low");

  ExpectError(Send("PUT", "/users/users/no-such-user/constraints", Admin(), "{}"), 404,
              "invalidUserId");
}

TEST_F(ApitureRestTest, NobodyChangesTheirOwnLimits) {
  TestUser user = NewUser("cown");
  const std::string path = "/users/users/" + user.user.user_id + "/constraints";
  const std::string raise = R"({"transfers": {"singleDebitLimit": "999999.00"}})";
  ExpectError(Send("PUT", path, user.token, raise), 403, "accessDenied");
  ExpectError(Send("PATCH", path, user.token, raise), 403, "accessDenied");
  // Not even an administrator on their own constraints.
  const std::string own = "/users/users/" + server().superuser().user_id + "/constraints";
  ExpectError(Send("PATCH", own, Admin(), raise), 403, "accessDenied");
  // Another (non-admin) user: refused too; nothing changed.
  TestUser other = NewUser("coth");
  ExpectError(Send("PATCH", path, other.token, raise), 403, "accessDenied");
  Reply after = Get(path, user.token);
  EXPECT_EQ(after.Header("ETag"), "\"v0\"");
  EXPECT_EQ(after.Json().at("transfers").at("singleDebitLimit"), "20000.00");
}

TEST_F(ApitureRestTest, MalformedConstraintsAre400AndChangeNothing) {
  TestUser user = NewUser("cbad");
  const std::string path = "/users/users/" + user.user.user_id + "/constraints";
  struct Case {
    const char* body;
    const char* field;
  };
  for (const Case& c : {
           Case{R"({"transfers": {"singleDebitLimit": "20000"}})", "transfers.singleDebitLimit"},
           Case{R"({"transfers": {"singleDebitLimit": "020.00"}})", "transfers.singleDebitLimit"},
           Case{R"({"transfers": {"singleDebitLimit": 20.00}})", "transfers.singleDebitLimit"},
           Case{R"({"checkDeposits": {"monthlyTotalChecksLimit": "5"}})",
                "checkDeposits.monthlyTotalChecksLimit"},
           Case{R"({"checkDeposits": {"monthlyTotalChecksLimit": -5}})",
                "checkDeposits.monthlyTotalChecksLimit"},
           Case{R"({"checkDeposits": {"segmentationTier": "platinum"}})",
                "checkDeposits.segmentationTier"},
           Case{R"({"overdraft": {}})", "overdraft"},
       }) {
    for (const char* method : {"PUT", "PATCH"}) {
      Reply reply = Send(method, path, Admin(), c.body);
      ExpectError(reply, 400, "malformedRequestBody");
      EXPECT_EQ(reply.Json().at("_error").at("attributes").at("field"), json::value(c.field))
          << method << " " << c.body;
    }
  }
  ExpectError(Send("PUT", path, Admin(), "{not json"), 400, "malformedRequestBody");
  ExpectError(Send("PUT", path, Admin(), "[1]"), 400, "malformedRequestBody");
  EXPECT_EQ(Get(path, Admin()).Header("ETag"), "\"v0\"");
}

std::vector<std::string> TrackingIdsOf(const Reply& reply) {
  std::vector<std::string> ids;
  for (const json::value& item : reply.Json().at("trackingIds").as_array()) {
    ids.emplace_back(item.at("id").as_string());
  }
  return ids;
}

TEST_F(ApitureRestTest, TrackingIdsAreDeduplicatedAndListedOldestFirst) {
  TestUser user = NewUser("trk");
  const std::string path = "/users/users/" + user.user.user_id + "/trackingIds";
  Reply empty = Get(path, user.token);
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_TRUE(empty.Json().at("trackingIds").as_array().empty());
  EXPECT_EQ(empty.Json().at("_profile"),
            "https://production.api.apiture.com/schemas/common/resourceTrackingIds/v1.1.3/"
            "profile.json");
  EXPECT_EQ(empty.Json().at("_links").at("apiture:resource").at("href"),
            json::value("/users/users/" + user.user.user_id));

  Reply added = Send(
      "POST", path, user.token,
      R"({"_profile": "https://production.api.apiture.com/schemas/common/createResourceTrackingIds/v1.1.1/profile.json",
                         "_links": {}, "trackingIds": ["campaign-a", "campaign-b", "campaign-a"]})");
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(TrackingIdsOf(added), (std::vector<std::string>{"campaign-a", "campaign-b"}));
  EXPECT_TRUE(added.Json().at("trackingIds").at(0).at("createdAt").as_string().ends_with("Z"));
  Reply more = Send("POST", path, user.token, R"({"trackingIds": ["campaign-b", "campaign-c"]})");
  ASSERT_EQ(more.status, 200) << more.body;
  EXPECT_EQ(TrackingIdsOf(more),
            (std::vector<std::string>{"campaign-a", "campaign-b", "campaign-c"}));
  // The body is optional.
  Reply none = Send("POST", path, user.token, "");
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_EQ(TrackingIdsOf(none).size(), 3u);

  Reply listed = Get(path, user.token);
  EXPECT_EQ(TrackingIdsOf(listed), TrackingIdsOf(more));
  ASSERT_TRUE(listed.HasHeader("ETag"));
  EXPECT_EQ(listed.Header("ETag"), more.Header("ETag"));
  EXPECT_EQ(Get(path, user.token, {{"If-None-Match", listed.Header("ETag")}}).status, 304);
  Send("POST", path, Admin(), R"({"trackingIds": ["from-admin"]})");
  EXPECT_EQ(Get(path, user.token, {{"If-None-Match", listed.Header("ETag")}}).status, 200);

  ExpectError(Send("POST", path, user.token, R"({"trackingIds": "campaign-d"})"), 400,
              "malformedRequestBody");
  ExpectError(Send("POST", path, user.token, R"({"trackingIds": [7]})"), 400,
              "malformedRequestBody");
  ExpectError(Send("POST", path, user.token, R"({"trackingIds": ["has space"]})"), 400,
              "malformedRequestBody");
  TestUser other = NewUser("trko");
  ExpectError(Send("POST", path, other.token, R"({"trackingIds": ["x"]})"), 403, "accessDenied");
  ExpectError(Get(path, other.token), 403, "accessDenied");
  ExpectError(Get("/users/users/no-such-user/trackingIds", Admin()), 404, "invalidUserId");
  ExpectError(
      Send("POST", "/users/users/no-such-user/trackingIds", Admin(), R"({"trackingIds": ["x"]})"),
      404, "invalidUserId");
  EXPECT_EQ(TrackingIdsOf(Get(path, user.token)).size(), 4u);
}

TEST_F(ApitureRestTest, AtMost150TrackingIdsTheOldestDropped) {
  TestUser user = NewUser("trkcap");
  const std::string path = "/users/users/" + user.user.user_id + "/trackingIds";
  auto batch = [](int from, int to) {
    json::array ids;
    for (int i = from; i < to; ++i) ids.emplace_back("id-" + std::to_string(i));
    return json::serialize(json::object{{"trackingIds", std::move(ids)}});
  };
  ASSERT_EQ(Send("POST", path, user.token, batch(0, 140)).status, 200);
  Reply full = Send("POST", path, user.token, batch(130, 160));  // 10 known, 20 new
  ASSERT_EQ(full.status, 200) << full.body;
  std::vector<std::string> ids = TrackingIdsOf(full);
  ASSERT_EQ(ids.size(), 150u);
  EXPECT_EQ(ids.front(), "id-10");
  EXPECT_EQ(ids[129], "id-139");
  EXPECT_EQ(ids.back(), "id-159");
  // More new ids than fit at once: the last 150 of them.
  Reply flood = Send("POST", path, user.token, batch(1000, 1200));
  ids = TrackingIdsOf(flood);
  ASSERT_EQ(ids.size(), 150u);
  EXPECT_EQ(ids.front(), "id-1050");
  EXPECT_EQ(ids.back(), "id-1199");
}

TEST_F(ApitureRestTest, EncryptionKeysAreGeneratedOnceAndReused) {
  Reply first = Get("/users/encryptionKeys?keys=secret,pii", "");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Json().at("_profile"),
            "https://production.api.apiture.com/schemas/common/encryptionKeys/v1.1.1/profile.json");
  const json::object& keys = first.Json().at("keys").as_object();
  ASSERT_EQ(keys.size(), 2u);
  for (const char* name : {"secret", "pii"}) {
    const json::object& key = keys.at(name).as_object();
    EXPECT_EQ(key.at("name"), json::value(name));
    EXPECT_TRUE(std::regex_match(std::string(key.at("alias").as_string()),
                                 std::regex(std::string(name) + "-[0-9]{8}")))
        << key.at("alias");
    EXPECT_TRUE(key.at("publicKey").as_string().starts_with("-----BEGIN PUBLIC KEY-----"));
    EXPECT_EQ(key.at("publicKey").as_string().find("PRIVATE"), json::string::npos);
    auto created = key.at("createdAt").as_string();
    auto expires = key.at("expiresAt").as_string();
    EXPECT_LT(created, expires);
  }
  // Same generation on the next call, also with a bearer token and another order.
  Reply again = Get("/users/encryptionKeys?keys=pii,secret,pii", Admin());
  ASSERT_EQ(again.status, 200) << again.body;
  for (const char* name : {"secret", "pii"}) {
    EXPECT_EQ(again.Json().at("keys").at(name).at("alias"), keys.at(name).at("alias")) << name;
    EXPECT_EQ(again.Json().at("keys").at(name).at("publicKey"), keys.at(name).at("publicKey"));
  }
  EXPECT_NE(keys.at("secret").at("alias"), keys.at("pii").at("alias"));

  ExpectError(Get("/users/encryptionKeys", ""), 400, "invalidParameter");
  ExpectError(Get("/users/encryptionKeys?keys=", ""), 400, "invalidParameter");
  ExpectError(Get("/users/encryptionKeys?keys=Secret", ""), 400, "invalidParameter");
  ExpectError(Get("/users/encryptionKeys?keys=secret,,pii", ""), 400, "invalidParameter");
  ExpectError(Get("/users/encryptionKeys?keys=a,b,c,d,e,f,g,h,i,j,k", ""), 400, "invalidParameter");
  ExpectError(Get("/users/encryptionKeys?keys=secret", "", {{"API-Key", "nope"}}), 401,
              "invalidApiKey");
}

// --- configuration groups, open banking consent, encrypted request properties ------------------

class ApitureConfigurationTest : public ApitureRestBase<ApitureConfigurationTest> {
 protected:
  static constexpr const char* kGroups = "/users/configurations/groups";
  std::string GroupPath(std::string_view name) {
    return std::string(kGroups) + "/" + std::string(name);
  }
};

std::vector<std::string> GroupNames(const Reply& reply) {
  std::vector<std::string> names;
  for (const json::value& item : reply.Json().at("_embedded").at("items").as_array()) {
    names.emplace_back(item.at("name").as_string());
  }
  return names;
}

TEST_F(ApitureConfigurationTest, GroupsCollectionShowsWhatTheCallerMayRead) {
  Reply admin = Get(kGroups, Admin());
  ASSERT_EQ(admin.status, 200) << admin.body;
  EXPECT_EQ(GroupNames(admin), (std::vector<std::string>{"openBanking", "users"}));
  EXPECT_EQ(admin.Json().at("count"), 2);
  EXPECT_EQ(admin.Json().at("name"), "configurationGroups");
  EXPECT_EQ(admin.Json().at("_profile"),
            "https://production.api.apiture.com/schemas/configurations/configurationGroups/"
            "v2.1.1/profile.json");
  const json::value& item = admin.Json().at("_embedded").at("items").at(0);
  EXPECT_EQ(item.at("_profile"),
            "https://production.api.apiture.com/schemas/configurations/"
            "configurationGroupSummary/v2.1.1/profile.json");
  EXPECT_EQ(item.at("_links").at("self").at("href"), json::value(GroupPath("openBanking")));
  EXPECT_FALSE(item.at("label").as_string().empty());
  EXPECT_FALSE(item.at("description").as_string().empty());
  EXPECT_FALSE(item.as_object().contains("values"));

  Reply page = Get(std::string(kGroups) + "?start=1&limit=1", Admin());
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(GroupNames(page), (std::vector<std::string>{"users"}));
  EXPECT_TRUE(page.Json().at("_links").as_object().contains("prev"));

  TestUser user = NewUser("cfgl");
  Reply public_only = Get(kGroups, user.token);
  ASSERT_EQ(public_only.status, 200) << public_only.body;
  EXPECT_EQ(GroupNames(public_only), (std::vector<std::string>{"openBanking"}));
  ExpectError(Get(std::string(kGroups) + "?limit=x", Admin()), 400, "invalidParameter");
  ExpectError(Get(kGroups, ""), 401, "notAuthenticated");
}

TEST_F(ApitureConfigurationTest, GroupSchemaAndValuesWithDefaultsAndETags) {
  TestUser user = NewUser("cfgg");
  Reply group = Get(GroupPath("openBanking"), user.token);
  ASSERT_EQ(group.status, 200) << group.body;
  EXPECT_EQ(group.Json().at("name"), "openBanking");
  EXPECT_EQ(group.Json().at("schema").at("properties").at("fdxEnabled").at("type"), "boolean");
  EXPECT_EQ(group.Json().at("values"), json::parse(R"({"fdxEnabled": false})"));
  EXPECT_EQ(group.Header("ETag"), "\"v0\"");
  EXPECT_EQ(Get(GroupPath("openBanking"), user.token, {{"If-None-Match", "\"v0\""}}).status, 304);

  Reply schema = Get(GroupPath("openBanking") + "/schema", user.token);
  ASSERT_EQ(schema.status, 200) << schema.body;
  EXPECT_EQ(schema.Header("Content-Type"), "application/json");
  EXPECT_EQ(schema.Json(), group.Json().at("schema"));
  EXPECT_EQ(Get(GroupPath("openBanking") + "/schema", user.token,
                {{"If-None-Match", schema.Header("ETag")}})
                .status,
            304);

  Reply values = Get(GroupPath("users") + "/values", Admin());
  ASSERT_EQ(values.status, 200) << values.body;
  EXPECT_EQ(values.Header("Content-Type"), "application/json");
  EXPECT_EQ(values.Json(),
            json::parse(R"({"maximumTrackingIds": 150, "encryptionKeyLifetimeDays": 30})"));
  EXPECT_EQ(Get(GroupPath("users") + "/values", Admin(), {{"If-None-Match", values.Header("ETag")}})
                .status,
            304);

  // The users group is not public.
  ExpectError(Get(GroupPath("users"), user.token), 403, "accessDenied");
  ExpectError(Get(GroupPath("users") + "/values", user.token), 403, "accessDenied");
  for (const char* suffix : {"", "/schema", "/values", "/values/fdxEnabled"}) {
    ExpectError(Get(GroupPath("basic") + suffix, Admin()), 404, "groupNotFound", suffix);
  }
}

TEST_F(ApitureConfigurationTest, AdminsReplaceValuesValidatedAgainstTheSchema) {
  const std::string path = GroupPath("users") + "/values";
  Reply before = Get(path, Admin());
  const std::string tag = before.Header("ETag");
  Reply put = Send("PUT", path, Admin(), R"({"maximumTrackingIds": 120})", {{"If-Match", tag}});
  ASSERT_EQ(put.status, 200) << put.body;
  // As documented, the 200 body is the group's schema.
  EXPECT_EQ(put.Json(), Get(GroupPath("users") + "/schema", Admin()).Json());
  EXPECT_NE(put.Header("ETag"), tag);
  Reply after = Get(path, Admin());
  EXPECT_EQ(after.Header("ETag"), put.Header("ETag"));
  EXPECT_EQ(after.Json(),
            json::parse(R"({"maximumTrackingIds": 120, "encryptionKeyLifetimeDays": 30})"));
  EXPECT_EQ(Get(GroupPath("users"), Admin()).Header("ETag"), put.Header("ETag"));

  ExpectError(Send("PUT", path, Admin(), R"({"maximumTrackingIds": 100})", {{"If-Match", tag}}),
              412, "preconditionFailed");
  for (const char* bad : {R"({"maximumTrackingIds": "100"})", R"({"maximumTrackingIds": 151})",
                          R"({"maximumTrackingIds": 0})", R"({"maximumTrackingIds": 2.5})",
                          R"({"noSuchValue": 1})", R"({"maximumTrackingIds": null})"}) {
    ExpectError(Send("PUT", path, Admin(), bad), 400, "invalidConfigurationValue", bad);
  }
  ExpectError(Send("PUT", path, Admin(), "not json"), 400, "malformedRequestBody");
  TestUser user = NewUser("cfgw");
  ExpectError(Send("PUT", path, user.token, R"({"maximumTrackingIds": 10})"), 403, "accessDenied");
  ExpectError(Send("PUT", GroupPath("openBanking") + "/values", user.token, "{}"), 403,
              "accessDenied");
  ExpectError(Send("PUT", GroupPath("basic") + "/values", Admin(), "{}"), 404, "groupNotFound");
  EXPECT_EQ(Get(path, Admin()).Json(), after.Json()) << "refused writes changed nothing";

  // Back to the defaults: a complete replacement with nothing.
  Reply reset = Send("PUT", path, Admin(), "{}");
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(Get(path, Admin()).Json(),
            json::parse(R"({"maximumTrackingIds": 150, "encryptionKeyLifetimeDays": 30})"));
}

TEST_F(ApitureConfigurationTest, SingleValuesAreRawJson) {
  const std::string path = GroupPath("openBanking") + "/values/fdxEnabled";
  TestUser user = NewUser("cfgv");
  Reply value = Get(path, user.token);
  ASSERT_EQ(value.status, 200) << value.body;
  EXPECT_EQ(value.Header("Content-Type"), "application/json");
  EXPECT_EQ(value.body, "false");
  // Unset and without a default: null.
  EXPECT_EQ(Get(GroupPath("openBanking") + "/values/fdxConsentUrl", user.token).body, "null");

  Reply put = Send("PUT", path, Admin(), "true", {{"If-Match", value.Header("ETag")}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.body, "true");
  EXPECT_EQ(Get(path, user.token).body, "true");
  EXPECT_EQ(Get(path, user.token).Header("ETag"), put.Header("ETag"));
  Reply url = Send("PUT", GroupPath("openBanking") + "/values/fdxConsentUrl", Admin(),
                   R"("https://consent.example.com/fdx")");
  ASSERT_EQ(url.status, 200) << url.body;
  EXPECT_EQ(url.body, R"("https://consent.example.com/fdx")");
  EXPECT_EQ(
      Get(GroupPath("openBanking") + "/values", user.token).Json(),
      json::parse(R"({"fdxEnabled": true, "fdxConsentUrl": "https://consent.example.com/fdx"})"));

  ExpectError(Send("PUT", path, Admin(), "false", {{"If-Match", value.Header("ETag")}}), 412,
              "preconditionFailed");
  ExpectError(Send("PUT", path, Admin(), R"("yes")"), 400, "invalidConfigurationValue");
  ExpectError(Send("PUT", path, Admin(), "tru"), 400, "malformedRequestBody");
  ExpectError(
      Send("PUT", GroupPath("openBanking") + "/values/fdxConsentUrl", Admin(), R"("not a url")"),
      400, "invalidConfigurationValue");
  ExpectError(Send("PUT", path, user.token, "false"), 403, "accessDenied");
  ExpectError(Get(GroupPath("openBanking") + "/values/plaidEnabled", user.token), 404,
              "valueNotFound");
  ExpectError(Send("PUT", GroupPath("openBanking") + "/values/plaidEnabled", Admin(), "true"), 404,
              "valueNotFound");
  ExpectError(Get(GroupPath("users") + "/values/maximumTrackingIds", user.token), 403,
              "accessDenied");
  EXPECT_EQ(Get(GroupPath("users") + "/values/maximumTrackingIds", Admin()).body, "150");
}

TEST_F(ApitureConfigurationTest, TheTrackingIdCapIsConfigurable) {
  ASSERT_EQ(Send("PUT", GroupPath("users") + "/values/maximumTrackingIds", Admin(), "3").status,
            200);
  TestUser user = NewUser("cfgt");
  const std::string path = "/users/users/" + user.user.user_id + "/trackingIds";
  Reply reply = Send("POST", path, user.token, R"({"trackingIds": ["a", "b", "c", "d", "e"]})");
  EXPECT_EQ(TrackingIdsOf(reply), (std::vector<std::string>{"c", "d", "e"}));
  ASSERT_EQ(Send("PUT", GroupPath("users") + "/values", Admin(), "{}").status, 200);
  reply = Send("POST", path, user.token, R"({"trackingIds": ["f"]})");
  EXPECT_EQ(TrackingIdsOf(reply), (std::vector<std::string>{"c", "d", "e", "f"}));
}

TEST_F(ApitureConfigurationTest, OpenBankingConsentParametersFollowTheOpenBankingGroup) {
  const std::string values = GroupPath("openBanking") + "/values";
  ASSERT_EQ(Send("PUT", values, Admin(), R"({"fdxEnabled": false})").status, 200);
  TestUser user = NewUser("obc");
  const std::string path = "/users/openBankingConsentParameters";
  const std::string fdx = R"({"integration": "fdx", "parameters": []})";
  ExpectError(Send("POST", path, user.token, fdx), 422, "noSuchOpenBankingIntegration");
  // Enabled without a URL is not usable yet.
  ASSERT_EQ(Send("PUT", values, Admin(), R"({"fdxEnabled": true})").status, 200);
  ExpectError(Send("POST", path, user.token, fdx), 422, "noSuchOpenBankingIntegration");
  ASSERT_EQ(
      Send(
          "PUT", values, Admin(),
          R"({"fdxEnabled": true, "fdxConsentUrl": "https://fdx-consent.example.com/connections"})")
          .status,
      200);

  Reply created = Send("POST", path, user.token, fdx);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Json().at("_profile"),
            "https://production.api.apiture.com/schemas/users/openBankingConsentParameters/"
            "v1.0.3/profile.json");
  EXPECT_EQ(created.Json().at("integration"), "fdx");
  EXPECT_EQ(
      created.Json().at("parameters"),
      json::parse(
          R"([{"name": "widgetUrl", "value": "https://fdx-consent.example.com/connections?user=)" +
          user.user.user_id + R"("}])"));
  // No body: the fdx integration.
  Reply bare = Send("POST", path, user.token, "");
  ASSERT_EQ(bare.status, 201) << bare.body;
  EXPECT_EQ(bare.Json().at("parameters"), created.Json().at("parameters"));
  Reply with = Send("POST", path, user.token,
                    R"({"integration": "fdx", "parameters": [
                        {"name": "returnUrl", "value": "https://bank.example.com/done?x=1"},
                        {"name": "locale", "value": "es-MX"}]})");
  ASSERT_EQ(with.status, 201) << with.body;
  EXPECT_EQ(with.Json().at("parameters").at(0).at("value"),
            json::value("https://fdx-consent.example.com/connections?user=" + user.user.user_id +
                        "&returnUrl=https%3A%2F%2Fbank.example.com%2Fdone%3Fx%3D1&locale=es-MX"));

  ExpectError(Send("POST", path, user.token, R"({"integration": "plaid"})"), 422,
              "noSuchOpenBankingIntegration");
  ExpectError(Send("POST", path, user.token,
                   R"({"integration": "fdx", "parameters": [{"name": "color", "value": "red"}]})"),
              422, "invalidOpenBankingParameters");
  ExpectError(Send("POST", path, user.token,
                   R"j({"parameters": [{"name": "returnUrl", "value": "javascript:alert(1)"}]})j"),
              422, "invalidOpenBankingParameters");
  ExpectError(Send("POST", path, user.token, R"({"parameters": {"name": "locale"}})"), 400,
              "malformedRequestBody");
  ExpectError(Send("POST", path, user.token, R"({"integration": 7})"), 400, "malformedRequestBody");
  // A user access token only: a trusted service has no user.
  ServiceClient service = TrustedService(server());
  ExpectError(ApitureSend(server(), "POST", path, service.token, fdx, {}, service.api_key), 403,
              "accessDenied");
  ExpectError(Send("POST", path, "", fdx), 401, "notAuthenticated");
}

TEST_F(ApitureConfigurationTest, EncryptedPropertiesAreDecryptedBeforeUse) {
  Reply keys = Get("/users/encryptionKeys?keys=pii", "");
  ASSERT_EQ(keys.status, 200) << keys.body;
  const std::string alias(keys.Json().at("keys").at("pii").at("alias").as_string());
  const std::string public_pem(keys.Json().at("keys").at("pii").at("publicKey").as_string());
  crypto::OpenSslKeyCipher cipher;
  const std::string secret_url = "https://secret-consent.example.com/fdx";
  auto ciphertext = cipher.Encrypt(public_pem, secret_url);
  ASSERT_TRUE(ciphertext.has_value());

  const std::string values = GroupPath("openBanking") + "/values";
  json::object body{{"fdxEnabled", true},
                    {"fdxConsentUrl", *ciphertext},
                    {"_encryption", {{"fdxConsentUrl", alias}}}};
  Reply put = Send("PUT", values, Admin(), json::serialize(body));
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(Get(values, Admin()).Json().at("fdxConsentUrl"), json::value(secret_url));

  // An alias that names no key, or ciphertext that is not ours: 400, nothing stored.
  json::object unknown = body;
  unknown["_encryption"] = {{"fdxConsentUrl", "pii-00000000x"}};
  ExpectError(Send("PUT", values, Admin(), json::serialize(unknown)), 400, "malformedRequestBody");
  Reply other_key = Get("/users/encryptionKeys?keys=secret", "");
  json::object wrong = body;
  wrong["_encryption"] = {{"fdxConsentUrl", other_key.Json().at("keys").at("secret").at("alias")}};
  ExpectError(Send("PUT", values, Admin(), json::serialize(wrong)), 400, "malformedRequestBody");
  json::object garbage = body;
  garbage["fdxConsentUrl"] = "bm90IGNpcGhlcnRleHQ=";
  ExpectError(Send("PUT", values, Admin(), json::serialize(garbage)), 400, "malformedRequestBody");
  EXPECT_EQ(Get(values, Admin()).Json().at("fdxConsentUrl"), json::value(secret_url));
}

// Private keys under --encryption-key-passphrase work as without one; a node started on the same
// database with another passphrase, or none, cannot open them: 500 (the server's configuration
// is wrong, not the client's ciphertext), and nothing changes.
TEST(ApitureKeyPassphraseTest, OnlyTheServersPassphraseOpensTheStoredPrivateKeys) {
  RosterServer server({"--encryption-key-passphrase", "the bank's first passphrase"});
  Reply keys = ApitureSend(server, "GET", "/users/encryptionKeys?keys=pii", "");
  ASSERT_EQ(keys.status, 200) << keys.body;
  const std::string alias(keys.Json().at("keys").at("pii").at("alias").as_string());
  const std::string public_pem(keys.Json().at("keys").at("pii").at("publicKey").as_string());
  const auto encrypted_body = [&](const std::string& url) {
    auto ciphertext = crypto::OpenSslKeyCipher().Encrypt(public_pem, url);
    EXPECT_TRUE(ciphertext.has_value());
    return json::serialize(json::object{{"fdxEnabled", true},
                                        {"fdxConsentUrl", ciphertext.value_or("")},
                                        {"_encryption", {{"fdxConsentUrl", alias}}}});
  };
  const std::string values = "/users/configurations/groups/openBanking/values";
  const std::string stored_url = "https://consent.example.com/first";
  Reply put = ApitureSend(server, "PUT", values, AdminToken(server), encrypted_body(stored_url));
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_TRUE(server.LogEvents("warning").empty());

  auto other = RosterServer::StartNode(server, {{"--encryption-key-passphrase", "another one"}});
  auto none = RosterServer::StartNode(server, {});
  for (RosterServer* node : {other.get(), none.get()}) {
    ExpectError(ApitureSend(*node, "PUT", values, AdminToken(*node),
                            encrypted_body("https://consent.example.com/second")),
                500, "requestError");
    Reply kept = ApitureSend(*node, "GET", values, AdminToken(*node));
    EXPECT_EQ(kept.Json().at("fdxConsentUrl"), json::value(stored_url));
  }
  EXPECT_EQ(none->LogEvents("warning").size(), 1u);
}

}  // namespace
}  // namespace roster::apitest
