// Apiture users over the real server: getUsers, createUser, searchUsers, lookupUsers, getUser,
// updateUser, patchUser and the five state actions; PII and masking, ETags, scopes, and the
// same users seen through the OBP dialect.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "api/apiture_fixture.h"
#include "crypto/openssl_key_cipher.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;

std::string UrlEncode(std::string_view text) {
  return boost::urls::encode(text, boost::urls::unreserved_chars);
}

// A tax id no other test of this process uses: "ddd-dd-dddd".
std::string UniqueTaxId() {
  static int counter = 0;
  long long n = (static_cast<long long>(::getpid()) % 100000) * 10000 + (++counter % 10000);
  char digits[16];
  std::snprintf(digits, sizeof digits, "%09lld", n % 1000000000LL);
  std::string d(digits);
  return d.substr(0, 3) + "-" + d.substr(3, 2) + "-" + d.substr(5, 4);
}

std::string Digits(const std::string& tax_id) {
  std::string out;
  for (char c : tax_id) {
    if (c != '-') out += c;
  }
  return out;
}

std::set<std::string> ActionRels(const json::value& user) {
  std::set<std::string> out;
  for (const auto& [rel, link] : user.at("_links").as_object()) {
    if (rel.starts_with("apiture:")) out.insert(std::string(rel));
  }
  return out;
}

std::vector<std::string> ItemIds(const json::value& collection) {
  std::vector<std::string> out;
  for (const json::value& item : collection.at("_embedded").at("items").as_array()) {
    out.emplace_back(item.at("_id").as_string());
  }
  return out;
}

class ApitureUsersTest : public SharedServerTest<ApitureUsersTest> {
 protected:
  static std::string Admin() { return AdminToken(server()); }

  static Reply Send(const std::string& method, const std::string& path, const std::string& token,
                    const std::string& body = "", httplib::Headers headers = {}) {
    return ApitureSend(server(), method, path, token, body, std::move(headers));
  }
  static Reply Send(const std::string& method, const std::string& path, const std::string& token,
                    const char* body, httplib::Headers headers = {}) {
    return Send(method, path, token, std::string(body), std::move(headers));
  }
  static Reply Send(const std::string& method, const std::string& path, const std::string& token,
                    const json::value& body, httplib::Headers headers = {}) {
    return Send(method, path, token, json::serialize(body), std::move(headers));
  }

  static void ExpectError(const Reply& reply, int status, const std::string& type) {
    EXPECT_EQ(reply.status, status) << reply.body;
    if (reply.status != status) return;
    const json::object& error = reply.Json().at("_error").as_object();
    EXPECT_EQ(error.at("type"), json::value(type)) << reply.body;
    EXPECT_EQ(error.at("statusCode"), json::value(status)) << reply.body;
    EXPECT_FALSE(reply.Json().as_object().contains("_embedded"));
  }

  // A createUser body in the shape of the source's example (with its defects fixed).
  static json::object UserBody(const std::string& username, const std::string& tax_id) {
    json::object body = json::parse(R"({
      "_profile": "https://production.api.apiture.com/schemas/users/createUser/v1.9.2/profile.json",
      "_links": {"self": {"href": "/apiName/resourceName/resourceId"}},
      "firstName": "John", "middleName": "Daniel", "lastName": "Smith",
      "addresses": [
        {"_id": "ha0", "type": "home", "addressLine1": "555 N Front Street",
         "addressLine2": "Suite 5555", "city": "Wilmington", "regionCode": "NC",
         "postalCode": "28401-5405", "countryCode": "US", "state": "approved",
         "_links": {"self": {"href": "/users/users/x/addresses/ha0"}}},
        {"_id": "wa1", "type": "work", "addressLine1": "123 S 3rd Street", "city": "Wilmington",
         "regionCode": "NC", "postalCode": "28411-5405", "countryCode": "US"}],
      "preferredMailingAddressId": "ha0",
      "taxAddressId": "wa1",
      "emailAddresses": [
        {"_id": "pe0", "type": "personal", "value": "placeholder@example.com"},
        {"type": "work", "value": "support@apiture.com"}],
      "preferredEmailAddressId": "pe0",
      "phones": [
        {"_id": "hp0", "type": "home", "number": "+19105550155"},
        {"_id": "mp0", "type": "mobile", "number": "+19105550159"},
        {"_id": "wp1", "type": "work", "number": "+19105550162", "extension": "4512"}],
      "preferredPhoneId": "hp0",
      "preferredName": "John", "suffix": "MD",
      "preferredContactMethod": "email", "residencyStatus": "resident",
      "customerId": 47294723672, "birthdate": "1974-10-27",
      "citizenship": [{"countryCode": "us", "state": "citizen"}],
      "occupation": "officeAndAdministrativeSupport", "yearsAtAddress": "fourOrMore",
      "preferences": {"smsNotifications": true}
    })")
                            .as_object();
    body["username"] = username;
    body["emailAddresses"].as_array()[0].as_object()["value"] = username + "@example.com";
    body["identification"] = json::array{json::object{{"type", "taxId"}, {"value", tax_id}}};
    return body;
  }

  // A minimal createUser body.
  static json::object SmallBody(const std::string& username) {
    return json::object{{"username", username}, {"firstName", "Ann"}, {"lastName", "Lee"}};
  }

  // POST /users/users as the superuser; the created user's representation.
  static json::value Create(const json::object& body) {
    Reply reply = Send("POST", "/users/users", Admin(), body);
    EXPECT_EQ(reply.status, 201) << reply.body;
    if (reply.status != 201) return json::object{{"_id", ""}, {"state", ""}};
    return reply.Json();
  }
  static std::string CreateId(const json::object& body) {
    return std::string(Create(body).at("_id").as_string());
  }

  static Reply GetUser(const std::string& id, const std::string& token,
                       httplib::Headers headers = {}) {
    return Send("GET", "/users/users/" + id, token, "", std::move(headers));
  }
  static std::string StateOf(const std::string& id) {
    Reply reply = GetUser(id, Admin());
    EXPECT_EQ(reply.status, 200) << reply.body;
    if (reply.status != 200) return "";
    return std::string(reply.Json().at("state").as_string());
  }
  static Reply Action(const std::string& collection, const std::string& user,
                      const std::string& token, httplib::Headers headers = {}) {
    return Send("POST", "/users/" + collection + "?user=" + UrlEncode(user), token, "",
                std::move(headers));
  }

  // A CLI user (local, validated) with an Apiture token (`scope` empty = every profiles/*).
  static std::pair<CreatedUser, std::string> UserWithToken(const std::string& prefix,
                                                           const std::string& scope = "") {
    CreatedUser user = server().CreateUser(UniqueName(prefix));
    return {user, ApitureToken(server(), user.username, user.password, scope)};
  }

  // The public key and alias of the named encryption key.
  static std::pair<std::string, std::string> EncryptionKey(const std::string& name) {
    Reply reply = Send("GET", "/users/encryptionKeys?keys=" + name, "");
    EXPECT_EQ(reply.status, 200) << reply.body;
    if (reply.status != 200) return {};
    const json::value& key = reply.Json().at("keys").at(name);
    return {std::string(key.at("publicKey").as_string()), std::string(key.at("alias").as_string())};
  }
  static std::string Encrypt(const std::string& public_pem, const std::string& text) {
    crypto::OpenSslKeyCipher cipher;
    auto encrypted = cipher.Encrypt(public_pem, text);
    EXPECT_TRUE(encrypted.has_value());
    return encrypted ? *encrypted : "";
  }
};

