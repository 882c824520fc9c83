// What an Apiture handler works with: the request, its path parameters, the services, and the
// caller (authenticated on first use from the API-Key and Authorization: Bearer headers).
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/message.h"
#include "ports/store.h"
#include "services/principal.h"

namespace roster::services {
class OAuthService;
class ProfileService;
class ContactService;
class ChallengeService;
class ConstraintService;
class TrackingService;
class ConfigurationService;
class EncryptionService;
class UserService;
struct Settings;
}  // namespace roster::services

namespace roster::api::apiture {

struct Services {
  // Only for the read scope a GET runs in (api/request_scope.h); handlers use the services.
  ports::Store& store;
  services::OAuthService& oauth;
  services::ProfileService& profiles;
  services::ContactService& contacts;
  services::ChallengeService& challenges;
  services::ConstraintService& constraints;
  services::TrackingService& tracking;
  services::ConfigurationService& configuration;
  services::EncryptionService& encryption;
  const services::Settings& settings;
};

// A successful handler result.
struct Reply {
  http::Status status = http::Status::ok;
  std::optional<boost::json::value> body;  // none: no body (204)
  // The ETag header: a tag from hal.h (EtagOfVersion), or kEtagFromBody to derive it from the
  // body. A GET whose If-None-Match matches it is answered 304 without a body.
  std::string etag;
  std::string location;  // the Location header (201)
  std::string_view content_type = "application/hal+json";
};

inline constexpr std::string_view kEtagFromBody = "*body*";

class Call {
 public:
  Call(const http::RequestContext& context, const Services& services,
       std::map<std::string, std::string> params)
      : context_(context), services_(services), params_(std::move(params)) {}

  const http::Request& request() const { return context_.request; }
  const Services& services() const { return services_; }
  // A path parameter by its name in the route ("userId"), percent-decoded.
  const std::string& Param(const std::string& name) const { return params_.at(name); }
  // A query parameter (percent-decoded); nullopt when absent. Empty values are returned empty.
  std::optional<std::string> Query(std::string_view name) const;
  // A non-negative integer query parameter, `fallback` when absent; kInvalidQueryParameter
  // when not a number in [0, max].
  core::Result<std::int64_t> QueryInt(std::string_view name, std::int64_t fallback,
                                      std::int64_t max) const;
  // A request header; nullopt when absent.
  std::optional<std::string> Header(std::string_view name) const;

  // The body as a JSON object (kInvalidJson otherwise). Properties a client encrypted are
  // decrypted first: in any object of the body, "_encryption": {"prop": "keyAlias"} names the
  // properties holding base64 ciphertext (a string, or an array of strings each encrypted on
  // its own); they are replaced by their plaintext and "_encryption" is removed.
  core::Result<boost::json::object> Body() const;

  // The caller with a bearer token (kNotAuthenticated without one) — most operations. Both are
  // cached for the rest of the call; the references live as long as the Call.
  const core::Result<services::ScopedPrincipal>& Caller();
  // The calling application, with the token's user and scopes when a bearer token is sent — the
  // operations that need only the API key (getApi, getApiDoc, getLabels, getEncryptionKeys).
  const core::Result<services::ScopedPrincipal>& Client();

  // The version the If-Match header names: nullopt when absent; kPreconditionFailed when it
  // names no version of a resource ("*" matches any version and yields nullopt).
  core::Result<std::optional<std::int64_t>> IfMatchVersion() const;

 private:
  core::Result<services::ScopedPrincipal> Authenticate(bool bearer_required);

  const http::RequestContext& context_;
  const Services& services_;
  std::map<std::string, std::string> params_;
  std::optional<core::Result<services::ScopedPrincipal>> caller_;
};

using Handler = core::Result<Reply> (*)(Call&);

}  // namespace roster::api::apiture
