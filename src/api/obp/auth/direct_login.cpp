#include "api/obp/direct_login.h"

#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// POST /my/logins/direct (obp-reference-behaviour.md §1.2): 201 {"token": ...}.
core::Result<Reply> DirectLogin(Call& call) {
  auto params = DirectLoginParamsOf(call.request());
  if (!params) return std::unexpected(params.error());
  std::string missing;
  for (std::string_view name : {"username", "password", "consumer_key"}) {
    if (params->contains(std::string(name))) continue;
    if (!missing.empty()) missing += ", ";
    missing += name;
  }
  if (!missing.empty()) return core::Fail(core::ErrorCode::kMissingDirectLoginParameters, missing);
  if (auto valid = ValidateDirectLoginParams(*params); !valid) {
    return std::unexpected(valid.error());
  }
  auto token = call.services().auth.LoginWithPassword(
      params->at("username"), params->at("password"), params->at("consumer_key"));
  if (!token) return std::unexpected(token.error());
  return Reply{http::Status::created, json::object{{"token", *token}}};
}

}  // namespace roster::api::obp
