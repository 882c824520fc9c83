// HAL+JSON building blocks of the Apiture dialect: responses, links, profiles, collections,
// entity tags and timestamps.
//
// Links are root-relative ("/users/users/{id}"): they work unchanged behind any proxy or host
// name, which absolute URLs built from the Host header would not.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/model.h"
#include "http/message.h"

namespace roster::api::apiture {

inline constexpr std::string_view kHalJson = "application/hal+json";

// "https://production.api.apiture.com/schemas/{domain}/{name}/v{version}/profile.json"
std::string ProfileUri(std::string_view domain, std::string_view name, std::string_view version);

// {"href": href}
boost::json::object Link(std::string_view href);

// A response with a JSON body of the given content type (application/hal+json by default).
http::Response HalResponse(http::Status status, const boost::json::value& body,
                           const http::Request& request, std::string_view content_type = kHalJson);

// RFC 3339 UTC with seconds ("2018-03-09T20:14:32Z"); with milliseconds when `millis`.
std::string FormatTime(core::TimePoint time);
// Parses "YYYY-MM-DDThh:mm:ss[.fff]Z" (or an offset); nullopt when malformed.
std::optional<core::TimePoint> ParseTime(std::string_view text);

// Entity tags. Versioned resources (user, constraints, configuration values) use their version;
// the others a digest of their representation.
std::string EtagOfVersion(std::int64_t version);  // "\"v7\""
// The version an If-Match / If-None-Match value names; nullopt when it names none ("*" or a
// digest tag).
std::optional<std::int64_t> VersionOfEtag(std::string_view etag);
std::string EtagOfBody(const boost::json::value& body);  // "\"h<16 hex>\""
// True when the If-None-Match header value (a list, or "*") matches `etag`. Weak comparison.
bool EtagMatches(std::string_view header_value, std::string_view etag);

// A page of a collection: {"_profile", "_links": {self, first, next?, prev?, collection},
// "name", "start", "limit", "count", "_embedded": {"items": [...]}}. `path` is the collection
// path; `query` the other query parameters already encoded ("state=active&") to carry over.
struct Page {
  std::string path;
  std::string query;
  std::string name;
  std::int64_t start = 0;
  std::int64_t limit = 100;
  std::int64_t count = 0;  // items in the whole (filtered) collection
};
boost::json::object Collection(const Page& page, boost::json::array items,
                               std::string_view profile);

}  // namespace roster::api::apiture
