// The one place where a core::Error becomes an OBP error response:
// {"code":<status>,"message":"OBP-NNNNN: <text><detail>"} with the reference status codes
// (obp-reference-behaviour.md §3).
#pragma once

#include <string>

#include "core/error.h"
#include "http/message.h"

namespace roster::api::obp {

struct ObpError {
  http::Status status;
  std::string message;
};

ObpError ToObpError(const core::Error& error, const http::Request& request);

http::Response ErrorResponse(const core::Error& error, const http::Request& request);

}  // namespace roster::api::obp
