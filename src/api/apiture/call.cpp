#include "api/apiture/call.h"

#include <boost/url/parse.hpp>

#include "api/apiture/hal.h"
#include "services/encryption_service.h"
#include "services/oauth_service.h"

namespace roster::api::apiture {

namespace json = boost::json;
using core::ErrorCode;
using core::Fail;
using core::Result;

namespace {

constexpr int kMaxDepth = 32;

Result<void> Decrypt(json::object& object, services::EncryptionService& encryption, int depth) {
  if (depth > kMaxDepth) return Fail(ErrorCode::kInvalidJson, {}, "too deep");
  if (auto* meta = object.if_contains("_encryption")) {
    if (!meta->is_object()) return Fail(ErrorCode::kInvalidJson, "_encryption");
    json::object names = meta->as_object();
    object.erase("_encryption");
    for (const auto& [property, alias] : names) {
      json::value* value = object.if_contains(property);
      if (!alias.is_string()) return Fail(ErrorCode::kInvalidJson, "_encryption");
      if (value == nullptr) continue;
      // A string, or an array of strings each encrypted on its own (searchUsers "text").
      json::array single;
      json::array& strings = value->is_array() ? value->as_array() : single;
      if (!value->is_array()) single.push_back(*value);
      for (json::value& element : strings) {
        if (!element.is_string()) return Fail(ErrorCode::kDecryptionFailed, property);
        auto plain = encryption.Decrypt(alias.as_string(), element.as_string());
        if (!plain) {
          if (plain.error().code == ErrorCode::kDecryptionFailed) {
            return Fail(ErrorCode::kDecryptionFailed, property);
          }
          return std::unexpected(plain.error());
        }
        element = json::string(*plain);
      }
      if (!value->is_array()) *value = std::move(single.front());
    }
  }
  for (auto& [key, value] : object) {
    if (value.is_object()) {
      if (auto r = Decrypt(value.as_object(), encryption, depth + 1); !r) return r;
    } else if (value.is_array()) {
      for (auto& element : value.as_array()) {
        if (!element.is_object()) continue;
        if (auto r = Decrypt(element.as_object(), encryption, depth + 1); !r) return r;
      }
    }
  }
  return {};
}

}  // namespace

std::optional<std::string> Call::Query(std::string_view name) const {
  auto url = boost::urls::parse_origin_form(request().target());
  if (!url) return std::nullopt;
  auto params = url->params();
  auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  return std::string((*it).value);
}

Result<std::int64_t> Call::QueryInt(std::string_view name, std::int64_t fallback,
                                    std::int64_t max) const {
  auto text = Query(name);
  if (!text) return fallback;
  if (text->empty() || text->size() > 18) {
    return Fail(ErrorCode::kInvalidQueryParameter, std::string(name));
  }
  std::int64_t value = 0;
  for (char c : *text) {
    if (c < '0' || c > '9') return Fail(ErrorCode::kInvalidQueryParameter, std::string(name));
    value = value * 10 + (c - '0');
  }
  if (value > max) return Fail(ErrorCode::kInvalidQueryParameter, std::string(name));
  return value;
}

std::optional<std::string> Call::Header(std::string_view name) const {
  auto it = request().find(name);
  if (it == request().end()) return std::nullopt;
  return std::string(it->value());
}

Result<json::object> Call::Body() const {
  boost::system::error_code ec;
  json::value value = json::parse(request().body(), ec);
  if (ec) return Fail(ErrorCode::kInvalidJson, {}, ec.message());
  if (!value.is_object()) return Fail(ErrorCode::kInvalidJson, {}, "not an object");
  if (auto r = Decrypt(value.as_object(), services_.encryption, 0); !r) {
    return std::unexpected(r.error());
  }
  return std::move(value.as_object());
}

Result<services::ScopedPrincipal> Call::Authenticate(bool bearer_required) {
  std::string api_key = Header("API-Key").value_or("");
  std::string bearer;
  if (auto authorization = Header("Authorization")) {
    std::string_view text = *authorization;
    constexpr std::string_view kScheme = "Bearer ";
    if (text.size() <= kScheme.size() ||
        !std::equal(kScheme.begin(), kScheme.end(), text.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return Fail(ErrorCode::kNotAuthenticated);
    }
    bearer = std::string(text.substr(kScheme.size()));
    while (!bearer.empty() && bearer.front() == ' ') bearer.erase(0, 1);
  }
  if (api_key.empty() || (bearer_required && bearer.empty())) {
    return Fail(ErrorCode::kNotAuthenticated);
  }
  return services_.oauth.Authenticate(api_key, bearer);
}

const Result<services::ScopedPrincipal>& Call::Caller() {
  if (!caller_) caller_ = Authenticate(true);
  return *caller_;
}

const Result<services::ScopedPrincipal>& Call::Client() {
  if (!caller_) caller_ = Authenticate(false);
  return *caller_;
}

Result<std::optional<std::int64_t>> Call::IfMatchVersion() const {
  auto value = Header("If-Match");
  if (!value) return std::optional<std::int64_t>{};
  std::string_view text = *value;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text == "*") return std::optional<std::int64_t>{};
  auto version = VersionOfEtag(text);
  if (!version) return Fail(ErrorCode::kPreconditionFailed);
  return std::optional<std::int64_t>{*version};
}

}  // namespace roster::api::apiture