// --- createUser ---------------------------------------------------------------------------------

TEST_F(ApitureUsersTest, CreateUserAnswers201WithLocationEtagAndTheUser) {
  const std::string username = UniqueName("apcreate");
  const std::string tax_id = UniqueTaxId();
  Reply reply = Send("POST", "/users/users", Admin(), UserBody(username, tax_id));
  ASSERT_EQ(reply.status, 201) << reply.body;
  const json::object& user = reply.Json().as_object();
  const std::string id(user.at("_id").as_string());
  EXPECT_EQ(reply.Header("Location"), "/users/users/" + id);
  EXPECT_EQ(reply.Header("ETag"), "\"v1\"");
  EXPECT_EQ(reply.Header("Content-Type"), "application/hal+json");
  EXPECT_EQ(
      user.at("_profile"),
      json::value("https://production.api.apiture.com/schemas/users/user/v1.12.1/profile.json"));
  EXPECT_EQ(user.at("_links").at("self").at("href"), json::value("/users/users/" + id));
  EXPECT_EQ(user.at("username"), json::value(username));
  EXPECT_EQ(user.at("state"), json::value("active"));
  EXPECT_EQ(user.at("middleName"), json::value("Daniel"));
  EXPECT_EQ(user.at("suffix"), json::value("MD"));
  EXPECT_EQ(user.at("customerId"), json::value("47294723672"));
  EXPECT_EQ(user.at("birthdate"), json::value("1974-10-27"));
  EXPECT_EQ(user.at("citizenship"), json::parse(R"([{"countryCode": "US", "state": "citizen"}])"));
  EXPECT_EQ(user.at("preferences"), json::parse(R"({"smsNotifications": true})"));
  // The tax id is masked: all but its last four characters.
  EXPECT_EQ(user.at("identification"), json::parse(R"([{"type": "taxId", "value": "*****)" +
                                                   Digits(tax_id).substr(5) + R"("}])"));
  // Items given by an administrator are approved; items without an id get one.
  const json::array& addresses = user.at("addresses").as_array();
  ASSERT_EQ(addresses.size(), 2u);
  EXPECT_EQ(addresses[0].at("_id"), json::value("ha0"));
  EXPECT_EQ(addresses[0].at("state"), json::value("approved"));
  EXPECT_EQ(addresses[0].at("_links").at("self").at("href"),
            json::value("/users/users/" + id + "/addresses/ha0"));
  const json::array& emails = user.at("emailAddresses").as_array();
  ASSERT_EQ(emails.size(), 2u);
  EXPECT_EQ(emails[0].at("value"), json::value(username + "@example.com"));
  EXPECT_EQ(emails[1].at("_id"), json::value("we1"));
  EXPECT_EQ(emails[1].at("state"), json::value("approved"));
  EXPECT_EQ(user.at("phones").as_array().size(), 3u);
  EXPECT_EQ(user.at("phones").as_array()[2].at("extension"), json::value("4512"));
  EXPECT_EQ(user.at("preferredMailingAddressId"), json::value("ha0"));
  EXPECT_EQ(user.at("taxAddressId"), json::value("wa1"));
  EXPECT_EQ(user.at("preferredEmailAddressId"), json::value("pe0"));
  EXPECT_EQ(user.at("preferredPhoneId"), json::value("hp0"));
  EXPECT_EQ(ActionRels(reply.Json()), (std::set<std::string>{"apiture:deactivate", "apiture:lock",
                                                             "apiture:freeze", "apiture:remove"}));

  // The same user on a later GET, with the same ETag.
  Reply again = GetUser(id, Admin());
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Header("ETag"), "\"v1\"");
  EXPECT_EQ(again.Json(), reply.Json());
}

TEST_F(ApitureUsersTest, CreateUserRefusesDuplicateUsernameAndTaxId) {
  const std::string username = UniqueName("apdup");
  const std::string tax_id = UniqueTaxId();
  Create(UserBody(username, tax_id));
  ExpectError(Send("POST", "/users/users", Admin(), UserBody(username, UniqueTaxId())), 409,
              "duplicateUsername");
  // The same tax id written differently is the same tax id.
  const std::string other = UniqueName("apdup");
  ExpectError(Send("POST", "/users/users", Admin(), UserBody(other, Digits(tax_id))), 409,
              "duplicateTaxId");
  // Nothing was stored for the refused user.
  Reply list =
      Send("GET", "/users/users?filter=" + UrlEncode("username eq '" + other + "'"), Admin());
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.Json().at("count"), json::value(0));
  // A username taken through OBP is taken here too.
  CreatedUser obp = server().CreateUser(UniqueName("apdupobp"));
  ExpectError(Send("POST", "/users/users", Admin(), SmallBody(obp.username)), 409,
              "duplicateUsername");
}

TEST_F(ApitureUsersTest, CreateUserRejectsBadBodiesWith400) {
  const std::string name = UniqueName("apbad");
  ExpectError(Send("POST", "/users/users", Admin(), std::string("{not json")), 400,
              "malformedRequestBody");
  ExpectError(Send("POST", "/users/users", Admin(), std::string("[1]")), 400,
              "malformedRequestBody");
  json::object no_username = SmallBody(name);
  no_username.erase("username");
  ExpectError(Send("POST", "/users/users", Admin(), no_username), 400, "malformedRequestBody");
  json::object bad_username = SmallBody("ab");
  ExpectError(Send("POST", "/users/users", Admin(), bad_username), 400, "malformedRequestBody");
  json::object number_name = SmallBody(name);
  number_name["firstName"] = 5;
  ExpectError(Send("POST", "/users/users", Admin(), number_name), 400, "malformedRequestBody");
  json::object bad_date = SmallBody(name);
  bad_date["birthdate"] = "1974-13-27";
  ExpectError(Send("POST", "/users/users", Admin(), bad_date), 400, "malformedRequestBody");
  json::object bad_type = UserBody(name, UniqueTaxId());
  bad_type["addresses"].as_array()[0].as_object()["type"] = "castle";
  ExpectError(Send("POST", "/users/users", Admin(), bad_type), 400, "invalidAddressType");
  json::object bad_phone = UserBody(name, UniqueTaxId());
  bad_phone["phones"].as_array()[0].as_object()["type"] = "pager";
  ExpectError(Send("POST", "/users/users", Admin(), bad_phone), 400, "invalidPhoneType");
  // The source's own example names a tax address that is not among the addresses.
  json::object bad_pointer = UserBody(name, UniqueTaxId());
  bad_pointer["taxAddressId"] = "ha1";
  Reply pointer = Send("POST", "/users/users", Admin(), bad_pointer);
  ExpectError(pointer, 400, "malformedRequestBody");
  EXPECT_EQ(pointer.Json().at("_error").at("attributes").at("field"), json::value("taxAddressId"));
  json::object repeated = UserBody(name, UniqueTaxId());
  repeated["phones"].as_array()[1].as_object()["_id"] = "hp0";
  ExpectError(Send("POST", "/users/users", Admin(), repeated), 400, "malformedRequestBody");
  json::object two_tax_ids = SmallBody(name);
  two_tax_ids["identification"] =
      json::parse(R"([{"type": "taxId", "value": "111"}, {"type": "taxId", "value": "222"}])");
  ExpectError(Send("POST", "/users/users", Admin(), two_tax_ids), 400, "malformedRequestBody");
  json::object weak = SmallBody(name);
  weak["password"] = "weak";
  ExpectError(Send("POST", "/users/users", Admin(), weak), 400, "malformedRequestBody");
  // None of them was stored.
  Reply list =
      Send("GET", "/users/users?filter=" + UrlEncode("username eq '" + name + "'"), Admin());
  EXPECT_EQ(list.Json().at("count"), json::value(0));
}

