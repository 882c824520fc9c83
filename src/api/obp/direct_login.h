// DirectLogin header parsing (obp-reference-behaviour.md §1.2). Pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/message.h"

namespace roster::api::obp {

// The parameters of a DirectLogin header value: the value is split on ',', each piece trimmed
// and split at its first '=', one leading and one trailing '"' removed from the value; only
// consumer_key, token, username and password are kept, and empty values are dropped.
std::map<std::string, std::string> ParseDirectLoginParams(std::string_view value);

// Checks each present parameter against its character set and length (512):
// kInvalidCharacters / kValueTooLong.
core::Result<void> ValidateDirectLoginParams(const std::map<std::string, std::string>& params);

// The DirectLogin parameters of a request: from the `DirectLogin` header (any case), else from
// an `Authorization: DirectLogin ...` header. kMissingDirectLoginHeader when neither header is
// there, kMissingDirectLoginWord when Authorization does not name DirectLogin.
core::Result<std::map<std::string, std::string>> DirectLoginParamsOf(const http::Request& request);

// The access token a request carries, if any. nullopt: anonymous. Errors: kUnsupportedAuthorization
// for an Authorization header of another scheme, kMissingDirectLoginParameters when a DirectLogin
// header has no token, kInvalidCharacters / kValueTooLong for a malformed token.
core::Result<std::optional<std::string>> AccessTokenOf(const http::Request& request);

}  // namespace roster::api::obp
