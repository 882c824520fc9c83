// The resource-doc table against the route table, and the pure builders of
// api/obp/resource_docs/resource_docs.h, without a server.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>

#include "api/obp/resource_docs/resource_docs.h"
#include "api/obp/routes.h"
#include "api/obp/versions.h"

namespace roster::api::obp {
namespace {

namespace json = boost::json;

using Key = std::pair<std::string, std::string>;  // function, implemented_in

std::optional<json::value> ReadSample() {
  std::ifstream in(ROSTER_RESOURCE_DOCS_SAMPLE);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

TEST(RouteDocsTest, EveryVersionedRouteHasExactlyOneDoc) {
  std::set<Key> routes;
  for (const Route& route : Routes()) {
    if (route.implemented_in.empty()) {
      EXPECT_EQ(FindRouteDoc(route.function, route.implemented_in), nullptr) << route.function;
      continue;
    }
    routes.emplace(route.function, route.implemented_in);
    EXPECT_NE(FindRouteDoc(route.function, route.implemented_in), nullptr)
        << "no resource doc for OBP" << route.implemented_in << "-" << route.function;
  }
  std::set<Key> docs;
  for (const RouteDoc& doc : RouteDocs()) {
    EXPECT_TRUE(docs.emplace(doc.function, doc.implemented_in).second)
        << "duplicate doc " << doc.function << " " << doc.implemented_in;
    EXPECT_TRUE(routes.contains(Key(doc.function, doc.implemented_in)))
        << "doc without a route: OBP" << doc.implemented_in << "-" << doc.function;
  }
  EXPECT_EQ(docs, routes);
}

TEST(RouteDocsTest, EveryDocIsComplete) {
  for (const RouteDoc& doc : RouteDocs()) {
    SCOPED_TRACE(std::string(doc.function) + " " + std::string(doc.implemented_in));
    EXPECT_FALSE(doc.summary.empty());
    EXPECT_FALSE(doc.description.empty());
    EXPECT_FALSE(doc.tags.empty());
    EXPECT_FALSE(doc.errors.empty());
    for (auto text : {doc.example_request_body, doc.success_response_body}) {
      if (!text.empty()) EXPECT_NO_THROW(json::parse(text)) << text;
    }
    if (!doc.roles.empty()) {
      bool listed = false;
      for (auto error : doc.errors) listed = listed || error.starts_with("OBP-20006");
      EXPECT_TRUE(listed) << "a doc with roles lists OBP-20006";
    }
  }
}

TEST(RouteDocsTest, EveryVersionServesOneDocPerFunction) {
  for (const ObpVersion& version : AllVersions()) {
    if (version.name < std::string_view("v1.4.0")) continue;
    std::set<std::string_view> functions;
    for (const auto& served : ServedDocs(version.name, {})) {
      EXPECT_TRUE(functions.insert(served.route->function).second)
          << version.name << " " << served.route->function;
      EXPECT_TRUE(Serves(version.name, served.route->implemented_in, served.route->function));
    }
  }
}

TEST(RouteDocsTest, NewestImplementationWins) {
  auto implementation = [](std::string_view version, std::string_view function) {
    for (const auto& served : ServedDocs(version, {})) {
      if (served.route->function == function) return std::string(served.route->implemented_in);
    }
    return std::string("none");
  };
  EXPECT_EQ(implementation("v3.1.0", "createUserAuthContext"), "v3.1.0");
  EXPECT_EQ(implementation("v4.0.0", "createUserAuthContext"), "v3.1.0");
  EXPECT_EQ(implementation("v5.0.0", "createUserAuthContext"), "v5.0.0");
  EXPECT_EQ(implementation("v3.0.0", "createUserAuthContext"), "none");
  EXPECT_EQ(implementation("v5.0.0", "getUserByUsername"), "v4.0.0");
  EXPECT_EQ(implementation("v5.1.0", "getUserByUsername"), "none");
}

TEST(RouteDocsTest, OrderedByRequestUrlThenVerb) {
  auto docs = ServedDocs("v5.0.0", {});
  ASSERT_GT(docs.size(), 50u);
  for (std::size_t i = 1; i < docs.size(); ++i) {
    auto url = [](const ServedDoc& d) {
      return std::string(d.route->implemented_in) + std::string(d.route->path);
    };
    EXPECT_LE(url(docs[i - 1]), url(docs[i]));
  }
}

TEST(ResourceDocsTest, ParsesApiVersion) {
  EXPECT_EQ(ParseApiVersion("v5.0.0"), "v5.0.0");
  EXPECT_EQ(ParseApiVersion("OBPv3.1.0"), "v3.1.0");
  EXPECT_EQ(ParseApiVersion("v9.9.9"), std::nullopt);
  EXPECT_EQ(ParseApiVersion("OBP"), std::nullopt);
  EXPECT_EQ(ParseApiVersion("BGv1.3"), std::nullopt);
  EXPECT_TRUE(InvalidApiVersionMessage("x").starts_with("OBP-00027: Invalid API Version string."));
}

TEST(ResourceDocsTest, SplitsCommaLists) {
  EXPECT_EQ(SplitCommaList("User, Role,,"), (std::vector<std::string>{"User", "Role"}));
  EXPECT_TRUE(SplitCommaList("").empty());
}

TEST(ResourceDocsTest, RendersMarkdownLikeTheReference) {
  EXPECT_EQ(MarkdownToHtml("Creates OBP user.\n No authorisation required.\n\n Mimics it.\n"),
            "<p>Creates OBP user.<br />\nNo authorisation required.</p>\n<p>Mimics it.</p>\n");
  EXPECT_EQ(MarkdownToHtml("[**first_name**](/glossary#first_name): Tom"),
            "<p><a href=\"/glossary#first_name\"><strong>first_name</strong></a>: Tom</p>\n");
  EXPECT_EQ(MarkdownToHtml("If the PUT body USER_ID *is* specified & <b>"),
            "<p>If the PUT body USER_ID <em>is</em> specified &amp; &lt;b&gt;</p>\n");
  EXPECT_EQ(MarkdownToHtml("[BANK_ID](/glossary#Bank.bank_id): gh.29.uk"),
            "<p><a href=\"/glossary#Bank.bank_id\">BANK_ID</a>: gh.29.uk</p>\n");
}

TEST(ResourceDocsTest, TypedSchemaMatchesTheSample) {
  auto sample = ReadSample();
  ASSERT_TRUE(sample.has_value()) << "cannot read " << ROSTER_RESOURCE_DOCS_SAMPLE;
  for (const auto& doc : sample->at("resource_docs").as_array()) {
    SCOPED_TRACE(json::serialize(doc.at("operation_id")));
    EXPECT_EQ(TypedSchema(doc.at("example_request_body")), doc.at("typed_request_body"));
    EXPECT_EQ(TypedSchema(doc.at("success_response_body")), doc.at("typed_success_response_body"));
  }
  EXPECT_EQ(TypedSchema(json::parse(R"({"a":true,"b":[1],"c":[]})")),
            json::parse(R"({"type":"object","properties":{"a":{"type":"boolean"},
              "b":{"type":"array","items":{"type":"integer"}},
              "c":{"type":"array","items":{"type":"string"}}}})"));
}

TEST(ResourceDocsTest, DescriptionMarkdownHasTheGeneratedSections) {
  const Route* create_account = nullptr;
  for (const Route& route : Routes()) {
    if (route.function == "createAccount") create_account = &route;
  }
  ASSERT_NE(create_account, nullptr);
  const RouteDoc* doc = FindRouteDoc("createAccount", "v5.0.0");
  ASSERT_NE(doc, nullptr);
  std::string markdown = DescriptionMarkdown(*create_account, *doc);
  // The layout of obp-resource-docs-sample.json.
  EXPECT_NE(markdown.find("Note: The Amount MUST be zero.\n\nUser Authentication is Required. The "
                          "User must be logged in. The Application must also be authenticated."
                          "\n\n\n**URL Parameters:**\n\n[ACCOUNT_ID](/glossary#Account.account_id)"
                          ": 8ca8a7e4-6d02-40e3-a129-0b2bf89de9f0\n\n\n\n[BANK_ID](/glossary#Bank"
                          ".bank_id): gh.29.uk\n\n\n\n\n\n**JSON request body fields:**\n\n\n\n"),
            std::string::npos)
      << markdown;
  EXPECT_NE(markdown.find("[**account_attributes**](/glossary#account_attributes): \n\n\n\n"),
            std::string::npos);
  EXPECT_TRUE(markdown.ends_with("\n\n\n"));

  const RouteDoc* banks = FindRouteDoc("getBanks", "v4.0.0");
  ASSERT_NE(banks, nullptr);
  for (const Route& route : Routes()) {
    if (route.function != "getBanks") continue;
    std::string text = DescriptionMarkdown(route, *banks);
    EXPECT_NE(text.find("User Authentication is Optional."), std::string::npos) << text;
    EXPECT_EQ(text.find("**URL Parameters:**"), std::string::npos);
    EXPECT_EQ(text.find("**JSON request body fields:**"), std::string::npos);
  }
}

}  // namespace
}  // namespace roster::api::obp