TEST_F(ApitureUsersTest, CreateUserIsForAdministratorsAndTrustedServicesOnly) {
  auto [user, token] = UserWithToken("apnoadm");
  ExpectError(Send("POST", "/users/users", token, SmallBody(UniqueName("apnew"))), 403,
              "accessDenied");
  ExpectError(Send("POST", "/users/users", "", SmallBody(UniqueName("apnew"))), 401,
              "notAuthenticated");
  ServiceClient service = TrustedService(server());
  Reply created = ApitureSend(server(), "POST", "/users/users", service.token,
                              json::serialize(SmallBody(UniqueName("apsvc"))), {}, service.api_key);
  EXPECT_EQ(created.status, 201) << created.body;
}

TEST_F(ApitureUsersTest, CreatedUserLogsInWithTheOptionalPasswordOnlyAndIsValidated) {
  const std::string with = UniqueName("appass");
  json::object body = SmallBody(with);
  body["password"] = std::string(kPassword);
  body["emailAddresses"] = json::parse(R"([{"type": "personal", "value": "p@example.com"}])");
  Create(body);
  // Both dialects: OAuth2 password grant and OBP DirectLogin.
  EXPECT_FALSE(ApitureToken(server(), with, kPassword).empty());
  EXPECT_FALSE(server().Login(with, kPassword).empty());

  const std::string without = UniqueName("apnopass");
  Create(SmallBody(without));
  Reply refused = TokenReply(server(), "grant_type=password&username=" + without +
                                           "&password=" + UrlEncode(std::string(kPassword)));
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(refused.Json().at("error"), json::value("invalid_grant"));
}

// --- getUser ------------------------------------------------------------------------------------

TEST_F(ApitureUsersTest, GetUserShowsPiiOnlyWithTheScopeAndAlwaysMasksTheTaxId) {
  const std::string username = UniqueName("appii");
  json::object body = UserBody(username, UniqueTaxId());
  body["password"] = std::string(kPassword);
  const std::string id = CreateId(body);

  std::string full = ApitureToken(server(), username, kPassword);
  Reply mine = GetUser(id, full);
  ASSERT_EQ(mine.status, 200) << mine.body;
  for (const char* key : {"identification", "addresses", "emailAddresses", "phones"}) {
    EXPECT_TRUE(mine.Json().as_object().contains(key)) << key;
  }
  EXPECT_NE(mine.Json().at("identification").at(0).at("value").as_string().find("*****"),
            json::string::npos);
  // The user may act on themselves, but not freeze.
  EXPECT_EQ(ActionRels(mine.Json()),
            (std::set<std::string>{"apiture:deactivate", "apiture:lock", "apiture:remove"}));

  std::string no_pii = ApitureToken(server(), username, kPassword, "profiles/read");
  Reply limited = GetUser(id, no_pii);
  ASSERT_EQ(limited.status, 200) << limited.body;
  for (const char* key :
       {"identification", "addresses", "emailAddresses", "phones", "kycAnswers"}) {
    EXPECT_FALSE(limited.Json().as_object().contains(key)) << key;
  }
  EXPECT_EQ(limited.Json().at("username"), json::value(username));
  // Read-only: no action links at all.
  EXPECT_TRUE(ActionRels(limited.Json()).empty());
}

TEST_F(ApitureUsersTest, GetUserAccessRules) {
  auto [user, token] = UserWithToken("apget");
  auto [other, other_token] = UserWithToken("apgetother");
  EXPECT_EQ(GetUser(user.user_id, token).status, 200);
  EXPECT_EQ(GetUser(user.user_id, Admin()).status, 200);
  ExpectError(GetUser(other.user_id, token), 403, "accessDenied");
  // A token without profiles/read.
  std::string write_only = ApitureToken(server(), user.username, user.password, "profiles/write");
  Reply scope = GetUser(user.user_id, write_only);
  ExpectError(scope, 403, "insufficientScope");
  ExpectError(GetUser("00000000-0000-4000-8000-000000000000", Admin()), 404, "invalidUserId");
  ExpectError(GetUser(user.user_id, ""), 401, "notAuthenticated");
}

TEST_F(ApitureUsersTest, GetUserHonoursIfNoneMatchAndFields) {
  const std::string id = CreateId(UserBody(UniqueName("apetag"), UniqueTaxId()));
  Reply first = GetUser(id, Admin());
  ASSERT_EQ(first.status, 200);
  const std::string etag = first.Header("ETag");
  ASSERT_FALSE(etag.empty());
  Reply cached = GetUser(id, Admin(), {{"If-None-Match", etag}});
  EXPECT_EQ(cached.status, 304);
  EXPECT_TRUE(cached.body.empty());
  EXPECT_EQ(GetUser(id, Admin(), {{"If-None-Match", "\"v999\""}}).status, 200);

  Reply some = Send("GET", "/users/users/" + id + "?fields=customerId,username", Admin());
  ASSERT_EQ(some.status, 200) << some.body;
  EXPECT_EQ(KeysOf(some.Json()),
            (std::vector<std::string>{"_id", "_profile", "customerId", "username"}));
  for (const char* bad : {"", "ab", "customerId,customerId", "Username", "user-name", "a,,b"}) {
    ExpectError(Send("GET", "/users/users/" + id + "?fields=" + UrlEncode(bad), Admin()), 400,
                "invalidParameter");
  }
}

// --- updateUser / patchUser ----------------------------------------------------------------------

