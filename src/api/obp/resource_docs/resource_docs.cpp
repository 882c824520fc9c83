#include "api/obp/resource_docs/resource_docs.h"

#include <algorithm>
#include <boost/beast/http/verb.hpp>
#include <cctype>
#include <map>
#include <set>

#include "api/obp/versions.h"

namespace roster::api::obp {

namespace json = boost::json;

namespace {

constexpr std::string_view kAuthRequired =
    "User Authentication is Required. The User must be logged in. The Application must also be "
    "authenticated.";
constexpr std::string_view kAuthOptional =
    "User Authentication is Optional. The User need not be logged in.";

struct ParamDoc {
  std::string_view name;
  std::string_view glossary;
  std::string_view example;
};

// Glossary anchors and example values of the URL parameters (obp-resource-docs-sample.json).
constexpr ParamDoc kParamDocs[] = {
    {"ACCOUNT_ID", "Account.account_id", "8ca8a7e4-6d02-40e3-a129-0b2bf89de9f0"},
    {"API_VERSION", "API.version", "v5.0.0"},
    {"AUTH_CONTEXT_UPDATE_ID", "", "613c83ea-80f9-4560-8404-b9cd4ec42a7f"},
    {"BANK_ID", "Bank.bank_id", "gh.29.uk"},
    {"EMAIL", "User.email", "felixsmith@example.com"},
    {"ENTITLEMENT_ID", "", "6fb17583-1e49-4435-bb74-a14fe0996723"},
    {"ENTITLEMENT_REQUEST_ID", "", "6fb17583-1e49-4435-bb74-a14fe0996723"},
    {"PROVIDER", "User.provider", "http://127.0.0.1:8080"},
    {"PROVIDER_ID", "User.provider_id", "Chris"},
    {"SCA_METHOD", "", "SMS"},
    {"USERNAME", "User.username", "felixsmith"},
    {"USER_ATTRIBUTE_ID", "", "7uy8a7e4-6d02-40e3-a129-0b2bf89de8uh"},
    {"USER_AUTH_CONTEXT_ID", "", "613c83ea-80f9-4560-8404-b9cd4ec42a7f"},
    {"USER_ID", "User.user_id", "9ca9a7e4-6d02-40e3-a129-0b2bf89de9b1"},
};

bool IsPlaceholder(std::string_view segment) {
  return segment.size() >= 2 && std::all_of(segment.begin(), segment.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || c == '_';
         });
}

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    if (path.front() == '/') path.remove_prefix(1);
    std::size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  }
  return out;
}

// Sorted, without duplicates.
std::vector<std::string> PathParams(std::string_view path) {
  std::set<std::string> params;
  for (auto segment : Segments(path)) {
    if (IsPlaceholder(segment)) params.emplace(segment);
  }
  return {params.begin(), params.end()};
}

std::string VerbName(http::Verb verb) { return std::string(boost::beast::http::to_string(verb)); }

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string Summary(std::string_view summary) {
  while (!summary.empty() && (summary.back() == '.' || summary.back() == ' ')) {
    summary.remove_suffix(1);
  }
  return std::string(summary);
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// The example as JSON; an empty text (no body) is the reference's EmptyClassJson, {}.
json::value Example(std::string_view text) {
  if (text.empty()) return json::object{};
  return json::parse(text);
}

// Every member name in the example, with its example value ("" for objects and arrays).
void CollectFields(const json::value& value, std::map<std::string, std::string>& fields) {
  if (value.is_array()) {
    for (const auto& item : value.get_array()) CollectFields(item, fields);
    return;
  }
  if (!value.is_object()) return;
  for (const auto& [key, member] : value.get_object()) {
    std::string example;
    if (member.is_string()) {
      example = std::string(member.get_string());
    } else if (!member.is_object() && !member.is_array() && !member.is_null()) {
      example = json::serialize(member);
    }
    auto [it, inserted] = fields.emplace(std::string(key), example);
    if (!inserted && it->second.empty()) it->second = example;
    CollectFields(member, fields);
  }
}

std::string FieldSection(std::string_view title, const json::value& example) {
  std::map<std::string, std::string> fields;
  CollectFields(example, fields);
  if (fields.empty()) return {};
  std::string out = "**" + std::string(title) + "**\n\n\n\n";
  bool first = true;
  for (const auto& [name, value] : fields) {
    if (!first) out += "\n\n\n\n";
    first = false;
    out += "[**" + name + "**](/glossary#" + name + "): " + value;
  }
  return out + "\n\n\n";
}

std::string ParamSection(std::string_view path) {
  auto params = PathParams(path);
  if (params.empty()) return {};
  std::string out = "**URL Parameters:**\n\n";
  bool first = true;
  for (const auto& name : params) {
    std::string glossary;
    std::string example = Lower(name);
    for (const auto& doc : kParamDocs) {
      if (doc.name == name) {
        glossary = doc.glossary;
        example = doc.example;
      }
    }
    if (!first) out += "\n\n\n\n";
    first = false;
    out += "[" + name + "](/glossary#" + glossary + "): " + example;
  }
  return out + "\n\n\n";
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Replaces the pairs `open`text`open` on one line by <tag>text</tag>; an unpaired marker stays.
std::string Emphasis(std::string line, std::string_view marker, std::string_view tag) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t start = line.find(marker, pos);
    if (start == std::string::npos) break;
    std::size_t end = line.find(marker, start + marker.size());
    bool valid = end != std::string::npos && end > start + marker.size() &&
                 line[start + marker.size()] != ' ' && line[end - 1] != ' ';
    if (!valid) break;
    out += line.substr(pos, start - pos);
    out += "<" + std::string(tag) + ">" +
           line.substr(start + marker.size(), end - start - marker.size()) + "</" +
           std::string(tag) + ">";
    pos = end + marker.size();
  }
  return out + line.substr(pos);
}

