// The one place where a core::Error becomes an Apiture error response: the `errorResponse`
// HAL body ({"_profile", "_error": {"_id", "message", "statusCode", "type", "attributes",
// "remediation", "occurredAt", "_links": {"describedby"}}}) and its status; and, for the OAuth2
// token endpoint, the RFC 6749 error body.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "core/error.h"
#include "http/message.h"

namespace roster::api::apiture {

struct ApitureError {
  http::Status status;
  std::string type;
  std::string message;
  std::string remediation;
  boost::json::object attributes;
};

ApitureError ToApitureError(const core::Error& error);

// True for the errors that carry a challenge to complete (detail = its id): the response is a
// challengeErrorResponse with the challenge in _error._embedded.challenge.
bool CarriesChallenge(core::ErrorCode code);

// The errorResponse (or, with `challenge`, the challengeErrorResponse) for `error`.
http::Response ErrorResponse(const core::Error& error, const http::Request& request,
                             const std::optional<boost::json::object>& challenge = std::nullopt);

// {"error": "invalid_grant", "error_description": "..."} with 400 or 401 (RFC 6749 5.2).
http::Response TokenErrorResponse(const core::Error& error, const http::Request& request);

}  // namespace roster::api::apiture