TEST_F(ApitureUsersTest, PutReplacesWritableFieldsAndIgnoresContactItems) {
  const std::string username = UniqueName("apput");
  const std::string tax_id = UniqueTaxId();
  Reply created = Send("POST", "/users/users", Admin(), UserBody(username, tax_id));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(created.Json().at("_id").as_string());

  // GET, change, PUT back: the masked tax id and the read-only parts round-trip.
  json::object body = created.Json().as_object();
  body["firstName"] = "Jonathan";
  body.erase("suffix");
  body["addresses"] = json::array{};  // immutable: ignored
  body["emailAddresses"] = json::parse(R"([{"type": "work", "value": "new@example.com"}])");
  body["preferredEmailAddressId"] = "zz";  // read-only: ignored
  Reply put =
      Send("PUT", "/users/users/" + id, Admin(), body, {{"If-Match", created.Header("ETag")}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.Header("ETag"), "\"v2\"");
  const json::object& user = put.Json().as_object();
  EXPECT_EQ(user.at("firstName"), json::value("Jonathan"));
  EXPECT_FALSE(user.contains("suffix"));  // PUT replaces: omitted means removed
  EXPECT_EQ(user.at("addresses"), created.Json().at("addresses"));
  EXPECT_EQ(user.at("emailAddresses"), created.Json().at("emailAddresses"));
  EXPECT_EQ(user.at("preferredEmailAddressId"), json::value("pe0"));
  EXPECT_EQ(user.at("identification"), created.Json().at("identification"));

  // The old ETag no longer matches.
  ExpectError(
      Send("PUT", "/users/users/" + id, Admin(), body, {{"If-Match", created.Header("ETag")}}), 412,
      "preconditionFailed");
  // "*" matches any version.
  EXPECT_EQ(Send("PUT", "/users/users/" + id, Admin(), body, {{"If-Match", "*"}}).status, 200);

  // PUT without identification keeps the tax id (it cannot be removed).
  json::object minimal = SmallBody(username);
  Reply kept = Send("PUT", "/users/users/" + id, Admin(), minimal);
  ASSERT_EQ(kept.status, 200) << kept.body;
  EXPECT_EQ(kept.Json().at("identification"), created.Json().at("identification"));
  EXPECT_FALSE(kept.Json().as_object().contains("middleName"));
  ExpectError(Send("PUT", "/users/users/" + id, Admin(), json::object{{"firstName", "X"}}), 400,
              "malformedRequestBody");
}

TEST_F(ApitureUsersTest, PutAndPatchConflicts) {
  const std::string username = UniqueName("apconf");
  const std::string tax_id = UniqueTaxId();
  const std::string id = CreateId(UserBody(username, tax_id));
  const std::string taken = UniqueName("aptaken");
  Create(SmallBody(taken));
  const std::string path = "/users/users/" + id;
  for (const char* method : {"PUT", "PATCH"}) {
    SCOPED_TRACE(method);
    json::object base = SmallBody(username);
    json::object state = base;
    state["state"] = "locked";
    ExpectError(Send(method, path, Admin(), state), 409, "cannotUpdateState");
    json::object same_state = base;
    same_state["state"] = "active";
    EXPECT_EQ(Send(method, path, Admin(), same_state).status, 200);
    json::object other_id = base;
    other_id["_id"] = "another-id";
    ExpectError(Send(method, path, Admin(), other_id), 409, "cannotChangeId");
    json::object new_tax = base;
    new_tax["identification"] = json::parse(R"([{"type": "taxId", "value": "999-99-9999"}])");
    ExpectError(Send(method, path, Admin(), new_tax), 409, "cannotChangeId");
    json::object removed_tax = base;
    removed_tax["identification"] = json::array{};
    ExpectError(Send(method, path, Admin(), removed_tax), 409, "cannotChangeId");
    json::object clear_tax = base;
    clear_tax["identification"] =
        json::parse(R"([{"type": "taxId", "value": ")" + tax_id + R"("}])");  // unchanged, unmasked
    EXPECT_EQ(Send(method, path, Admin(), clear_tax).status, 200);
    json::object duplicate = base;
    duplicate["username"] = taken;
    ExpectError(Send(method, path, Admin(), duplicate), 409, "duplicateUsername");
    json::object bad = base;
    bad["citizenship"] = "US";
    ExpectError(Send(method, path, Admin(), bad), 400, "malformedRequestBody");
    ExpectError(Send(method, path, Admin(), std::string("nope")), 400, "malformedRequestBody");
    ExpectError(Send(method, path, Admin(), base, {{"If-Match", "\"v1\""}}), 412,
                "preconditionFailed");
    ExpectError(Send(method, "/users/users/00000000-0000-4000-8000-000000000000", Admin(), base),
                404, "invalidUserId");
  }
  // Nothing of the refused requests was stored.
  Reply now = GetUser(id, Admin());
  EXPECT_EQ(now.Json().at("username"), json::value(username));
  EXPECT_EQ(now.Json().at("state"), json::value("active"));
}

TEST_F(ApitureUsersTest, PatchChangesOnlyWhatIsGivenAndNullRemoves) {
  const std::string username = UniqueName("appatch");
  json::value created = Create(UserBody(username, UniqueTaxId()));
  const std::string id(created.at("_id").as_string());
  Reply patched = Send("PATCH", "/users/users/" + id, Admin(),
                       json::parse(R"({"middleName": "Dan", "preferredName": null,
                                       "occupation": "transportationAndMaterialMoving",
                                       "phones": []})"));
  ASSERT_EQ(patched.status, 200) << patched.body;
  const json::object& user = patched.Json().as_object();
  EXPECT_EQ(user.at("middleName"), json::value("Dan"));
  EXPECT_FALSE(user.contains("preferredName"));
  EXPECT_EQ(user.at("occupation"), json::value("transportationAndMaterialMoving"));
  EXPECT_EQ(user.at("suffix"), json::value("MD"));
  EXPECT_EQ(user.at("firstName"), created.at("firstName"));
  EXPECT_EQ(user.at("phones"), created.at("phones"));
  EXPECT_EQ(user.at("identification"), created.at("identification"));
  ExpectError(Send("PATCH", "/users/users/" + id, Admin(), json::parse(R"({"lastName": null})")),
              400, "malformedRequestBody");
  ExpectError(
      Send("PATCH", "/users/users/" + id, Admin(), json::parse(R"({"identification": null})")), 409,
      "cannotChangeId");
}

TEST_F(ApitureUsersTest, UsersUpdateThemselvesButNotOthersNorTheirCustomerId) {
  auto [user, token] = UserWithToken("apself");
  auto [other, other_token] = UserWithToken("apselfother");
  Reply mine = Send("PATCH", "/users/users/" + user.user_id, token,
                    json::parse(R"({"preferredName": "Me"})"));
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.Json().at("preferredName"), json::value("Me"));
  ExpectError(Send("PATCH", "/users/users/" + other.user_id, token,
                   json::parse(R"({"preferredName": "You"})")),
              403, "accessDenied");
  ExpectError(
      Send("PATCH", "/users/users/" + user.user_id, token, json::parse(R"({"customerId": "123"})")),
      403, "accessDenied");
  std::string read_only = ApitureToken(server(), user.username, user.password, "profiles/read");
  ExpectError(Send("PATCH", "/users/users/" + user.user_id, read_only,
                   json::parse(R"({"preferredName": "X"})")),
              403, "insufficientScope");
}

TEST_F(ApitureUsersTest, RemovedUsersCannotBeUpdated) {
  const std::string username = UniqueName("apremupd");
  const std::string id = CreateId(SmallBody(username));
  ASSERT_EQ(Action("removedUsers", id, Admin()).status, 200);
  Reply refused = Send("PATCH", "/users/users/" + id, Admin(), json::parse(R"({"suffix": "Jr"})"));
  ExpectError(refused, 409, "invalidStateChange");
  EXPECT_EQ(refused.Json().at("_error").at("attributes").at("requiredStates"),
            json::parse(R"(["active", "inactive", "locked", "frozen"])"));
  ExpectError(Send("PUT", "/users/users/" + id, Admin(), SmallBody(username)), 409,
              "invalidStateChange");
}

// --- state actions
// --------------------------------------------------------------------------------

struct Transition {
  std::string collection;  // the action's path
  std::string target;
  std::set<std::string> admin_from;
};