// [text](url) -> <a href="url">text</a>
std::string Links(std::string line) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t open = line.find('[', pos);
    if (open == std::string::npos) break;
    std::size_t close = line.find("](", open);
    std::size_t end = close == std::string::npos ? close : line.find(')', close);
    if (end == std::string::npos) break;
    out += line.substr(pos, open - pos);
    out += "<a href=\"" + line.substr(close + 2, end - close - 2) + "\">" +
           line.substr(open + 1, close - open - 1) + "</a>";
    pos = end + 1;
  }
  return out + line.substr(pos);
}

std::string InlineHtml(std::string_view line) {
  std::string out = Links(EscapeHtml(Trim(line)));
  out = Emphasis(std::move(out), "**", "strong");
  return Emphasis(std::move(out), "*", "em");
}

std::string PascalCase(std::string_view name) {
  std::string out(name);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string SwaggerPath(std::string_view prefix, std::string_view path) {
  std::string out(prefix);
  for (auto segment : Segments(path)) {
    out += '/';
    out += IsPlaceholder(segment) ? "{" + std::string(segment) + "}" : std::string(segment);
  }
  return out;
}

std::string_view SuccessCode(http::Verb verb) {
  if (verb == http::Verb::post) return "201";
  if (verb == http::Verb::delete_) return "204";
  return "200";
}

// A schema for Swagger: a $ref into `definitions` for objects and arrays, inline otherwise.
json::value SwaggerSchema(const json::value& example, const std::string& name,
                          json::object& definitions) {
  json::value schema = TypedSchema(example);
  if (!example.is_object() && !example.is_array()) return schema;
  definitions[name] = std::move(schema);
  return json::object{{"$ref", "#/definitions/" + name}};
}

}  // namespace

const RouteDoc* FindRouteDoc(std::string_view function, std::string_view implemented_in) {
  for (const RouteDoc& doc : RouteDocs()) {
    if (doc.function == function && doc.implemented_in == implemented_in) return &doc;
  }
  return nullptr;
}

std::optional<std::string> ParseApiVersion(std::string_view text) {
  if (text.starts_with("OBP")) text.remove_prefix(3);
  if (!VersionIndex(text)) return std::nullopt;
  return std::string(text);
}

std::string InvalidApiVersionMessage(std::string_view text) {
  return "OBP-00027: Invalid API Version string. We could not find the version specified. " +
         std::string(text);
}

