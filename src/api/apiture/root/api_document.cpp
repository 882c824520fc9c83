#include "api/apiture/root/api_document.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "api/apiture/hal.h"
#include "api/apiture/routes.h"
#include "core/scopes.h"

namespace roster::api::apiture {

namespace json = boost::json;

namespace {

constexpr std::string_view kHal = "application/hal+json";
constexpr std::string_view kJson = "application/json";
constexpr std::string_view kForm = "application/x-www-form-urlencoded";

// clang-format off
constexpr OperationDoc kDocs[] = {
    {"getApi", "Top-level resources and operations in this API", "API", 200, true, ""},
    {"getApiDoc", "Return API definition document", "API", 200, true, ""},
    {"getLabels", "Localized Labels", "API", 200, true, ""},
    {"getUsers", "Return a collection of users", "Users", 200, false, ""},
    {"createUser", "Create a new user", "Users", 201, false, kHal},
    {"searchUsers", "Find users by text search strings", "Users", 200, false, kHal},
    {"lookupUsers", "Find existing registered user", "Users", 200, false, kHal},
    {"getUser", "Fetch a representation of this user", "Users", 200, false, ""},
    {"updateUser", "Update this user", "Users", 200, false, kHal},
    {"patchUser", "Update this user", "Users", 200, false, kHal},
    {"getUserConstraints", "Fetch a representation of this user's constraints", "Users", 200, false, ""},
    {"updateUserConstraints", "Update this user's constraints", "Users", 200, false, kHal},
    {"patchUserConstraints", "Update this user's constraints", "Users", 200, false, kHal},
    {"addUserTrackingIds", "Add tracking IDs to a user", "Users", 200, false, kHal},
    {"getUserTrackingIds", "Fetch the user's tracking IDs", "Users", 200, false, ""},
    {"removeUser", "Remove a user", "User Actions", 200, false, ""},
    {"activateUser", "Activate a user", "User Actions", 200, false, ""},
    {"deactivateUser", "Deactivate a user", "User Actions", 200, false, ""},
    {"lockUser", "Lock a user", "User Actions", 200, false, ""},
    {"freezeUser", "Freeze a user", "User Actions", 200, false, ""},
    {"getAddresses", "Get user's addresses", "Addresses", 200, false, ""},
    {"createAddress", "Create a new address", "Addresses", 201, false, kHal},
    {"getAddress", "Fetch a representation of this address", "Addresses", 200, false, ""},
    {"deleteAddress", "Delete this address resource", "Addresses", 204, false, ""},
    {"setPreferredAddress", "Set Preferred Mailing Address", "Addresses", 200, false, ""},
    {"setTaxAddress", "Set Tax Address", "Addresses", 200, false, ""},
    {"getEmailAddresses", "Get user's email addresses", "Email Addresses", 200, false, ""},
    {"createEmailAddress", "Create a new email address", "Email Addresses", 201, false, kHal},
    {"getEmailAddress", "Fetch a representation of this email address", "Email Addresses", 200, false, ""},
    {"deleteEmailAddress", "Delete this email address resource", "Email Addresses", 204, false, ""},
    {"setPreferredEmailAddress", "Set Preferred Email Address", "Email Addresses", 200, false, ""},
    {"getPhoneNumbers", "Get user's phone numbers", "Phone Numbers", 200, false, ""},
    {"createPhoneNumber", "Create a new phone number", "Phone Numbers", 201, false, kHal},
    {"getPhoneNumber", "Fetch a representation of this phone number", "Phone Numbers", 200, false, ""},
    {"deletePhoneNumber", "Delete this phone number resource", "Phone Numbers", 204, false, ""},
    {"setPreferredPhoneNumber", "Set Preferred Phone Number", "Phone Numbers", 200, false, ""},
    {"getEncryptionKeys", "Get client-side encryption keys", "Encryption", 200, true, ""},
    {"createOpenBankingConsentParameters", "Generate open banking consent parameters", "Third Party Consent", 201, false, kHal},
    {"getConfigurationGroups", "Return a collection of configuration groups", "Configuration", 200, false, ""},
    {"getConfigurationGroup", "Fetch a representation of this configuration group", "Configuration", 200, false, ""},
    {"getConfigurationGroupSchema", "Fetch the schema for this configuration group", "Configuration", 200, false, ""},
    {"getConfigurationGroupValues", "Fetch the values for the specified configuration group", "Configuration", 200, false, ""},
    {"updateConfigurationGroupValues", "Update the values for the specified configuration group", "Configuration", 200, false, kHal},
    {"getConfigurationGroupValue", "Fetch a single value associated with the specified configuration group", "Configuration", 200, false, ""},
    {"updateConfigurationGroupValue", "Update a single value associated with the specified configuration group", "Configuration", 200, false, kJson},
    {"createToken", "Obtain an OAuth2 access token (password, refresh_token or client_credentials grant)", "Authentication", 200, true, kForm},
};

// Responses that are plain JSON rather than HAL.
constexpr std::string_view kPlainJson[] = {
    "getApiDoc", "getConfigurationGroupSchema", "getConfigurationGroupValues",
    "updateConfigurationGroupValues", "getConfigurationGroupValue",
    "updateConfigurationGroupValue", "createToken"};

// The links of the root resource: relation and href (each a route; api_document_test checks).
constexpr std::pair<std::string_view, std::string_view> kRootLinks[] = {
    {"apiture:apiDoc", "/users/apiDoc"},
    {"apiture:labels", "/users/labels"},
    {"apiture:users", "/users/users"},
    {"apiture:userSearch", "/users/userSearch"},
    {"apiture:userLookup", "/users/userLookup"},
    {"apiture:activeUsers", "/users/activeUsers"},
    {"apiture:inactiveUsers", "/users/inactiveUsers"},
    {"apiture:lockedUsers", "/users/lockedUsers"},
    {"apiture:frozenUsers", "/users/frozenUsers"},
    {"apiture:removedUsers", "/users/removedUsers"},
    {"apiture:encryptionKeys", "/users/encryptionKeys"},
    {"apiture:openBankingConsentParameters", "/users/openBankingConsentParameters"},
    {"apiture:configurationGroups", "/users/configurations/groups"},
    {"apiture:token", "/auth/oauth2/token"},
};
// clang-format on

const OperationDoc* FindDoc(std::string_view operation_id) {
  for (const OperationDoc& doc : kDocs) {
    if (doc.operation_id == operation_id) return &doc;
  }
  return nullptr;
}

// "startAuthenticator" -> "Start authenticator": the summary of an operation the table misses.
std::string SummaryOf(std::string_view operation_id) {
  std::string out;
  for (char c : operation_id) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      out += ' ';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string_view MethodName(http::Verb verb) {
  switch (verb) {
    case http::Verb::get:
      return "get";
    case http::Verb::post:
      return "post";
    case http::Verb::put:
      return "put";
    case http::Verb::patch:
      return "patch";
    case http::Verb::delete_:
      return "delete";
    default:
      return "options";
  }
}

std::string_view StatusText(int status) {
  switch (status) {
    case 201:
      return "Created.";
    case 204:
      return "No Content.";
    default:
      return "OK.";
  }
}

json::array PathParameters(std::string_view path) {
  json::array parameters;
  std::size_t open = path.find('{');
  while (open != std::string_view::npos) {
    std::size_t close = path.find('}', open);
    if (close == std::string_view::npos) break;
    parameters.push_back(json::object{{"name", path.substr(open + 1, close - open - 1)},
                                      {"in", "path"},
                                      {"required", true},
                                      {"schema", {{"type", "string"}}}});
    open = path.find('{', close);
  }
  return parameters;
}

json::object Operation(const Route& route) {
  const OperationDoc* doc = FindDoc(route.operation_id);
  const bool api_key_only = doc != nullptr && doc->api_key_only;
  const int status = doc != nullptr ? doc->status : 200;
  std::string tag = doc != nullptr ? std::string(doc->tag)
                                   : (route.path.starts_with("/auth") ? "Authentication" : "Users");
  json::object operation;
  operation["operationId"] = route.operation_id;
  operation["summary"] = doc != nullptr ? std::string(doc->summary) : SummaryOf(route.operation_id);
  operation["tags"] = json::array{json::string(tag)};
  if (json::array parameters = PathParameters(route.path); !parameters.empty()) {
    operation["parameters"] = std::move(parameters);
  }
  json::array security;
  if (api_key_only) {
    security.push_back(json::object{{"apiKey", json::array{}}});
  } else {
    security.push_back(json::object{{"apiKey", json::array{}}, {"accessToken", json::array{}}});
  }
  operation["security"] = std::move(security);
  if (doc != nullptr && !doc->body_media.empty()) {
    operation["requestBody"] = json::object{
        {"content", json::object{{doc->body_media, json::object{{"schema", json::object{}}}}}}};
  }
  bool plain = std::find(std::begin(kPlainJson), std::end(kPlainJson), route.operation_id) !=
               std::end(kPlainJson);
  json::object success{{"description", StatusText(status)}};
  if (status != 204) {
    success["content"] =
        json::object{{plain ? kJson : kHal, json::object{{"schema", json::object{}}}}};
  }
  json::object responses;
  responses[std::to_string(status)] = std::move(success);
  responses["default"] = json::object{
      {"description", "An error: the errorResponse body with the error type in _error.type."},
      {"content", json::object{{kHal, json::object{{"schema", json::object{{"$ref",
                                                                            "#/components/schemas/"
                                                                            "errorResponse"}}}}}}}};
  operation["responses"] = std::move(responses);
  return operation;
}

json::object Components() {
  json::object scopes;
  static constexpr std::pair<std::string_view, std::string_view> kScopes[] = {
      {core::kProfilesRead, "Read access to user and contact related resources."},
      {core::kProfilesWrite, "Write (update) access to user and contact related resources."},
      {core::kProfilesDelete, "Delete access to user and contact related resources."},
      {core::kProfilesReadPii,
       "Read access to personally identifiable information such as tax ID numbers, phone "
       "numbers, email and postal addresses. This must be granted in addition to the "
       "profiles/read scope in order to read such data, but is included in the profiles/full "
       "scope."},
      {core::kProfilesFull, "Full access to user and contact related resources."},
      {core::kAdminRead, "Read access to system configuration or profile data."},
      {core::kAdminWrite,
       "Write (update) access to user and contact related resources just for administrative "
       "roles."},
      {core::kAdminDelete, "Delete access to system configuration."},
      {core::kAdminFull, "Full access to system configuration."}};
  for (const auto& [scope, text] : kScopes) scopes[scope] = text;
  constexpr std::string_view kTokenUrl = "/auth/oauth2/token";
  json::object schemes{
      {"apiKey",
       {{"type", "apiKey"},
        {"in", "header"},
        {"name", "API-Key"},
        {"description",
         "API Key based authentication. Each client application must pass its private, unique "
         "API key via the API-Key: {api-key} request header."}}},
      {"accessToken",
       {{"type", "oauth2"},
        {"description",
         "OAuth2 access token authentication: pass the access token from the token URL in the "
         "Authorization: Bearer {access-token} header, together with the API-Key header."},
        {"flows",
         {{"password", {{"tokenUrl", kTokenUrl}, {"refreshUrl", kTokenUrl}, {"scopes", scopes}}},
          {"clientCredentials", {{"tokenUrl", kTokenUrl}, {"scopes", scopes}}}}}}}};
  json::object error_response{{"type", "object"},
                              {"properties",
                               {{"_profile", {{"type", "string"}, {"format", "uri"}}},
                                {"_error",
                                 {{"type", "object"},
                                  {"properties",
                                   {{"_id", {{"type", "string"}}},
                                    {"message", {{"type", "string"}}},
                                    {"statusCode", {{"type", "integer"}}},
                                    {"type", {{"type", "string"}}},
                                    {"attributes", {{"type", "object"}}},
                                    {"remediation", {{"type", "string"}}},
                                    {"occurredAt", {{"type", "string"}, {"format", "date-time"}}},
                                    {"_links", {{"type", "object"}}}}}}}}}};
  return {{"securitySchemes", std::move(schemes)},
          {"schemas", {{"errorResponse", std::move(error_response)}}}};
}

json::object BuildOpenApi() {
  json::object paths;
  std::vector<std::string> tags;
  for (const Route& route : Routes()) {
    json::value& item = paths[route.path];
    if (!item.is_object()) item = json::object{};
    json::object operation = Operation(route);
    std::string tag(operation["tags"].as_array()[0].as_string());
    if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
    item.as_object()[MethodName(route.verb)] = std::move(operation);
  }
  json::array tag_list;
  for (const std::string& tag : tags) tag_list.push_back(json::object{{"name", tag}});
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "Users"},
            {"version", kApiVersion},
            {"description",
             "The Apiture Users API v0.40.1 as served by Roster: users, their contact items, "
             "constraints and tracking IDs, labels, encryption keys and configuration groups. "
             "Generated from Roster's route table."}}},
          {"servers", json::array{json::object{{"url", "/"}}}},
          {"tags", std::move(tag_list)},
          {"paths", std::move(paths)},
          {"components", Components()}};
}

}  // namespace

std::span<const OperationDoc> OperationDocs() { return kDocs; }

json::object ApiRoot() {
  json::object links{{"self", Link("/users/")}};
  for (const auto& [relation, href] : kRootLinks) links[relation] = Link(href);
  return {{"_profile", ProfileUri("common", "root", "2.1.1")},
          {"_links", std::move(links)},
          {"_id", "users"},
          {"id", "users"},
          {"name", "Users"},
          {"apiVersion", kApiVersion}};
}

const json::object& OpenApiDocument() {
  static const json::object kDocument = BuildOpenApi();
  return kDocument;
}

}  // namespace roster::api::apiture