const std::vector<Transition> kTransitions = {
    {"activeUsers", "active", {"inactive", "locked", "frozen"}},
    {"inactiveUsers", "inactive", {"active"}},
    {"lockedUsers", "locked", {"active", "inactive"}},
    {"frozenUsers", "frozen", {"active", "inactive", "locked"}},
    {"removedUsers", "removed", {"active", "inactive", "locked", "frozen"}},
};

// How an administrator brings a fresh (active) user into each state.
const std::map<std::string, std::string> kReach = {{"inactive", "inactiveUsers"},
                                                   {"locked", "lockedUsers"},
                                                   {"frozen", "frozenUsers"},
                                                   {"removed", "removedUsers"}};

const std::map<std::string, std::string> kRequired = {
    {"activeUsers", R"(["inactive","locked","frozen"])"},
    {"inactiveUsers", R"(["active"])"},
    {"lockedUsers", R"(["active","inactive"])"},
    {"frozenUsers", R"(["active","inactive","locked"])"},
    {"removedUsers", R"(["active","inactive","locked","frozen"])"}};

TEST_F(ApitureUsersTest, EveryTransitionByAnAdministratorIsAllowedOrRefusedPerTheTable) {
  for (const Transition& transition : kTransitions) {
    for (const std::string from : {"active", "inactive", "locked", "frozen", "removed"}) {
      SCOPED_TRACE(transition.collection + " from " + from);
      const std::string id = CreateId(SmallBody(UniqueName("aptr")));
      if (from != "active") {
        ASSERT_EQ(Action(kReach.at(from), id, Admin()).status, 200);
      }
      ASSERT_EQ(StateOf(id), from);
      Reply reply = Action(transition.collection, id, Admin());
      if (transition.admin_from.contains(from)) {
        ASSERT_EQ(reply.status, 200) << reply.body;
        EXPECT_EQ(reply.Json().at("state"), json::value(transition.target));
        EXPECT_FALSE(reply.Header("ETag").empty());
        EXPECT_EQ(StateOf(id), transition.target);
      } else {
        ExpectError(reply, 409, "invalidStateChange");
        if (reply.status == 409) {
          EXPECT_EQ(reply.Json().at("_error").at("attributes").at("requiredStates"),
                    json::parse(kRequired.at(transition.collection)));
        }
        EXPECT_EQ(StateOf(id), from);
      }
    }
  }
}

TEST_F(ApitureUsersTest, UsersActOnThemselvesExceptFreezeAndAdminOnlyActivation) {
  {
    auto [user, token] = UserWithToken("apselfdeact");
    Reply reply = Action("inactiveUsers", user.user_id, token);
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.Json().at("state"), json::value("inactive"));
    // An inactive user's token no longer authenticates.
    ExpectError(GetUser(user.user_id, token), 401, "invalidAccessToken");
  }
  {
    auto [user, token] = UserWithToken("apselflock");
    EXPECT_EQ(Action("lockedUsers", user.user_id, token).status, 200);
    EXPECT_EQ(StateOf(user.user_id), "locked");
  }
  {
    auto [user, token] = UserWithToken("apselfrem");
    EXPECT_EQ(Action("removedUsers", user.user_id, token).status, 200);
    EXPECT_EQ(StateOf(user.user_id), "removed");
  }
  {
    auto [user, token] = UserWithToken("apselffrz");
    ExpectError(Action("frozenUsers", user.user_id, token), 403, "accessDenied");
    Reply active = Action("activeUsers", user.user_id, token);
    ExpectError(active, 409, "invalidStateChange");
    EXPECT_EQ(active.Json().at("_error").at("attributes").at("requiredStates"),
              json::parse(R"(["inactive"])"));
    // Another user, even a locked one, is not theirs to change.
    auto [other, other_token] = UserWithToken("apselfoth");
    ASSERT_EQ(Action("lockedUsers", other.user_id, Admin()).status, 200);
    ExpectError(Action("activeUsers", other.user_id, token), 403, "accessDenied");
    ExpectError(Action("removedUsers", other.user_id, token), 403, "accessDenied");
    std::string read_only = ApitureToken(server(), user.username, user.password, "profiles/read");
    ExpectError(Action("lockedUsers", user.user_id, read_only), 403, "insufficientScope");
    EXPECT_EQ(StateOf(user.user_id), "active");
  }
}

TEST_F(ApitureUsersTest, StateActionUserParameter) {
  const std::string id = CreateId(SmallBody(UniqueName("apparam")));
  ExpectError(Send("POST", "/users/lockedUsers", Admin()), 400, "malformedRequestBody");
  for (const std::string& bad :
       {std::string(""), std::string("a b"), std::string("/users/other/") + id,
        std::string("/users/users/"), "https://h/x/users/users/" + id + "?q=1",
        std::string("00000000-0000-4000-8000-000000000000")}) {
    SCOPED_TRACE(bad);
    Reply reply = Action("lockedUsers", bad, Admin());
    ExpectError(reply, 400, "malformedRequestBody");
    if (reply.status == 400) {
      EXPECT_EQ(reply.Json().at("_error").at("attributes").at("field"), json::value("user"));
    }
  }
  // An id, a root-relative URI and an absolute URI all name the user.
  EXPECT_EQ(Action("inactiveUsers", "/users/users/" + id, Admin()).status, 200);
  EXPECT_EQ(
      Action("lockedUsers", "https://api.devbank.apiture.com/users/users/" + id, Admin()).status,
      200);
  Reply current = GetUser(id, Admin());
  ExpectError(Action("frozenUsers", id, Admin(), {{"If-Match", "\"v1\""}}), 412,
              "preconditionFailed");
  Reply frozen = Action("frozenUsers", id, Admin(), {{"If-Match", current.Header("ETag")}});
  ASSERT_EQ(frozen.status, 200) << frozen.body;
  EXPECT_NE(frozen.Header("ETag"), current.Header("ETag"));
}

TEST_F(ApitureUsersTest, ActionLinksFollowStateAndCaller) {
  auto [user, token] = UserWithToken("aplinks");
  const std::string id = user.user_id;
  Reply admin_view = GetUser(id, Admin());
  EXPECT_EQ(admin_view.Json().at("_links").at("apiture:lock").at("href"),
            json::value("/users/lockedUsers?user=" + id));
  EXPECT_EQ(admin_view.Json().at("_links").at("apiture:deactivate").at("href"),
            json::value("/users/inactiveUsers?user=" + id));
  EXPECT_EQ(admin_view.Json().at("_links").at("apiture:freeze").at("href"),
            json::value("/users/frozenUsers?user=" + id));
  EXPECT_EQ(admin_view.Json().at("_links").at("apiture:remove").at("href"),
            json::value("/users/removedUsers?user=" + id));
  EXPECT_EQ(ActionRels(GetUser(id, token).Json()),
            (std::set<std::string>{"apiture:deactivate", "apiture:lock", "apiture:remove"}));

  const std::map<std::string, std::set<std::string>> kAdminLinks = {
      {"inactive", {"apiture:activate", "apiture:lock", "apiture:freeze", "apiture:remove"}},
      {"locked", {"apiture:activate", "apiture:freeze", "apiture:remove"}},
      {"frozen", {"apiture:activate", "apiture:remove"}},
      {"removed", {}}};
  for (const auto& [state, rels] : kAdminLinks) {
    const std::string other = CreateId(SmallBody(UniqueName("aplnk")));
    ASSERT_EQ(Action(kReach.at(state), other, Admin()).status, 200);
    Reply reply = GetUser(other, Admin());
    EXPECT_EQ(ActionRels(reply.Json()), rels) << state;
    // The href of activate follows the same pattern.
    if (rels.contains("apiture:activate")) {
      EXPECT_EQ(reply.Json().at("_links").at("apiture:activate").at("href"),
                json::value("/users/activeUsers?user=" + other));
    }
  }
}

