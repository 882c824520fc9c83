// Apiture helpers on top of RosterServer: OAuth2 tokens from /auth/oauth2/token and requests
// carrying the API-Key and Authorization: Bearer headers (bodies as application/hal+json).
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "api/server_fixture.h"

namespace roster::apitest {

// A bearer token from the password grant for a user of `server` (with the server's consumer
// key); `scope` empty asks for every scope the user may have. "" after reporting a test
// failure.
std::string ApitureToken(RosterServer& server, std::string_view username,
                         std::string_view password = kPassword, std::string_view scope = "");
// The raw token exchange: `form` is the application/x-www-form-urlencoded body.
Reply TokenReply(RosterServer& server, const std::string& form,
                 const std::string& api_key = "");  // "" = the server's consumer key
// A token of the server's superuser (every scope), obtained once per server.
std::string AdminToken(RosterServer& server);
// A trusted consumer (roster consumer create --trusted) and a client_credentials token of it.
struct ServiceClient {
  std::string api_key;
  std::string token;
};
ServiceClient TrustedService(RosterServer& server, std::string_view scope = "");

// An Apiture request with the server's API key (or `api_key`) and, when `token` is not empty,
// the bearer token. `headers` adds or overrides headers (e.g. If-Match, Apiture-Challenge).
Reply ApitureSend(RosterServer& server, const std::string& method, const std::string& path,
                  const std::string& token, const std::string& body = "",
                  httplib::Headers headers = {}, const std::string& api_key = "");

// Reading HAL: the string member `key` of an object ("" when absent or not a string), whether a
// resource has the link `rel`, and that link's href ("" without it).
std::string Str(const boost::json::value& value, std::string_view key);
bool HasLink(const boost::json::value& resource, std::string_view rel);
std::string Href(const boost::json::value& resource, std::string_view rel);
// The _error.type of an Apiture error response ("" when there is none).
std::string ErrorType(const Reply& reply);
// An Apiture error: the status and _error.type.
void ExpectType(const Reply& reply, int status, std::string_view type);

}  // namespace roster::apitest
