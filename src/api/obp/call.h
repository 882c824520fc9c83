// What an OBP handler works with: the request, its path parameters, the services, and the
// caller (authenticated on first use).
#pragma once

#include <boost/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/message.h"
#include "services/account_service.h"
#include "services/attribute_service.h"
#include "services/auth_context_service.h"
#include "services/auth_service.h"
#include "services/customer_service.h"
#include "services/entitlement_request_service.h"
#include "services/entitlement_service.h"
#include "services/password_reset_service.h"
#include "services/principal.h"
#include "services/user_service.h"

namespace roster::api::obp {

struct Services {
  // Only for the read scope a GET runs in (api/request_scope.h); handlers use the services.
  ports::Store& store;
  services::AuthService& auth;
  services::UserService& users;
  services::EntitlementService& entitlements;
  services::AttributeService& attributes;
  services::AuthContextService& auth_contexts;
  services::AccountService& accounts;
  services::CustomerService& customers;
  services::EntitlementRequestService& entitlement_requests;
  services::PasswordResetService& password_resets;
  const services::Settings& settings;
};

// A successful handler result: status and JSON body (no body for 204).
struct Reply {
  http::Status status = http::Status::ok;
  std::optional<boost::json::value> body;
};

class Call {
 public:
  Call(const http::RequestContext& context, const Services& services, std::string version,
       std::string_view implemented_in, std::map<std::string, std::string> params)
      : context_(context),
        services_(services),
        version_(std::move(version)),
        implemented_in_(implemented_in),
        params_(std::move(params)) {}

  const http::Request& request() const { return context_.request; }
  const Services& services() const { return services_; }
  // The version prefix the client used ("v5.0.0"); empty for unversioned routes.
  const std::string& version() const { return version_; }
  // The version of the implementation serving the call ("v5.0.0"), which picks the JSON shape
  // where an endpoint has several implementations.
  std::string_view implemented_in() const { return implemented_in_; }
  // A path parameter by its placeholder name ("USER_ID"), percent-decoded.
  const std::string& Param(const std::string& name) const { return params_.at(name); }
  // A query parameter (percent-decoded); nullopt when absent or empty.
  std::optional<std::string> Query(std::string_view name) const;
  // The body as a JSON object (kInvalidJson otherwise).
  core::Result<boost::json::object> Body() const;
  // The authenticated caller: kNotAuthenticated without credentials, or the authentication
  // error. Cached for the rest of the call; the reference lives as long as the Call.
  const core::Result<services::Principal>& Caller();

 private:
  const http::RequestContext& context_;
  const Services& services_;
  std::string version_;
  std::string_view implemented_in_;
  std::map<std::string, std::string> params_;
  std::optional<core::Result<services::Principal>> caller_;
};

using Handler = core::Result<Reply> (*)(Call&);

}  // namespace roster::api::obp