// --- getUsers
// -------------------------------------------------------------------------------------

TEST_F(ApitureUsersTest, AdministratorsListEveryoneWithPagingLinks) {
  const std::string occupation = "occ" + UniqueName("page");
  const std::string prefix = UniqueName("aplist");
  std::vector<std::string> ids;
  for (char suffix : std::string("abcde")) {
    json::object body = SmallBody(prefix + suffix);
    body["occupation"] = occupation;
    ids.push_back(CreateId(body));
  }
  // Users created in the same second have no natural order: sort by username.
  const std::string base = "/users/users?occupation=" + occupation + "&sortBy=username";
  Reply first = Send("GET", base + "&limit=2", Admin());
  ASSERT_EQ(first.status, 200) << first.body;
  const json::object& page = first.Json().as_object();
  EXPECT_EQ(
      page.at("_profile"),
      json::value("https://production.api.apiture.com/schemas/users/users/v1.9.2/profile.json"));
  EXPECT_EQ(page.at("name"), json::value("users"));
  EXPECT_EQ(page.at("count"), json::value(5));
  EXPECT_EQ(page.at("start"), json::value(0));
  EXPECT_EQ(page.at("limit"), json::value(2));
  EXPECT_EQ(ItemIds(first.Json()), (std::vector<std::string>{ids[0], ids[1]}));
  const std::string carried = "/users/users?sortBy=username&occupation=" + occupation + "&";
  EXPECT_EQ(page.at("_links").at("self").at("href"), json::value(carried + "start=0&limit=2"));
  EXPECT_EQ(page.at("_links").at("next").at("href"), json::value(carried + "start=2&limit=2"));
  EXPECT_EQ(page.at("_links").at("first").at("href"), json::value(carried + "start=0&limit=2"));
  EXPECT_EQ(page.at("_links").at("collection").at("href"), json::value("/users/users"));
  EXPECT_FALSE(page.at("_links").as_object().contains("prev"));

  Reply middle = Send("GET", base + "&start=2&limit=2", Admin());
  ASSERT_EQ(middle.status, 200);
  EXPECT_EQ(ItemIds(middle.Json()), (std::vector<std::string>{ids[2], ids[3]}));
  EXPECT_EQ(middle.Json().at("_links").at("prev").at("href"),
            json::value(carried + "start=0&limit=2"));
  Reply last = Send("GET", base + "&start=4&limit=2", Admin());
  ASSERT_EQ(last.status, 200);
  EXPECT_EQ(ItemIds(last.Json()), (std::vector<std::string>{ids[4]}));
  EXPECT_EQ(last.Json().at("_links").at("prev").at("href"),
            json::value(carried + "start=2&limit=2"));
  EXPECT_FALSE(last.Json().at("_links").as_object().contains("next"));
  Reply beyond = Send("GET", base + "&start=10", Admin());
  ASSERT_EQ(beyond.status, 200);
  EXPECT_EQ(beyond.Json().at("_embedded").at("items"), json::array{});
  EXPECT_EQ(beyond.Json().at("count"), json::value(5));

  // Summary items.
  const json::value& item = first.Json().at("_embedded").at("items").at(0);
  EXPECT_EQ(
      item.at("_profile"),
      json::value(
          "https://production.api.apiture.com/schemas/users/summaryUser/v1.9.2/profile.json"));
  EXPECT_EQ(item.at("_links").at("self").at("href"), json::value("/users/users/" + ids[0]));
  EXPECT_EQ(item.at("_links").at("apiture:lock").at("href"),
            json::value("/users/lockedUsers?user=" + ids[0]));
  EXPECT_EQ(item.at("username"), json::value(prefix + "a"));
  EXPECT_EQ(item.at("occupation"), json::value(occupation));
  EXPECT_EQ(item.at("state"), json::value("active"));
  EXPECT_TRUE(item.as_object().contains("createdAt"));

  // Default limit 100; more than 1000 or less than 1 is refused.
  EXPECT_EQ(Send("GET", base, Admin()).Json().at("limit"), json::value(100));
  ExpectError(Send("GET", base + "&limit=1001", Admin()), 400, "invalidParameter");
  ExpectError(Send("GET", base + "&limit=0", Admin()), 400, "invalidParameter");
  ExpectError(Send("GET", base + "&start=-1", Admin()), 400, "invalidParameter");
}

TEST_F(ApitureUsersTest, NonAdministratorsListOnlyThemselves) {
  auto [user, token] = UserWithToken("aplistme");
  Reply reply = Send("GET", "/users/users", token);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(ItemIds(reply.Json()), (std::vector<std::string>{user.user_id}));
  EXPECT_EQ(reply.Json().at("count"), json::value(1));
  std::string write_only = ApitureToken(server(), user.username, user.password, "profiles/write");
  ExpectError(Send("GET", "/users/users", write_only), 403, "insufficientScope");
}

