#include "api/obp/json.h"

#include <cstdio>
#include <ctime>

namespace roster::api::obp {

std::string FormatDate(core::TimePoint time) {
  std::time_t seconds = time.time_since_epoch().count();
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return buffer;
}

http::Response JsonResponse(http::Status status, const json::value& body,
                            const http::Request& request) {
  http::Response response{status, request.version()};
  response.set(http::beast_http::field::content_type, "application/json; charset=utf-8");
  response.body() = json::serialize(body);
  response.keep_alive(request.keep_alive());
  response.prepare_payload();
  return response;
}

core::Result<json::object> ParseObject(std::string_view body) {
  boost::system::error_code ec;
  json::value value = json::parse(body, ec);
  if (ec) return core::Fail(core::ErrorCode::kInvalidJson, {}, ec.message());
  if (!value.is_object()) return core::Fail(core::ErrorCode::kInvalidJson, {}, "not an object");
  return std::move(value.as_object());
}

core::Result<std::string> RequiredString(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || !value->is_string()) {
    return core::Fail(core::ErrorCode::kInvalidJson, {}, std::string(key));
  }
  return std::string(value->as_string());
}

json::object EntitlementJson(const core::Entitlement& entitlement) {
  return {{"entitlement_id", entitlement.id},
          {"role_name", entitlement.role_name},
          {"bank_id", entitlement.bank_id}};
}

json::object EntitlementListJson(const std::vector<core::Entitlement>& entitlements,
                                 bool with_user_id) {
  json::array list;
  list.reserve(entitlements.size());
  for (const auto& entitlement : entitlements) {
    json::object item = EntitlementJson(entitlement);
    if (with_user_id) item["user_id"] = entitlement.user_id;
    list.push_back(std::move(item));
  }
  return {{"list", std::move(list)}};
}

json::object UserJsonV200(const services::UserDetails& details) {
  const core::User& user = details.user;
  return {{"user_id", user.id},
          {"email", user.email},
          {"provider_id", user.provider_id},
          {"provider", user.provider},
          {"username", user.username},
          {"entitlements", EntitlementListJson(details.entitlements, false)}};
}

namespace {

// {"list":[{bank_id, account_id, view_id}]}
json::object ViewsJson(const std::vector<core::AccountAccess>& views) {
  json::array list;
  for (const auto& view : views) {
    list.push_back(json::object{
        {"bank_id", view.bank_id}, {"account_id", view.account_id}, {"view_id", view.view_id}});
  }
  return {{"list", std::move(list)}};
}

}  // namespace

json::object UserJsonV300(const services::UserDetails& details) {
  // The reference omits `views` for a user without account access.
  json::object out = UserJsonV200(details);
  if (!details.views.empty()) out["views"] = ViewsJson(details.views);
  return out;
}

json::object UserJsonV400(const services::UserDetails& details) {
  json::object out = UserJsonV300(details);
  out["is_deleted"] = details.user.IsDeleted();
  out["is_locked"] = details.is_locked;
  return out;
}

json::object LockStatusJson(const services::LockStatus& status) {
  return {{"username", status.username},
          {"bad_attempts_since_last_success_or_reset", status.bad_attempts},
          {"last_failure_date", FormatDate(status.last_failure_date)}};
}

json::object BankJson(const core::Bank& bank) {
  return {
      {"id", bank.id}, {"bank_code", bank.short_name},  {"full_name", bank.full_name}, {"logo", ""},
      {"website", ""}, {"bank_routings", json::array{}}};
}

}  // namespace roster::api::obp
