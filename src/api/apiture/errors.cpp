#include "api/apiture/errors.h"

#include <fmt/format.h>

#include <chrono>
#include <random>

#include "api/apiture/hal.h"

namespace roster::api::apiture {

namespace json = boost::json;
using core::ErrorCode;
using http::Status;

namespace {

json::array SplitList(std::string_view text) {
  json::array out;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

ApitureError Make(Status status, std::string type, std::string message,
                  std::string remediation = {}) {
  return {status, std::move(type), std::move(message), std::move(remediation), {}};
}

// An error instance id: unique enough to find the response in a client's log, nothing more.
std::string ErrorId() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return fmt::format("{:016x}{:016x}", generator(), generator());
}

std::string NowText() {
  auto now = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
  std::string text = FormatTime(std::chrono::floor<std::chrono::seconds>(now));
  text.pop_back();  // 'Z'
  return fmt::format("{}.{:03}Z", text, (now.time_since_epoch().count() % 1000));
}

}  // namespace

ApitureError ToApitureError(const core::Error& error) {
  const std::string& d = error.detail;
  switch (error.code) {
    case ErrorCode::kInvalidJson:
      return Make(Status::bad_request, "malformedRequestBody",
                  "The supplied request body was malformed." + (d.empty() ? "" : " " + d),
                  "Check to make sure that your request body exists and that it does not "
                  "contain syntax errors.");
    case ErrorCode::kInvalidInput:
    case ErrorCode::kInvalidPassword:
    case ErrorCode::kInvalidRoleName:
    case ErrorCode::kBankRoleNeedsBank:
    case ErrorCode::kSystemRoleNeedsNoBank:
    case ErrorCode::kInvalidCharacters:
    case ErrorCode::kValueTooLong:
    case ErrorCode::kInvalidAccountId:
    case ErrorCode::kInvalidBankId:
    case ErrorCode::kInvalidBalance:
    case ErrorCode::kBalanceNotANumber:
    case ErrorCode::kInvalidCurrency:
    case ErrorCode::kDuplicateRoutingScheme:
    case ErrorCode::kInvalidProvider:
    case ErrorCode::kInvalidAuthContextKey:
    case ErrorCode::kUnsupportedScaMethod: {
      auto mapped = Make(Status::bad_request, "malformedRequestBody",
                         "The supplied request body was malformed." +
                             (d.empty() ? std::string() : " Invalid value: " + d + "."),
                         "Check the request against the Users API documentation.");
      if (!d.empty()) mapped.attributes["field"] = d;
      return mapped;
    }
    case ErrorCode::kInvalidQueryParameter: {
      auto mapped = Make(Status::bad_request, "invalidParameter",
                         "A query or path parameter is not valid." + (d.empty() ? "" : " " + d),
                         "Check the parameters against the Users API documentation.");
      return mapped;
    }
    case ErrorCode::kPayloadTooLarge:
      return Make(Status::payload_too_large, "payloadTooLarge",
                  "The request body is larger than allowed.", "Send a smaller request body.");
    case ErrorCode::kHeaderTooLarge:
      return Make(Status::request_header_fields_too_large, "headersTooLarge",
                  "The request headers are larger than allowed.", "Send smaller headers.");

    case ErrorCode::kNotAuthenticated:
    case ErrorCode::kUnsupportedAuthorization:
    case ErrorCode::kMissingDirectLoginHeader:
    case ErrorCode::kMissingDirectLoginWord:
    case ErrorCode::kMissingDirectLoginParameters:
      return Make(Status::unauthorized, "notAuthenticated",
                  "This operation requires an API-Key header and an Authorization: Bearer "
                  "access token.",
                  "Obtain an access token from /auth/oauth2/token and pass it with your API key.");
    case ErrorCode::kInvalidConsumer:
      return Make(Status::unauthorized, "invalidApiKey", "The API key is not valid.",
                  "Pass the API key allocated to your application in the API-Key header.");
    case ErrorCode::kInvalidCredentials:
    case ErrorCode::kInvalidToken:
    case ErrorCode::kUserLocked:
    case ErrorCode::kUserDeleted:
    case ErrorCode::kInvalidGrant:
      return Make(Status::unauthorized, "invalidAccessToken",
                  "The access token is not valid: it is unknown, expired or revoked, or its user "
                  "is no longer active.",
                  "Obtain a new access token.");
    case ErrorCode::kUnauthorizedClient:
    case ErrorCode::kForbidden:
    case ErrorCode::kMissingRole:
    case ErrorCode::kEntitlementNotOwned:
    case ErrorCode::kNoViewPermission:
    case ErrorCode::kCannotGrantView:
    case ErrorCode::kCannotRevokeView:
    case ErrorCode::kEndpointDisabled:
      return Make(Status::forbidden, "accessDenied",
                  "Access denied. The caller is not allowed to perform this operation." +
                      (d.empty() ? "" : " " + d),
                  "Only the user themselves or an administrator may perform this operation.");
    case ErrorCode::kInsufficientScope: {
      auto mapped = Make(Status::forbidden, "insufficientScope",
                         "The access token does not grant the scope this operation needs.",
                         "Obtain an access token with one of the scopes listed in "
                         "attributes.scopes.");
      mapped.attributes["scopes"] = SplitList(d);
      return mapped;
    }
    case ErrorCode::kInvalidScope:
      return Make(Status::bad_request, "invalidScope", "Unknown scope: " + d + ".",
                  "Request only documented scopes.");
    case ErrorCode::kUnsupportedGrantType:
      return Make(Status::bad_request, "unsupportedGrantType", "Unsupported grant type.",
                  "Use password, refresh_token or client_credentials.");

    case ErrorCode::kPreconditionFailed:
      return Make(Status::precondition_failed, "preconditionFailed",
                  "The supplied If-Match header value does not match the most recent ETag "
                  "response header value. The resource has changed in the interim.",
                  "Fetch the resource again and retry with its current ETag.");

    case ErrorCode::kUserNotFound:
    case ErrorCode::kUserNotFoundByUsername:
    case ErrorCode::kUserNotFoundByUserId:
    case ErrorCode::kUserNotFoundByProvider:
      return Make(Status::not_found, "invalidUserId",
                  "No Users were found for the specified userId.",
                  "Check to make sure that the supplied userId corresponds to an apiture user "
                  "resource.");
    case ErrorCode::kUsernameTaken:
      return Make(Status::conflict, "duplicateUsername",
                  "A user with the given username already exists.",
                  "Resubmit the operation with a unique username.");
    case ErrorCode::kDuplicateTaxId:
      return Make(Status::conflict, "duplicateTaxId", "A user with the given taxId already exists.",
                  "Resubmit the operation with a unique taxId.");
    case ErrorCode::kCannotUpdateState:
      return Make(Status::conflict, "cannotUpdateState",
                  "A users state cannot be updated using put.",
                  "See the apiture API documentation about using the /removedUsers, /activeUsers, "
                  "/inactiveUsers, /lockedUsers and /frozenUsers endpoints to update state.");
    case ErrorCode::kCannotChangeId:
      return Make(Status::conflict, "cannotChangeId", "The id of a resource cannot be changed.",
                  "Please submit the correct id if you must include it in the request body.");
    case ErrorCode::kInvalidStateChange: {
      auto mapped = Make(Status::conflict, "invalidStateChange",
                         "A user can only be changed to a different state if they meet the "
                         "current state requirement.",
                         "Check the state of the user and the applicable allowed state "
                         "transitions in the Users API documentation.");
      mapped.attributes["requiredStates"] = SplitList(d);
      return mapped;
    }
    case ErrorCode::kContactItemNotFound:
      return Make(Status::not_found, "notFound",
                  "There is no such item at the specified id" + (d.empty() ? "." : ": " + d + "."),
                  "Check the id against the user's list of items.");
    case ErrorCode::kContactItemExists:
      return Make(Status::conflict, "duplicateItem", "An item with this _id already exists.",
                  "Omit the _id to let the service assign one.");
    case ErrorCode::kItemStillPending:
      return Make(Status::conflict, "itemStillPending",
                  "The selected item cannot be assigned as preferred profile data because it is "
                  "still pending.",
                  "Pass the _id of an approved profile item.");
    case ErrorCode::kNoSuchProfileValue:
      return Make(Status::unprocessable_entity, "noSuchProfileValue",
                  "The selected profile value _id does not exist.",
                  "Pass the _id of an existing item.");
    case ErrorCode::kCannotDeleteTaxAddress:
      return Make(Status::conflict, "cannotDeleteTaxAddress",
                  "The financial institution does not allow deleting the address that is marked "
                  "as the tax address.",
                  "Assign another approved physical address as the tax address before deleting "
                  "this one.");
    case ErrorCode::kCannotDeletePreferredItem:
      return Make(Status::conflict, "cannotDeletePreferredItem",
                  "The selected item cannot be deleted because it is currently the user's "
                  "preferred item.",
                  "Set another approved item as the preferred one before deleting this one.");
    case ErrorCode::kCannotReplaceTaxAddressWithPoBox:
      return Make(Status::conflict, "cannotReplaceTaxAddressWithPoBox",
                  "The financial institution may require using a physical address when creating "
                  "a new address to replace the user's tax address.",
                  "Use either a physical address, or do not use the new address to replace the "
                  "tax address.");
    case ErrorCode::kPoBoxNotAllowedForTaxAddress:
      return Make(Status::conflict, "postOfficeBoxNotAllowedForTaxAddress",
                  "The financial institution does not allow setting the tax address to a P.O. box.",
                  "Select an approved physical address for the tax address.");
    case ErrorCode::kResidentialAddressMayNotBePoBox:
      return Make(Status::conflict, "residentialAddressMayNotBePoBox",
                  "The financial institution may not allow setting the physical/residential "
                  "address to a Post Office Box.",
                  "Use an address type of poBox for a Post Office Box address.");
    case ErrorCode::kInvalidAddressType: {
      auto mapped =
          Make(Status::bad_request, "invalidAddressType", "An invalid address type was given.",
               "Resubmit the operation with a valid address type according to the "
               "Users API documentation.");
      mapped.attributes["validTypes"] = SplitList(
          "unknown,home,prior,work,school,mailing,vacation,shipping,billing,headquarters,"
          "commercial,site,property,other,notApplicable,residential,poBox");
      return mapped;
    }
    case ErrorCode::kInvalidPhoneType: {
      auto mapped =
          Make(Status::bad_request, "invalidPhoneType", "An invalid phone type was given.",
               "Resubmit the operation with a valid phone type according to the Users "
               "API documentation.");
      mapped.attributes["validTypes"] = SplitList("home,mobile,work,fax,school,other");
      return mapped;
    }
    case ErrorCode::kMissingChallengeHeader:
      return Make(Status::conflict, "missingApitureChallengeHeader",
                  "The Apiture-Challenge request header was not passed.",
                  "Pass the _id of a valid, verified challenge resource in the Apiture-Challenge "
                  "request header.");
    case ErrorCode::kChallengeNotVerified:
      return Make(Status::conflict, "challengedNotVerified",
                  "The challenge resource specified in the Apiture-Challenge request header has "
                  "not been verified.",
                  "Complete the challenge verification before using a challenge resource.");
    case ErrorCode::kChallengeRedeemExpired:
      return Make(Status::conflict, "challengedExpired",
                  "The challenge resource specified in the Apiture-Challenge request header has "
                  "expired.",
                  "Obtain a new challenge resource.");
    case ErrorCode::kChallengeAlreadyRedeemed:
      return Make(Status::conflict, "challengedAlreadyRedeemed",
                  "The challenge resource specified in the Apiture-Challenge request header has "
                  "been redeemed the maximum number of times.",
                  "Obtain a new challenge resource.");
    case ErrorCode::kNoSuchChallenge:
      return Make(Status::unprocessable_entity, "noSuchChallenge",
                  "The challenge resource specified in the Apiture-Challenge request header does "
                  "not exist.",
                  "Pass the _id of an existing, unexpired, unredeemed challenge.");
    case ErrorCode::kChallengeExpired:
      return Make(Status::conflict, "challengedExpired", "The challenge has expired.",
                  "Obtain a new challenge resource.");
    case ErrorCode::kAuthenticatorNotFound:
      return Make(Status::not_found, "notFound", "There is no such authenticator.",
                  "Use the links of the challenge resource.");
    case ErrorCode::kInvalidAuthenticatorState: {
      auto mapped = Make(Status::conflict, "invalidAuthenticatorState",
                         "The authenticator cannot do this in its current state" +
                             (d.empty() ? std::string(".") : " (" + d + ")."),
                         "Follow the apiture:start, apiture:verify and apiture:retry links of the "
                         "authenticator.");
      return mapped;
    }
    case ErrorCode::kGroupNotFound:
      return Make(Status::not_found, "groupNotFound",
                  "No Groups were found for the specified groupName.",
                  "Check to make sure that the supplied groupName corresponds to an apiture group "
                  "resource.");
    case ErrorCode::kValueNotFound:
      return Make(Status::not_found, "valueNotFound",
                  "No Group values were found for the specified groupName and valueName.",
                  "Check to make sure that the supplied groupName and valueName corresponds to "
                  "an apiture group and value resource.");
    case ErrorCode::kInvalidConfiguration: {
      auto mapped = Make(Status::bad_request, "invalidConfigurationValue",
                         "The values do not conform to the configuration group's schema." +
                             (d.empty() ? "" : " " + d),
                         "Check the values against GET .../schema.");
      return mapped;
    }
    case ErrorCode::kNoSuchOpenBankingIntegration:
      return Make(Status::unprocessable_entity, "noSuchOpenBankingIntegration",
                  "Invalid integration for open banking.",
                  "Use only an integration listed in the Configuration API's openBanking "
                  "configuration group.");
    case ErrorCode::kInvalidOpenBankingParameters:
      return Make(Status::unprocessable_entity, "invalidOpenBankingParameters",
                  "Invalid parameters for the open banking configuration.",
                  "Use the parameters defined for the given open banking configuration.");
    case ErrorCode::kEncryptionKeyNotFound:
      return Make(Status::bad_request, "malformedRequestBody",
                  "The request names an unknown encryption key" +
                      (d.empty() ? std::string(".") : ": " + d + "."),
                  "Encrypt with a key from GET /users/encryptionKeys.");
    case ErrorCode::kDecryptionFailed:
      return Make(Status::bad_request, "malformedRequestBody",
                  "An encrypted property could not be decrypted" +
                      (d.empty() ? std::string(".") : ": " + d + "."),
                  "Encrypt with RSA-OAEP (SHA-256) and the key named in _encryption, then base64.");

    // OBP-only resources: never reached through Apiture operations, mapped for completeness.
    case ErrorCode::kBankNotFound:
    case ErrorCode::kEntitlementNotFound:
    case ErrorCode::kAttributeNotFound:
    case ErrorCode::kAuthContextNotFound:
    case ErrorCode::kAuthContextUpdateNotFound:
    case ErrorCode::kEntitlementRequestNotFound:
    case ErrorCode::kAccountNotFound:
    case ErrorCode::kViewNotFound:
    case ErrorCode::kCustomerNotFound:
    case ErrorCode::kValidationLinkInvalid:
    case ErrorCode::kResetLinkInvalid:
    case ErrorCode::kRouteNotFound:
      return Make(Status::not_found, "notFound", "There is no such resource.",
                  "Check the path against the Users API documentation.");
    case ErrorCode::kBankExists:
    case ErrorCode::kEntitlementExists:
    case ErrorCode::kEntitlementRequestExists:
    case ErrorCode::kAccountExists:
    case ErrorCode::kAccountRoutingTaken:
    case ErrorCode::kCustomerNumberTaken:
    case ErrorCode::kCustomerLinkExists:
    case ErrorCode::kLastOwnerView:
      return Make(Status::conflict, "conflict", "The request conflicts with existing data.");

    case ErrorCode::kTimeout:
      return Make(Status::request_timeout, "requestTimeout", "The request took too long.",
                  "Send the whole request promptly.");
    case ErrorCode::kUnavailable:
      return Make(Status::service_unavailable, "requestError",
                  "The service is busy or its database is unreachable.", "Try again later.");
    case ErrorCode::kInternal:
      break;
  }
  return Make(Status::internal_server_error, "requestError",
              "There was a server side error when executing the API request.",
              "Check your parameters and resubmit the request.");
}

bool CarriesChallenge(ErrorCode code) {
  return code == ErrorCode::kMissingChallengeHeader || code == ErrorCode::kChallengeNotVerified ||
         code == ErrorCode::kChallengeRedeemExpired || code == ErrorCode::kChallengeAlreadyRedeemed;
}

http::Response ErrorResponse(const core::Error& error, const http::Request& request,
                             const std::optional<json::object>& challenge) {
  ApitureError mapped = ToApitureError(error);
  json::object detail;
  detail["_id"] = ErrorId();
  detail["message"] = mapped.message;
  detail["statusCode"] = static_cast<int>(mapped.status);
  detail["type"] = mapped.type;
  if (!mapped.attributes.empty()) detail["attributes"] = mapped.attributes;
  if (!mapped.remediation.empty()) detail["remediation"] = mapped.remediation;
  detail["occurredAt"] = NowText();
  detail["_links"] = json::object{
      {"describedby", Link("https://production.api.apiture.com/errors/" + mapped.type)}};
  json::object body;
  if (challenge) {
    detail["_embedded"] = json::object{{"challenge", *challenge}};
    body["_profile"] = ProfileUri("auth", "challengeErrorResponse", "1.2.1");
  } else {
    body["_profile"] = ProfileUri("common", "errorResponse", "2.1.1");
  }
  body["_error"] = std::move(detail);
  http::Response response = HalResponse(mapped.status, body, request);
  if (mapped.status == Status::unauthorized) {
    response.set(http::beast_http::field::www_authenticate, "Bearer realm=\"roster\"");
  }
  if (error.code == ErrorCode::kInsufficientScope) {
    response.set(http::beast_http::field::www_authenticate,
                 "Bearer realm=\"roster\", error=\"insufficient_scope\", scope=\"" +
                     std::string(error.detail.begin(), error.detail.end()) + "\"");
  }
  if (error.code == ErrorCode::kUnavailable) response.set("Retry-After", "1");
  if (error.code == ErrorCode::kTimeout || error.code == ErrorCode::kPayloadTooLarge ||
      error.code == ErrorCode::kHeaderTooLarge) {
    response.keep_alive(false);
  }
  return response;
}

http::Response TokenErrorResponse(const core::Error& error, const http::Request& request) {
  std::string code;
  Status status = Status::bad_request;
  std::string description;
  switch (error.code) {
    case ErrorCode::kInvalidConsumer:
    case ErrorCode::kNotAuthenticated:
      code = "invalid_client";
      status = Status::unauthorized;
      description = "Unknown or missing API key.";
      break;
    case ErrorCode::kInvalidGrant:
    case ErrorCode::kInvalidCredentials:
      code = "invalid_grant";
      description = "The credentials or the refresh token are not valid.";
      break;
    case ErrorCode::kUserLocked:
    case ErrorCode::kUserDeleted:
      code = "invalid_grant";
      description = "The user is not active.";
      break;
    case ErrorCode::kUnsupportedGrantType:
      code = "unsupported_grant_type";
      description = "Supported: password, refresh_token, client_credentials.";
      break;
    case ErrorCode::kInvalidScope:
      code = "invalid_scope";
      description = "Unknown or not allowed scope: " + error.detail;
      break;
    case ErrorCode::kUnauthorizedClient:
      code = "unauthorized_client";
      description = "This client may not use the client_credentials grant.";
      break;
    case ErrorCode::kInvalidInput:
    case ErrorCode::kInvalidJson:
      code = "invalid_request";
      description = "Missing or malformed parameter" +
                    (error.detail.empty() ? std::string(".") : ": " + error.detail + ".");
      break;
    default:
      return ErrorResponse(error, request);
  }
  json::object body{{"error", code}, {"error_description", description}};
  http::Response response = HalResponse(status, body, request, "application/json");
  response.set(http::beast_http::field::cache_control, "no-store");
  if (status == Status::unauthorized) {
    response.set(http::beast_http::field::www_authenticate, "Basic realm=\"roster\"");
  }
  return response;
}

}  // namespace roster::api::apiture