TEST_F(ApitureUsersTest, FiltersSortAndSubsets) {
  const std::string occupation = "occ" + UniqueName("filter");
  // By username: names[1] < names[2] < names[0].
  std::vector<std::string> names = {UniqueName("apfc"), UniqueName("apfa"), UniqueName("apfb")};
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < names.size(); ++i) {
    json::object body = SmallBody(names[i]);
    body["occupation"] = occupation;
    body["customerId"] = "cust-" + names[i];
    body["lastName"] = std::string(1, static_cast<char>('Z' - i)) + "name";  // Z, Y, X
    ids.push_back(CreateId(body));
  }
  ASSERT_EQ(Action("lockedUsers", ids[1], Admin()).status, 200);
  const std::string base = "/users/users?occupation=" + occupation;
  auto list = [&](const std::string& query) {
    std::string path = base + query;
    if (query.find("sortBy") == std::string::npos) path += "&sortBy=username";
    Reply reply = Send("GET", path, Admin());
    EXPECT_EQ(reply.status, 200) << query << " " << reply.body;
    return reply.status == 200 ? ItemIds(reply.Json()) : std::vector<std::string>{};
  };
  using Ids = std::vector<std::string>;
  EXPECT_EQ(list(""), (Ids{ids[1], ids[2], ids[0]}));
  EXPECT_EQ(list("&filter=" + UrlEncode("state eq 'locked'")), (Ids{ids[1]}));
  EXPECT_EQ(list("&filter=" + UrlEncode("state ne 'locked' and username in ('" + names[0] + "','" +
                                        names[1] + "')")),
            (Ids{ids[0]}));
  EXPECT_EQ(list("&filter=" + UrlEncode("_id in ('" + ids[2] + "', '" + ids[0] + "')")),
            (Ids{ids[2], ids[0]}));
  EXPECT_EQ(list("&filter=" + UrlEncode("createdAt gt '2000-01-01T00:00:00Z'")),
            (Ids{ids[1], ids[2], ids[0]}));
  EXPECT_TRUE(list("&filter=" + UrlEncode("createdAt lt '2000-01-01'")).empty());
  EXPECT_TRUE(list("&filter=" + UrlEncode("lastLoggedInAt gt '2000-01-01'")).empty());
  EXPECT_EQ(list("&filter=" + UrlEncode("customerId eq 'cust-" + names[2] + "'")), (Ids{ids[2]}));
  EXPECT_EQ(list("&filter=" + UrlEncode("state in ('locked', 'frozen')")), (Ids{ids[1]}));
  EXPECT_EQ(list("&customerId=cust-" + names[1]), (Ids{ids[1]}));
  EXPECT_EQ(list("&state=locked%7Cinactive"), (Ids{ids[1]}));
  EXPECT_EQ(list("&state=active"), (Ids{ids[2], ids[0]}));
  EXPECT_EQ(list("&state=active&filter=" + UrlEncode("_id eq '" + ids[1] + "'")), (Ids{}));
  EXPECT_EQ(list("&sortBy=lastName"), (Ids{ids[2], ids[1], ids[0]}));
  EXPECT_EQ(list("&sortBy=-lastName"), (Ids{ids[0], ids[1], ids[2]}));
  EXPECT_EQ(list("&sortBy=state,-lastName"), (Ids{ids[0], ids[2], ids[1]}));
  std::string upper = names[1];
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(list("&q=" + UrlEncode(upper)), (Ids{ids[1]}));
  EXPECT_EQ(list("&q=YNAME"), (Ids{ids[1]}));

  for (const std::string& bad :
       {"&filter=" + UrlEncode("state eq 'pending'"),
        "&filter=" + UrlEncode("state eq 'active' or state eq 'locked'"),
        "&filter=" + UrlEncode("email eq 'x'"), "&filter=" + UrlEncode("createdAt eq '2020-01-01'"),
        std::string("&filter="), std::string("&sortBy=email"), std::string("&sortBy="),
        std::string("&state=pending"), std::string("&occupation=a%7C")}) {
    SCOPED_TRACE(bad);
    ExpectError(Send("GET", "/users/users?x=1" + bad, Admin()), 400, "invalidParameter");
  }
  // The narrowing parameters are carried in the paging links.
  Reply paged = Send("GET", base + "&sortBy=-lastName&limit=1", Admin());
  EXPECT_EQ(
      paged.Json().at("_links").at("next").at("href"),
      json::value("/users/users?sortBy=-lastName&occupation=" + occupation + "&start=1&limit=1"));
}

// --- searchUsers and lookupUsers
// --------------------------------------------------------------------

TEST_F(ApitureUsersTest, SearchUsersMatchesAnyTextInAnySearchableField) {
  const std::string username = UniqueName("apsearch");
  const std::string tax_id = UniqueTaxId();
  json::object body = UserBody(username, tax_id);
  body["lastName"] = "Ackerman" + username;
  body["phones"].as_array()[0].as_object()["number"] = "+1910" + Digits(tax_id).substr(2);
  const std::string id = CreateId(body);
  auto search = [&](const json::value& request, const std::string& token) {
    return Send("POST", "/users/userSearch", token, request);
  };
  auto found = [&](const Reply& reply) {
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.status == 200 ? ItemIds(reply.Json()) : std::vector<std::string>{};
  };
  using Ids = std::vector<std::string>;
  EXPECT_EQ(found(search(json::object{{"text", json::array{"ACKERMAN" + username}}}, Admin())),
            (Ids{id}));
  EXPECT_EQ(found(search(json::object{{"text", json::array{"nothing-like-it", Digits(tax_id)}}},
                         Admin())),
            (Ids{id}));
  EXPECT_EQ(found(search(json::object{{"text", json::array{"+1910" + Digits(tax_id).substr(2)}}},
                         Admin())),
            (Ids{id}));
  std::vector<std::string> by_street =
      found(search(json::object{{"text", json::array{"555 N FRONT"}}}, Admin()));
  EXPECT_NE(std::find(by_street.begin(), by_street.end(), id), by_street.end());
  // Nothing matches: an empty, not null, items array.
  Reply none = search(json::object{{"text", json::array{"zz-no-such-user-zz"}}}, Admin());
  ASSERT_EQ(none.status, 200);
  EXPECT_EQ(none.Json().at("_embedded").at("items"), json::array{});
  EXPECT_EQ(none.Json().at("count"), json::value(0));

  // Encrypted with the sensitive key, as the source asks.
  auto [pem, alias] = EncryptionKey("sensitive");
  json::object encrypted{{"text", json::array{Encrypt(pem, "ackerman" + username)}},
                         {"_encryption", json::object{{"text", alias}}}};
  EXPECT_EQ(found(search(encrypted, Admin())), (Ids{id}));
  json::object garbage{{"text", json::array{"bm90IGNpcGhlcnRleHQ="}},
                       {"_encryption", json::object{{"text", alias}}}};
  ExpectError(search(garbage, Admin()), 400, "malformedRequestBody");

  // Administrators and trusted services only.
  auto [user, token] = UserWithToken("apsearchu");
  ExpectError(search(json::object{{"text", json::array{"a"}}}, token), 403, "accessDenied");
  ServiceClient service = TrustedService(server());
  Reply by_service = ApitureSend(
      server(), "POST", "/users/userSearch", service.token,
      json::serialize(json::object{{"text", json::array{Digits(tax_id)}}}), {}, service.api_key);
  EXPECT_EQ(found(by_service), (Ids{id}));
  ExpectError(search(json::object{{"text", "ackerman"}}, Admin()), 400, "malformedRequestBody");
  ExpectError(search(json::object{}, Admin()), 400, "malformedRequestBody");
}

TEST_F(ApitureUsersTest, LookupUsersByEncryptedTaxId) {
  const std::string tax_id = UniqueTaxId();
  const std::string id = CreateId(UserBody(UniqueName("aplookup"), tax_id));
  auto [pem, alias] = EncryptionKey("secret");
  json::object request{
      {"_profile",
       "https://production.api.apiture.com/schemas/users/userSearch/v2.1.1/profile.json"},
      {"taxId", Encrypt(pem, tax_id)},
      {"_encryption", json::object{{"taxId", alias}}}};
  Reply reply = Send("POST", "/users/userLookup", Admin(), request);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(ItemIds(reply.Json()), (std::vector<std::string>{id}));
  // The summary still masks the tax id.
  EXPECT_EQ(reply.Json().at("_embedded").at("items").at(0).at("identification").at(0).at("value"),
            json::value("*****" + Digits(tax_id).substr(5)));

  Reply none = Send("POST", "/users/userLookup", Admin(), json::object{{"taxId", "000-00-0001"}});
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_EQ(none.Json().at("_embedded").at("items"), json::array{});
  ExpectError(Send("POST", "/users/userLookup", Admin(), json::object{}), 400,
              "malformedRequestBody");
  ExpectError(Send("POST", "/users/userLookup", Admin(), json::object{{"taxId", 5}}), 400,
              "malformedRequestBody");
  auto [user, token] = UserWithToken("aplookupu");
  ExpectError(Send("POST", "/users/userLookup", token, request), 403, "accessDenied");
}

// --- the same users through OBP -----------------------------------------------------------------

