// POST /users/openBankingConsentParameters — createOpenBankingConsentParameters: the parameters
// of an open banking integration's consent component for the calling user (a user access token
// only). Optional body {"integration": "fdx", "parameters": [{"name", "value"}]}; without one the
// integration is fdx. 201 {"integration", "parameters": [{"name": "widgetUrl", "value"}]}.
#include "api/apiture/hal.h"
#include "api/apiture/handlers.h"
#include "services/configuration_service.h"

namespace roster::api::apiture {

namespace json = boost::json;
using core::ErrorCode;
using core::Fail;

core::Result<Reply> CreateOpenBankingConsentParameters(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  std::string integration = "fdx";
  std::vector<std::pair<std::string, std::string>> parameters;
  if (call.request().body().find_first_not_of(" \t\r\n") != std::string::npos) {
    auto body = call.Body();
    if (!body) return std::unexpected(body.error());
    if (const json::value* given = body->if_contains("integration")) {
      if (!given->is_string() || given->get_string().empty()) {
        return Fail(ErrorCode::kInvalidInput, "integration");
      }
      integration = given->get_string();
    }
    if (const json::value* given = body->if_contains("parameters")) {
      if (!given->is_array()) return Fail(ErrorCode::kInvalidInput, "parameters");
      for (const json::value& element : given->get_array()) {
        const json::object* parameter = element.if_object();
        const json::value* name = parameter ? parameter->if_contains("name") : nullptr;
        const json::value* value = parameter ? parameter->if_contains("value") : nullptr;
        if (name == nullptr || !name->is_string() || value == nullptr || !value->is_string()) {
          return Fail(ErrorCode::kInvalidInput, "parameters");
        }
        parameters.emplace_back(name->get_string(), value->get_string());
      }
    }
  }
  auto created = call.services().configuration.CreateOpenBankingConsentParameters(
      *caller, integration, parameters);
  if (!created) return std::unexpected(created.error());
  json::array items;
  for (const auto& [name, value] : created->parameters) {
    items.push_back(json::object{{"name", name}, {"value", value}});
  }
  json::object body{{"_profile", ProfileUri("users", "openBankingConsentParameters", "1.0.3")},
                    {"_links", {{"self", Link("/users/openBankingConsentParameters")}}},
                    {"integration", created->integration},
                    {"parameters", std::move(items)}};
  return Reply{.status = http::Status::created, .body = std::move(body)};
}

}  // namespace roster::api::apiture
