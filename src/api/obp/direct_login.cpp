#include "api/obp/direct_login.h"

#include <algorithm>
#include <array>

namespace roster::api::obp {

using core::ErrorCode;
using core::Fail;

namespace {

constexpr std::size_t kMaxParamLength = 512;
constexpr std::array<std::string_view, 4> kKnownParams = {"consumer_key", "token", "username",
                                                          "password"};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Character sets per parameter (§1.2).
bool AllowedChar(std::string_view param, char c) {
  if (param == "username")
    return IsAlnum(c) || c == '-' || c == '.' || c == '_' || c == '@' || c == ' ';
  if (param == "consumer_key") return IsAlnum(c) || c == '-';
  if (param == "token") return IsAlnum(c) || c == '-' || c == '.' || c == '_' || c == '@';
  // password: printable ASCII (letters, digits, punctuation, space).
  return c >= 0x20 && c <= 0x7e;
}

}  // namespace

std::map<std::string, std::string> ParseDirectLoginParams(std::string_view value) {
  std::map<std::string, std::string> params;
  while (!value.empty()) {
    std::size_t comma = value.find(',');
    std::string_view piece = Trim(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
    std::size_t eq = piece.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = Trim(piece.substr(0, eq));
    std::string_view val = Trim(piece.substr(eq + 1));
    if (!val.empty() && val.front() == '"') val.remove_prefix(1);
    if (!val.empty() && val.back() == '"') val.remove_suffix(1);
    if (val.empty()) continue;
    if (std::find(kKnownParams.begin(), kKnownParams.end(), key) == kKnownParams.end()) continue;
    params[std::string(key)] = std::string(val);
  }
  return params;
}

core::Result<void> ValidateDirectLoginParams(const std::map<std::string, std::string>& params) {
  for (const auto& [name, value] : params) {
    if (value.size() > kMaxParamLength) return Fail(ErrorCode::kValueTooLong, name);
    for (char c : value) {
      if (!AllowedChar(name, c)) return Fail(ErrorCode::kInvalidCharacters, name);
    }
  }
  return {};
}

core::Result<std::map<std::string, std::string>> DirectLoginParamsOf(const http::Request& request) {
  // Beast looks header names up case-insensitively.
  auto direct = request.find("DirectLogin");
  if (direct != request.end()) return ParseDirectLoginParams(direct->value());
  auto authorization = request.find(http::beast_http::field::authorization);
  if (authorization == request.end()) return Fail(ErrorCode::kMissingDirectLoginHeader);
  std::string_view value = authorization->value();
  constexpr std::string_view kWord = "DirectLogin";
  std::size_t at = value.find(kWord);
  if (at == std::string_view::npos) return Fail(ErrorCode::kMissingDirectLoginWord);
  return ParseDirectLoginParams(value.substr(at + kWord.size()));
}

core::Result<std::optional<std::string>> AccessTokenOf(const http::Request& request) {
  bool has_direct = request.find("DirectLogin") != request.end();
  auto authorization = request.find(http::beast_http::field::authorization);
  if (!has_direct) {
    if (authorization == request.end()) return std::optional<std::string>{};
    if (authorization->value().find("DirectLogin") == std::string_view::npos) {
      return Fail(ErrorCode::kUnsupportedAuthorization);
    }
  }
  auto params = DirectLoginParamsOf(request);
  if (!params) return std::unexpected(params.error());
  auto token = params->find("token");
  if (token == params->end()) return Fail(ErrorCode::kMissingDirectLoginParameters, "token");
  std::map<std::string, std::string> only_token{{"token", token->second}};
  if (auto r = ValidateDirectLoginParams(only_token); !r) return std::unexpected(r.error());
  return std::optional<std::string>(token->second);
}

}  // namespace roster::api::obp