TEST_F(ApitureUsersTest, UserCreatedThroughObpIsReadableAndChangeableHere) {
  CreatedUser obp = server().CreateUser(UniqueName("apfromobp"));
  Reply reply = GetUser(obp.user_id, Admin());
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json::object& user = reply.Json().as_object();
  EXPECT_EQ(user.at("username"), json::value(obp.username));
  EXPECT_EQ(user.at("state"), json::value("active"));
  ASSERT_EQ(user.at("emailAddresses").as_array().size(), 1u);
  EXPECT_EQ(user.at("emailAddresses").at(0).at("value"), json::value(obp.email));
  EXPECT_EQ(user.at("preferredEmailAddressId"), json::value("e0"));
  EXPECT_EQ(user.at("identification"), json::array{});

  Reply patched = Send("PATCH", "/users/users/" + obp.user_id, Admin(),
                       json::parse(R"({"middleName": "Obp", "firstName": "Renamed"})"));
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json().at("emailAddresses"), user.at("emailAddresses"));
  // OBP still sees the user and its e-mail; the OBP login still works.
  Reply through_obp =
      server().Get("/obp/v5.0.0/users/user_id/" + obp.user_id, server().SuperToken());
  ASSERT_EQ(through_obp.status, 200) << through_obp.body;
  EXPECT_EQ(through_obp.Json().at("email"), json::value(obp.email));
  EXPECT_FALSE(server().Login(obp.username, obp.password).empty());
}

TEST_F(ApitureUsersTest, UserCreatedHereIsReadableThroughObp) {
  const std::string username = UniqueName("aptoobp");
  const std::string id = CreateId(UserBody(username, UniqueTaxId()));
  Reply reply = server().Get("/obp/v5.0.0/users/user_id/" + id, server().SuperToken());
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.Json().at("user_id"), json::value(id));
  EXPECT_EQ(reply.Json().at("username"), json::value(username));
  EXPECT_EQ(reply.Json().at("email"), json::value(username + "@example.com"));
  EXPECT_EQ(reply.Json().at("is_locked"), json::value(false));
  EXPECT_EQ(reply.Json().at("is_deleted"), json::value(false));
}

TEST_F(ApitureUsersTest, LocksAreOneStateInBothDialects) {
  auto [user, token] = UserWithToken("aplockx");
  const std::string obp_user = "/obp/v5.0.0/users/user_id/" + user.user_id;
  // Apiture lock -> OBP shows it locked, refuses the login, shows the API lock record.
  ASSERT_EQ(Action("lockedUsers", user.user_id, Admin()).status, 200);
  EXPECT_EQ(server().Get(obp_user, server().SuperToken()).Json().at("is_locked"),
            json::value(true));
  EXPECT_EQ(server().LoginReply(user.username, user.password).status, 401);
  // OBP unlock -> active here.
  Reply unlock = server().Put("/obp/v5.0.0/users/" + user.username + "/lock-status", "",
                              server().SuperToken());
  ASSERT_EQ(unlock.status, 200) << unlock.body;
  EXPECT_EQ(StateOf(user.user_id), "active");
  // OBP lock -> locked here; Apiture activation -> OBP unlocked and the login works again.
  ASSERT_EQ(server()
                .Post("/obp/v5.0.0/users/" + user.username + "/locks", "", server().SuperToken())
                .status,
            200);
  EXPECT_EQ(StateOf(user.user_id), "locked");
  ASSERT_EQ(Action("activeUsers", user.user_id, Admin()).status, 200);
  EXPECT_EQ(server().Get(obp_user, server().SuperToken()).Json().at("is_locked"),
            json::value(false));
  EXPECT_FALSE(server().Login(user.username, user.password).empty());
}

TEST_F(ApitureUsersTest, ActivatingAUserLockedByBadLoginsResetsTheCounter) {
  CreatedUser user = server().CreateUser(UniqueName("apbadlog"));
  for (int attempt = 0; attempt < 6; ++attempt) {
    EXPECT_EQ(server().LoginReply(user.username, "Wrong-Password-1").status, 401);
  }
  EXPECT_EQ(StateOf(user.user_id), "locked");
  Reply status =
      server().Get("/obp/v5.0.0/users/" + user.username + "/lock-status", server().SuperToken());
  EXPECT_GE(status.Json().at("bad_attempts_since_last_success_or_reset").to_number<int>(), 6);
  ASSERT_EQ(Action("activeUsers", user.user_id, Admin()).status, 200);
  status =
      server().Get("/obp/v5.0.0/users/" + user.username + "/lock-status", server().SuperToken());
  EXPECT_EQ(status.Json().at("bad_attempts_since_last_success_or_reset"), json::value(0));
  // One more bad login does not lock again: the counter really started over.
  EXPECT_EQ(server().LoginReply(user.username, "Wrong-Password-1").status, 401);
  EXPECT_FALSE(ApitureToken(server(), user.username, user.password).empty());
}

TEST_F(ApitureUsersTest, ObpDeleteIsRemovedAndRemovingRevokesTokens) {
  CreatedUser deleted = server().CreateUser(UniqueName("apobpdel"));
  Reply del = server().Delete("/obp/v5.0.0/users/" + deleted.user_id, server().SuperToken());
  ASSERT_EQ(del.status, 200) << del.body;
  EXPECT_EQ(StateOf(deleted.user_id), "removed");
  ExpectError(Action("activeUsers", deleted.user_id, Admin()), 409, "invalidStateChange");

  auto [user, token] = UserWithToken("aprevoke");
  const std::string obp_token = server().Login(user.username, user.password);
  ASSERT_EQ(GetUser(user.user_id, token).status, 200);
  ASSERT_EQ(Action("removedUsers", user.user_id, Admin()).status, 200);
  ExpectError(GetUser(user.user_id, token), 401, "invalidAccessToken");
  EXPECT_EQ(server().Get("/obp/v5.0.0/users/current", obp_token).status, 401);
  Reply through_obp =
      server().Get("/obp/v5.0.0/users/user_id/" + user.user_id, server().SuperToken());
  ASSERT_EQ(through_obp.status, 200) << through_obp.body;
  EXPECT_EQ(through_obp.Json().at("is_deleted"), json::value(true));
}

TEST_F(ApitureUsersTest, ObpDeleteErasesTheApiturePersonalData) {
  const std::string tax_id = UniqueTaxId();
  const std::string id = CreateId(UserBody(UniqueName("aperase"), tax_id));
  ASSERT_FALSE(id.empty());
  Reply before = GetUser(id, Admin());
  ASSERT_EQ(before.status, 200) << before.body;
  ASSERT_FALSE(before.Json().at("addresses").as_array().empty());

  Reply del = server().Delete("/obp/v5.0.0/users/" + id, server().SuperToken());
  ASSERT_EQ(del.status, 200) << del.body;
  Reply after = GetUser(id, Admin());
  ASSERT_EQ(after.status, 200) << after.body;
  const json::object& user = after.Json().as_object();
  EXPECT_EQ(user.at("state"), json::value("removed"));
  for (const char* list : {"addresses", "emailAddresses", "phones", "identification"}) {
    const json::value* items = user.if_contains(list);
    EXPECT_TRUE(items == nullptr || items->as_array().empty()) << list << ": " << after.body;
  }
  EXPECT_FALSE(user.contains("birthdate")) << after.body;
  // The tax id is free again.
  EXPECT_NE(CreateId(UserBody(UniqueName("apretax"), tax_id)), "");
}

}  // namespace
}  // namespace roster::apitest
