// Builds the resource docs (obp-reference-behaviour.md §4) of the routes served at one API
// version, in the native OBP format and as Swagger 2.0. Pure functions of the route table and
// the RouteDoc table: no I/O, safe to call from any thread.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/obp/resource_docs/route_docs.h"
#include "api/obp/routes.h"

namespace roster::api::obp {

// The API_VERSION path parameter: "v5.0.0" or "OBPv5.0.0" gives "v5.0.0"; nullopt for a version
// Roster does not serve.
std::optional<std::string> ParseApiVersion(std::string_view text);
// The 400 message for an unknown API_VERSION (OBP-00027).
std::string InvalidApiVersionMessage(std::string_view text);

struct DocsFilter {
  std::vector<std::string> tags;       // keep docs having any of these tags; empty keeps all
  std::vector<std::string> functions;  // keep docs of these functions; empty keeps all
};

// Splits a comma list ("User,Role"), dropping blanks.
std::vector<std::string> SplitCommaList(std::string_view list);

struct ServedDoc {
  const Route* route;
  const RouteDoc* doc;
};

// The versioned routes served at `api_version` (the newest implementation of each function),
// filtered, ordered by request_url then verb. Routes without a doc are left out.
std::vector<ServedDoc> ServedDocs(std::string_view api_version, const DocsFilter& filter);

struct ObpDocsOptions {
  // Under v4.0.0+ prefixes: "created_by_bank_id" on each doc and "meta" with this date.
  std::optional<std::string> response_date;
};

// {"resource_docs":[...]} (+ "meta":{"response_date","count"}).
boost::json::object ResourceDocsJson(std::string_view api_version, const DocsFilter& filter,
                                     const ObpDocsOptions& options);
// One ResourceDocJson record, keys in the reference order.
boost::json::object ResourceDocJson(const ServedDoc& served, std::string_view api_version,
                                    bool with_created_by_bank_id);
// A Swagger 2.0 document of the same docs.
boost::json::object SwaggerJson(std::string_view api_version, const DocsFilter& filter);

// The JSON-Schema subset of the reference's typed_*_body, derived from an example.
boost::json::value TypedSchema(const boost::json::value& example);
// The reference's markdown rendering (paragraphs, hard line breaks, links, bold, italics).
std::string MarkdownToHtml(std::string_view markdown);
// description_markdown: prose, authentication sentence, URL parameters, body fields.
std::string DescriptionMarkdown(const Route& route, const RouteDoc& doc);

}  // namespace roster::api::obp