std::vector<std::string> SplitCommaList(std::string_view list) {
  std::vector<std::string> out;
  while (true) {
    std::size_t comma = list.find(',');
    auto item = Trim(list.substr(0, comma));
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

std::vector<ServedDoc> ServedDocs(std::string_view api_version, const DocsFilter& filter) {
  // The newest implementation of each function served at the version.
  std::map<std::string_view, const Route*> newest;
  for (const Route& route : Routes()) {
    if (route.implemented_in.empty()) continue;
    if (!Serves(api_version, route.implemented_in, route.function)) continue;
    auto [it, inserted] = newest.emplace(route.function, &route);
    if (!inserted &&
        VersionIndex(route.implemented_in) > VersionIndex(it->second->implemented_in)) {
      it->second = &route;
    }
  }
  auto wanted = [](const std::vector<std::string>& filter, std::string_view value) {
    return std::find(filter.begin(), filter.end(), value) != filter.end();
  };
  std::vector<ServedDoc> out;
  for (const auto& [function, route] : newest) {
    const RouteDoc* doc = FindRouteDoc(route->function, route->implemented_in);
    if (doc == nullptr) continue;
    if (!filter.functions.empty() && !wanted(filter.functions, doc->function)) continue;
    if (!filter.tags.empty() && std::none_of(doc->tags.begin(), doc->tags.end(),
                                             [&](auto tag) { return wanted(filter.tags, tag); })) {
      continue;
    }
    out.push_back({route, doc});
  }
  auto key = [](const ServedDoc& d) {
    return std::pair("/obp/" + std::string(d.route->implemented_in) + std::string(d.route->path),
                     VerbName(d.route->verb));
  };
  std::sort(out.begin(), out.end(),
            [&](const ServedDoc& a, const ServedDoc& b) { return key(a) < key(b); });
  return out;
}

json::value TypedSchema(const json::value& example) {
  switch (example.kind()) {
    case json::kind::object: {
      json::object properties;
      for (const auto& [key, member] : example.get_object()) properties[key] = TypedSchema(member);
      return json::object{{"type", "object"}, {"properties", std::move(properties)}};
    }
    case json::kind::array: {
      const auto& items = example.get_array();
      return json::object{{"type", "array"},
                          {"items", items.empty() ? json::value(json::object{{"type", "string"}})
                                                  : TypedSchema(items.front())}};
    }
    case json::kind::bool_:
      return json::object{{"type", "boolean"}};
    case json::kind::int64:
    case json::kind::uint64:
      return json::object{{"type", "integer"}};
    case json::kind::double_:
      return json::object{{"type", "number"}};
    default:
      return json::object{{"type", "string"}};
  }
}

std::string MarkdownToHtml(std::string_view markdown) {
  std::string out;
  std::vector<std::string_view> paragraph;
  auto flush = [&] {
    if (paragraph.empty()) return;
    out += "<p>";
    for (std::size_t i = 0; i < paragraph.size(); ++i) {
      if (i > 0) out += "<br />\n";
      out += InlineHtml(paragraph[i]);
    }
    out += "</p>\n";
    paragraph.clear();
  };
  while (true) {
    std::size_t newline = markdown.find('\n');
    std::string_view line = markdown.substr(0, newline);
    if (Trim(line).empty()) {
      flush();
    } else {
      paragraph.push_back(line);
    }
    if (newline == std::string_view::npos) break;
    markdown.remove_prefix(newline + 1);
  }
  flush();
  return out;
}

std::string DescriptionMarkdown(const Route& route, const RouteDoc& doc) {
  std::string out(Trim(doc.description));
  out += "\n\n";
  out += doc.auth_required ? kAuthRequired : kAuthOptional;
  out += "\n\n\n";
  std::vector<std::string> sections;
  sections.push_back(ParamSection(route.path));
  if (!doc.example_request_body.empty()) {
    sections.push_back(
        FieldSection("JSON request body fields:", Example(doc.example_request_body)));
  }
  sections.push_back(
      FieldSection("JSON response body fields:", Example(doc.success_response_body)));
  std::erase_if(sections, [](const std::string& s) { return s.empty(); });
  for (std::size_t i = 0; i < sections.size(); ++i) {
    if (i > 0) out += "\n\n\n";
    out += sections[i];
  }
  return out;
}

json::object ResourceDocJson(const ServedDoc& served, std::string_view api_version,
                             bool with_created_by_bank_id) {
  const Route& route = *served.route;
  const RouteDoc& doc = *served.doc;
  std::string implemented_in(route.implemented_in);
  std::string markdown = DescriptionMarkdown(route, doc);
  json::value request = Example(doc.example_request_body);
  json::value response = Example(doc.success_response_body);

  json::object out;
  out["operation_id"] = "OBP" + implemented_in + "-" + std::string(route.function);
  out["implemented_by"] = {{"version", "OBP" + implemented_in}, {"function", route.function}};
  out["request_verb"] = VerbName(route.verb);
  out["request_url"] = "/obp/" + implemented_in + std::string(route.path);
  out["summary"] = Summary(doc.summary);
  out["description"] = MarkdownToHtml(markdown);
  out["description_markdown"] = markdown;
  out["example_request_body"] = request;
  out["success_response_body"] = response;
  json::array errors;
  for (auto error : doc.errors) errors.emplace_back(error);
  out["error_response_bodies"] = std::move(errors);
  json::array tags;
  for (auto tag : doc.tags) tags.emplace_back(tag);
  out["tags"] = std::move(tags);
  out["typed_request_body"] = TypedSchema(request);
  out["typed_success_response_body"] = TypedSchema(response);
  // As the reference: the key is left out when no role is required.
  if (!doc.roles.empty()) {
    json::array roles;
    for (const auto& role : doc.roles) {
      roles.push_back(
          json::object{{"role", role.role}, {"requires_bank_id", role.requires_bank_id}});
    }
    out["roles"] = std::move(roles);
  }
  out["is_featured"] = false;
  out["special_instructions"] = "";
  out["specified_url"] = "/obp/" + std::string(api_version) + std::string(route.path);
  out["connector_methods"] = json::array{};
  // Static docs belong to no bank (only dynamic, bank-level docs carry one).
  if (with_created_by_bank_id) out["created_by_bank_id"] = nullptr;
  return out;
}

json::object ResourceDocsJson(std::string_view api_version, const DocsFilter& filter,
                              const ObpDocsOptions& options) {
  json::array docs;
  for (const auto& served : ServedDocs(api_version, filter)) {
    docs.push_back(ResourceDocJson(served, api_version, options.response_date.has_value()));
  }
  json::object out;
  std::size_t count = docs.size();
  out["resource_docs"] = std::move(docs);
  if (options.response_date) {
    out["meta"] = {{"response_date", *options.response_date}, {"count", count}};
  }
  return out;
}

json::object SwaggerJson(std::string_view api_version, const DocsFilter& filter) {
  json::object paths;
  json::object definitions;
  definitions["Error"] = {
      {"type", "object"},
      {"required", json::array{"code", "message"}},
      {"properties",
       {{"code", {{"type", "integer"}, {"example", 400}}},
        {"message", {{"type", "string"}, {"example", "OBP-10001: Incorrect json format."}}}}}};

  for (const auto& [route, doc] : ServedDocs(api_version, filter)) {
    std::string base = PascalCase(route->function);
    json::object operation;
    json::array tags;
    for (auto tag : doc->tags) tags.emplace_back(tag);
    operation["tags"] = std::move(tags);
    operation["summary"] = Summary(doc->summary);
    std::string html = MarkdownToHtml(DescriptionMarkdown(*route, *doc));
    std::erase(html, '\n');
    operation["description"] = html;
    operation["operationId"] =
        "OBP" + std::string(route->implemented_in) + "-" + std::string(route->function);
    operation["produces"] = json::array{"application/json"};

    json::array parameters;
    for (const auto& name : PathParams(route->path)) {
      parameters.push_back(json::object{{"in", "path"},
                                        {"name", name},
                                        {"description", "the " + name},
                                        {"required", true},
                                        {"type", "string"}});
    }
    if (!doc->example_request_body.empty()) {
      parameters.push_back(json::object{
          {"in", "body"},
          {"name", "body"},
          {"description", base + "RequestBody object that needs to be added."},
          {"required", true},
          {"schema",
           SwaggerSchema(Example(doc->example_request_body), base + "RequestBody", definitions)}});
      operation["consumes"] = json::array{"application/json"};
    }
    operation["parameters"] = std::move(parameters);

    std::string_view code = SuccessCode(route->verb);
    json::object success{{"description", "Success"}};
    if (code != "204" && !doc->success_response_body.empty()) {
      success["schema"] =
          SwaggerSchema(Example(doc->success_response_body), base + "ResponseBody", definitions);
    }
    json::object responses;
    responses[code] = std::move(success);
    responses["400"] = {{"description", "Error"}, {"schema", {{"$ref", "#/definitions/Error"}}}};
    operation["responses"] = std::move(responses);

    std::string url = SwaggerPath("/obp/" + std::string(api_version), route->path);
    if (!paths.contains(url)) paths[url] = json::object{};
    paths[url].as_object()[Lower(VerbName(route->verb))] = std::move(operation);
  }

  json::object out;
  out["swagger"] = "2.0";
  out["info"] = {{"title", "Open Bank Project API"},
                 {"description", "The OBP user API served by Roster."},
                 {"version", api_version}};
  out["basePath"] = "/";
  out["schemes"] = json::array{"http", "https"};
  out["securityDefinitions"] = {
      {"DirectLogin", {{"type", "apiKey"}, {"name", "DirectLogin"}, {"in", "header"}}},
      {"GatewayLogin", {{"type", "apiKey"}, {"name", "GatewayLogin"}, {"in", "header"}}}};
  out["security"] = json::array{json::object{{"DirectLogin", json::array{}}},
                                json::object{{"GatewayLogin", json::array{}}}};
  out["paths"] = std::move(paths);
  out["definitions"] = std::move(definitions);
  return out;
}

}  // namespace roster::api::obp
