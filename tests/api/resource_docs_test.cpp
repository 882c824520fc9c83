// GET /obp/vX/resource-docs/API_VERSION/obp and .../swagger (obp-reference-behaviour.md §4)
// against a real server: anonymous, the sample's format, filters, meta, Swagger 2.0.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "api/obp/routes.h"
#include "api/obp/versions.h"
#include "api/server_fixture.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;

std::optional<json::value> ReadSample() {
  std::ifstream in(ROSTER_RESOURCE_DOCS_SAMPLE);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

const json::object* FindDoc(const json::value& body, std::string_view operation_id) {
  for (const auto& doc : body.at("resource_docs").as_array()) {
    if (doc.at("operation_id") == json::value(operation_id)) return &doc.as_object();
  }
  return nullptr;
}

std::set<std::string> OperationIds(const json::value& body) {
  std::set<std::string> ids;
  for (const auto& doc : body.at("resource_docs").as_array()) {
    ids.emplace(doc.at("operation_id").as_string());
  }
  return ids;
}

// The operation ids the route table serves at `version` (newest implementation per function).
std::set<std::string> ServedOperationIds(std::string_view version) {
  std::map<std::string, std::string> newest;
  for (const auto& route : api::obp::Routes()) {
    if (route.implemented_in.empty()) continue;
    if (!api::obp::Serves(version, route.implemented_in, route.function)) continue;
    std::string& since = newest[std::string(route.function)];
    if (since.empty() ||
        api::obp::VersionIndex(route.implemented_in) > api::obp::VersionIndex(since)) {
      since = route.implemented_in;
    }
  }
  std::set<std::string> ids;
  for (const auto& [function, since] : newest) ids.insert("OBP" + since + "-" + function);
  return ids;
}

class ResourceDocsTest : public SharedServerTest<ResourceDocsTest> {
 protected:
  static json::value GetJson(const std::string& path) {
    Reply reply = server().Get(path);
    EXPECT_EQ(reply.status, 200) << path << ": " << reply.body;
    if (reply.status != 200) return json::object{{"resource_docs", json::array{}}};
    return reply.Json();
  }
};

TEST_F(ResourceDocsTest, ListsExactlyTheRoutesServedAtTheRequestedVersionAnonymously) {
  for (std::string version : {"v3.1.0", "v4.0.0", "v5.0.0", "v5.1.0"}) {
    SCOPED_TRACE(version);
    json::value body = GetJson("/obp/v5.0.0/resource-docs/" + version + "/obp");
    EXPECT_EQ(OperationIds(body), ServedOperationIds(version));
    EXPECT_EQ(body.at("resource_docs").as_array().size(), ServedOperationIds(version).size());
  }
  // The docs of v3.1.0 show its own auth-context implementation, v5.0.0 the newer one.
  EXPECT_NE(
      FindDoc(GetJson("/obp/v5.0.0/resource-docs/v3.1.0/obp"), "OBPv3.1.0-createUserAuthContext"),
      nullptr);
  json::value v510 = GetJson("/obp/v5.0.0/resource-docs/v5.1.0/obp");
  EXPECT_EQ(FindDoc(v510, "OBPv4.0.0-getUserByUsername"), nullptr);
  EXPECT_NE(FindDoc(v510, "OBPv4.0.0-getUsers"), nullptr);
}

TEST_F(ResourceDocsTest, CreateUserHasEveryKeyOfTheSample) {
  auto sample = ReadSample();
  ASSERT_TRUE(sample.has_value()) << "cannot read " << ROSTER_RESOURCE_DOCS_SAMPLE;
  const json::object* expected = FindDoc(*sample, "OBPv2.0.0-createUser");
  ASSERT_NE(expected, nullptr);

  // Under a pre-v4.0.0 prefix the key set is the sample's exactly (no roles: none required).
  json::value body = GetJson("/obp/v3.1.0/resource-docs/v5.1.0/obp");
  const json::object* doc = FindDoc(body, "OBPv2.0.0-createUser");
  ASSERT_NE(doc, nullptr) << body;
  EXPECT_EQ(KeysOf(*doc), KeysOf(*expected));
  EXPECT_EQ(KeysOf(doc->at("implemented_by")), KeysOf(expected->at("implemented_by")));
  for (std::string_view key :
       {"operation_id", "implemented_by", "request_verb", "request_url", "summary", "specified_url",
        "example_request_body", "success_response_body", "typed_request_body",
        "typed_success_response_body", "tags", "is_featured", "special_instructions",
        "connector_methods"}) {
    EXPECT_EQ(doc->at(key), expected->at(key)) << key;
  }
  // The generated parts of the description follow the sample's layout.
  std::string markdown(doc->at("description_markdown").as_string());
  EXPECT_NE(markdown.find("\n\nUser Authentication is Required. The User must be logged in. The "
                          "Application must also be authenticated.\n\n\n**JSON request body "
                          "fields:**\n\n\n\n[**email**](/glossary#email): felixsmith@example.com"),
            std::string::npos)
      << markdown;
  EXPECT_NE(markdown.find("\n\n\n\n\n\n**JSON response body fields:**\n\n\n\n[**bank_id**]"),
            std::string::npos)
      << markdown;
  std::string html(doc->at("description").as_string());
  EXPECT_TRUE(html.starts_with("<p>Creates OBP user.<br />\nNo authorisation required.</p>\n"))
      << html;
  EXPECT_NE(html.find("<p><strong>JSON request body fields:</strong></p>"), std::string::npos);
  for (const auto& error : expected->at("error_response_bodies").as_array()) {
    if (!error.as_string().starts_with("OBP-")) continue;
    bool found = false;
    for (const auto& mine : doc->at("error_response_bodies").as_array()) found |= mine == error;
    EXPECT_TRUE(found) << error;
  }
}

TEST_F(ResourceDocsTest, CreateAccountCarriesItsRoles) {
  auto sample = ReadSample();
  ASSERT_TRUE(sample.has_value()) << "cannot read " << ROSTER_RESOURCE_DOCS_SAMPLE;
  const json::object* expected = FindDoc(*sample, "OBPv5.0.0-createAccount");
  ASSERT_NE(expected, nullptr);
  json::value body = GetJson("/obp/v3.1.0/resource-docs/OBPv5.1.0/obp");
  const json::object* doc = FindDoc(body, "OBPv5.0.0-createAccount");
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(KeysOf(*doc), KeysOf(*expected));
  EXPECT_EQ(doc->at("roles"), expected->at("roles"));
  EXPECT_EQ(doc->at("request_url"), expected->at("request_url"));
  EXPECT_EQ(doc->at("specified_url"), expected->at("specified_url"));
  EXPECT_EQ(doc->at("summary"), expected->at("summary"));
}

TEST_F(ResourceDocsTest, SpecifiedUrlUsesTheRequestedVersion) {
  json::value body = GetJson("/obp/v5.0.0/resource-docs/OBPv4.0.0/obp");
  const json::object* doc = FindDoc(body, "OBPv4.0.0-getUsers");
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(doc->at("request_url"), json::value("/obp/v4.0.0/users"));
  EXPECT_EQ(doc->at("specified_url"), json::value("/obp/v4.0.0/users"));
  EXPECT_EQ(doc->at("implemented_by"),
            json::parse(R"({"version":"OBPv4.0.0","function":"getUsers"})"));
  EXPECT_EQ(doc->at("roles"),
            json::parse(R"([{"role":"CanGetAnyUser","requires_bank_id":false}])"));

  json::value v510 = GetJson("/obp/v5.0.0/resource-docs/v5.1.0/obp");
  const json::object* user = FindDoc(v510, "OBPv2.0.0-createUser");
  ASSERT_NE(user, nullptr);
  EXPECT_EQ(user->at("request_url"), json::value("/obp/v2.0.0/users"));
  EXPECT_EQ(user->at("specified_url"), json::value("/obp/v5.1.0/users"));
  EXPECT_EQ(user->at("summary"), json::value("Create User"));
}

TEST_F(ResourceDocsTest, OrderedByRequestUrlThenVerb) {
  json::value body = GetJson("/obp/v5.0.0/resource-docs/v5.0.0/obp");
  const auto& docs = body.at("resource_docs").as_array();
  ASSERT_GT(docs.size(), 50u);
  for (std::size_t i = 1; i < docs.size(); ++i) {
    auto key = [](const json::value& d) {
      return std::pair(std::string(d.at("request_url").as_string()),
                       std::string(d.at("request_verb").as_string()));
    };
    EXPECT_LE(key(docs[i - 1]), key(docs[i]));
  }
}

TEST_F(ResourceDocsTest, FiltersByTagsAndFunctions) {
  json::value role = GetJson("/obp/v5.0.0/resource-docs/v5.0.0/obp?tags=Role");
  ASSERT_FALSE(role.at("resource_docs").as_array().empty());
  for (const auto& doc : role.at("resource_docs").as_array()) {
    bool tagged = false;
    for (const auto& tag : doc.at("tags").as_array()) tagged |= tag == json::value("Role");
    EXPECT_TRUE(tagged) << doc.at("operation_id");
  }
  EXPECT_NE(FindDoc(role, "OBPv2.1.0-getRoles"), nullptr);
  EXPECT_EQ(FindDoc(role, "OBPv4.0.0-getUsers"), nullptr);

  json::value two =
      GetJson("/obp/v5.0.0/resource-docs/v5.0.0/obp?functions=getUsers,createUserAuthContext");
  EXPECT_EQ(OperationIds(two),
            (std::set<std::string>{"OBPv4.0.0-getUsers", "OBPv5.0.0-createUserAuthContext"}));

  json::value both = GetJson("/obp/v5.0.0/resource-docs/v5.0.0/obp?tags=Role&functions=getUsers");
  EXPECT_TRUE(both.at("resource_docs").as_array().empty()) << both;

  json::value none = GetJson("/obp/v5.0.0/resource-docs/v5.0.0/obp?tags=NoSuchTag");
  EXPECT_TRUE(none.at("resource_docs").as_array().empty());
}

TEST_F(ResourceDocsTest, MetaOnlyUnderV400AndLaterPrefixes) {
  json::value v500 = GetJson("/obp/v5.0.0/resource-docs/v5.0.0/obp");
  ASSERT_TRUE(v500.as_object().contains("meta")) << v500;
  const json::value& meta = v500.at("meta");
  EXPECT_EQ(KeysOf(meta), (std::vector<std::string>{"count", "response_date"}));
  EXPECT_EQ(meta.at("count").to_number<std::size_t>(), v500.at("resource_docs").as_array().size());
  EXPECT_EQ(meta.at("response_date").as_string().size(),
            std::string("2024-01-01T00:00:00Z").size());
  EXPECT_TRUE(
      v500.at("resource_docs").as_array().front().as_object().contains("created_by_bank_id"));

  json::value v310 = GetJson("/obp/v3.1.0/resource-docs/v5.0.0/obp");
  EXPECT_EQ(KeysOf(v310), std::vector<std::string>{"resource_docs"});
  EXPECT_FALSE(
      v310.at("resource_docs").as_array().front().as_object().contains("created_by_bank_id"));
  // Same docs whatever the prefix.
  EXPECT_EQ(OperationIds(v310), OperationIds(v500));
}

TEST_F(ResourceDocsTest, UnknownApiVersionIs400) {
  for (std::string path :
       {"/obp/v5.0.0/resource-docs/v9.9.9/obp", "/obp/v5.0.0/resource-docs/OBPv9/obp",
        "/obp/v5.0.0/resource-docs/v9.9.9/swagger"}) {
    Reply reply = server().Get(path);
    EXPECT_EQ(reply.status, 400) << path << ": " << reply.body;
    EXPECT_TRUE(reply.Message().starts_with("OBP-00027: Invalid API Version string.")) << path;
  }
}

TEST_F(ResourceDocsTest, SwaggerIsVersionTwoWithOnePathPerUrl) {
  Reply reply = server().Get("/obp/v5.0.0/resource-docs/v5.0.0/swagger");
  ASSERT_EQ(reply.status, 200) << reply.body;
  json::value swagger = reply.Json();
  EXPECT_EQ(swagger.at("swagger"), json::value("2.0"));
  EXPECT_EQ(swagger.at("info").at("version"), json::value("v5.0.0"));
  EXPECT_EQ(swagger.at("securityDefinitions").at("DirectLogin").at("type"), json::value("apiKey"));
  EXPECT_EQ(swagger.at("securityDefinitions").at("GatewayLogin").at("type"), json::value("apiKey"));

  // One path item per URL, holding every verb of that URL.
  std::set<std::string> operations;
  std::size_t count = 0;
  const auto& paths = swagger.at("paths").as_object();
  for (const auto& [url, item] : paths) {
    EXPECT_TRUE(url.starts_with("/obp/v5.0.0/")) << url;
    EXPECT_EQ(std::string(url).find("_ID/"), std::string::npos) << "bare placeholder in " << url;
    for (const auto& [verb, operation] : item.as_object()) {
      ++count;
      operations.emplace(operation.at("operationId").as_string());
      const auto& responses = operation.at("responses").as_object();
      std::string code = verb == "post" ? "201" : verb == "delete" ? "204" : "200";
      EXPECT_TRUE(responses.contains(code)) << verb << " " << url;
      EXPECT_EQ(responses.size(), 2u) << verb << " " << url;
      EXPECT_EQ(responses.at("400").at("description"), json::value("Error"));
    }
  }
  EXPECT_EQ(operations, ServedOperationIds("v5.0.0"));
  EXPECT_EQ(count, operations.size());

  const json::value& users = paths.at("/obp/v5.0.0/users");
  EXPECT_EQ(KeysOf(users), (std::vector<std::string>{"get", "post"}));
  EXPECT_EQ(users.at("post").at("operationId"), json::value("OBPv2.0.0-createUser"));
  bool body = false;
  for (const auto& parameter : users.at("post").at("parameters").as_array()) {
    if (parameter.at("in") != json::value("body")) continue;
    body = true;
    std::string ref(parameter.at("schema").at("$ref").as_string());
    ASSERT_TRUE(ref.starts_with("#/definitions/")) << ref;
    const json::value& schema = swagger.at("definitions").at(ref.substr(14));
    EXPECT_TRUE(schema.at("properties").as_object().contains("password"));
  }
  EXPECT_TRUE(body);

  const json::value& user = paths.at("/obp/v5.0.0/users/{USER_ID}");
  const auto& parameters = user.at("delete").at("parameters").as_array();
  ASSERT_EQ(parameters.size(), 1u);
  EXPECT_EQ(parameters[0].at("in"), json::value("path"));
  EXPECT_EQ(parameters[0].at("name"), json::value("USER_ID"));

  // Filters apply too.
  Reply filtered = server().Get("/obp/v4.0.0/resource-docs/OBPv5.0.0/swagger?functions=getUsers");
  ASSERT_EQ(filtered.status, 200) << filtered.body;
  EXPECT_EQ(KeysOf(filtered.Json().at("paths")), std::vector<std::string>{"/obp/v5.0.0/users"});
}

}  // namespace
}  // namespace roster::apitest
