#include "api/obp/errors.h"

#include <boost/json.hpp>

#include "api/obp/json.h"
#include "core/roles.h"

namespace roster::api::obp {

using core::ErrorCode;
using http::Status;

namespace {

std::string NotFoundMessage(const http::Request& request) {
  std::string content_type(request[http::beast_http::field::content_type]);
  return "OBP-10404: 404 Not Found. The server could not find the requested URI. Please double "
         "check your URL, headers and body. Note: When you are making a POST or PUT request, the "
         "Content-Type header MUST be `application/json`. Note: OBP only supports JSON formatted "
         "bodies. Current Url is (" +
         std::string(request.target()) + "), Current Content-Type Header is (" + content_type + ")";
}

}  // namespace

ObpError ToObpError(const core::Error& error, const http::Request& request) {
  const std::string& d = error.detail;
  switch (error.code) {
    case ErrorCode::kInvalidJson:
      return {Status::bad_request,
              "OBP-10001: Incorrect json format." + (d.empty() ? "" : " " + d)};
    case ErrorCode::kInvalidInput:
      // Services put complete public sentences in the detail (e.g. "Invalid email address").
      return {Status::bad_request, d.empty() ? "OBP-10001: Incorrect json format." : d};
    case ErrorCode::kInvalidPassword:
      return {Status::bad_request,
              "OBP-30207: Invalid Password Format. Your password should EITHER be at least 10 "
              "characters long and contain mixed numbers and both upper and lower case letters "
              "and at least one special character, OR the length should be > 16 and <= 512."};
    case ErrorCode::kInvalidQueryParameter:
      return {Status::bad_request, "OBP-10016: Incorrect filter Parameters in URL. <- " + d};
    case ErrorCode::kInvalidRoleName: {
      std::string message = "OBP-10007: Incorrect Role name: " + d + ". Possible roles are ";
      bool first = true;
      for (const core::RoleInfo& role : core::AllRoles()) {
        if (!first) message += ", ";
        message += role.name;
        first = false;
      }
      return {Status::bad_request, message};
    }
    case ErrorCode::kBankRoleNeedsBank:
      return {Status::bad_request,
              "OBP-30205: This entitlement is a Bank Role. Please set bank_id to a valid bank id."};
    case ErrorCode::kSystemRoleNeedsNoBank:
      return {Status::bad_request,
              "OBP-30206: This entitlement is a System Role. Please set bank_id to empty string."};
    case ErrorCode::kPayloadTooLarge:
      return {Status::payload_too_large,
              "OBP-10001: Incorrect json format. The request body is larger than allowed."};
    case ErrorCode::kHeaderTooLarge:
      return {Status::request_header_fields_too_large,
              "OBP-10001: Incorrect json format. The request headers are larger than allowed."};
    case ErrorCode::kNotAuthenticated:
      return {Status::unauthorized, "OBP-20001: User not logged in. Authentication is required!"};
    case ErrorCode::kUnsupportedAuthorization:
      return {Status::unauthorized,
              "OBP-20080: Authorization Header format is not supported at this instance."};
    case ErrorCode::kMissingDirectLoginHeader:
      return {Status::bad_request, "OBP-20082: Missing DirectLogin or Authorization header."};
    case ErrorCode::kMissingDirectLoginWord:
      return {Status::bad_request,
              "OBP-20083: Missing DirectLogin word at the value of Authorization header."};
    case ErrorCode::kMissingDirectLoginParameters:
      return {Status::bad_request, "OBP-20002: These DirectLogin parameters are missing: " + d};
    case ErrorCode::kInvalidCharacters:
      return {Status::bad_request, "OBP-20011: Value contains invalid characters"};
    case ErrorCode::kValueTooLong:
      return {Status::bad_request, "OBP-20010: Value too long"};
    case ErrorCode::kInvalidConsumer:
      return {Status::unauthorized, "OBP-20008: Invalid Consumer Key."};
    case ErrorCode::kInvalidCredentials:
      return {Status::unauthorized,
              "OBP-20004: Invalid login credentials. Check username/password."};
    case ErrorCode::kInvalidToken:
      return {Status::unauthorized,
              "OBP-20003: This DirectLogin token is invalid or expired: " + d};
    case ErrorCode::kUserLocked:
      return {Status::unauthorized,
              "OBP-20013: The account has been locked, please contact an administrator!"};
    case ErrorCode::kUserDeleted:
      return {Status::unauthorized, "OBP-20064: The user is deleted!"};
    case ErrorCode::kMissingRole:
      return {Status::forbidden, "OBP-20006: User is missing one or more roles: " + d};
    case ErrorCode::kUserNotFound:
      return {Status::not_found,
              "OBP-20005: User not found. Please specify a valid value for USER_ID. Current "
              "USER_ID(" +
                  d + ")"};
    case ErrorCode::kUserNotFoundByUserId:
      return {Status::not_found, "OBP-20057: User not found by userId. Current UserId(" + d + ")"};
    case ErrorCode::kUserNotFoundByUsername:
      return {Status::not_found, "OBP-20027: User not found by provider and username.(" + d + ")"};
    case ErrorCode::kUsernameTaken:
      return {Status::conflict, "User with the same username already exists."};
    case ErrorCode::kBankNotFound:
      return {Status::not_found,
              "OBP-30001: Bank not found. Please specify a valid value for BANK_ID."};
    case ErrorCode::kBankExists:
      return {Status::bad_request, "OBP-30010: Bank already exists. Please specify a new BANK_ID."};
    case ErrorCode::kEntitlementNotFound:
      return {Status::not_found, "OBP-30212: EntitlementId not found"};
    case ErrorCode::kEntitlementNotOwned:
      return {Status::bad_request, "OBP-30213: USER_ID does not have the ENTITLEMENT_ID."};
    case ErrorCode::kEntitlementExists:
      return {Status::bad_request, "OBP-30216: Entitlement already exists for the user."};
    case ErrorCode::kValidationLinkInvalid:
      return {Status::bad_request, "The validation link is invalid, already used or expired."};
    case ErrorCode::kAttributeNotFound:
      return {Status::not_found, "OBP-20081: User Attribute not found by USER_ATTRIBUTE_ID."};
    case ErrorCode::kAuthContextNotFound:
      return {Status::not_found, "OBP-30056: UserAuthContext not found by USER_AUTH_CONTEXT_ID."};
    case ErrorCode::kAuthContextUpdateNotFound:
      return {Status::not_found,
              "OBP-30057: User Auth Context Update not found by AUTH_CONTEXT_UPDATE_ID."};
    case ErrorCode::kInvalidAuthContextKey:
      return {Status::bad_request, "OBP-30088: Invalid Auth Context Update Request Key."};
    case ErrorCode::kUnsupportedScaMethod:
      return {Status::bad_request, "OBP-35034: Unsupported as SCA method. " + d};
    case ErrorCode::kChallengeExpired:
      return {Status::bad_request,
              "OBP-20211: The One Time Password (OTP) has expired. Current expiration time is " +
                  d + " seconds"};
    case ErrorCode::kEntitlementRequestExists:
      return {Status::bad_request, "OBP-30214: Entitlement Request already exists for the user."};
    case ErrorCode::kEntitlementRequestNotFound:
      // The reference's deleteEntitlementRequest answers connectorEmptyResponse, not OBP-30215.
      return {Status::bad_request, "OBP-50200: Connector cannot return the data we requested."};
    case ErrorCode::kAccountExists:
      return {Status::bad_request, "OBP-30208: Account_ID already exists at the Bank."};
    case ErrorCode::kAccountNotFound:
      return {Status::not_found,
              "OBP-30018: Bank Account not found. Please specify valid values for BANK_ID and "
              "ACCOUNT_ID."};
    case ErrorCode::kDuplicateRoutingScheme:
      return {Status::bad_request,
              "OBP-30114: Invalid Account Routings. Duplication detected in account routings, "
              "please specify only one value per routing scheme"};
    case ErrorCode::kAccountRoutingTaken:
      return {Status::bad_request, "OBP-30115: Account Routing already exist."};
    case ErrorCode::kInvalidAccountId:
      return {Status::bad_request,
              "OBP-30110: Invalid Account Id. The ACCOUNT_ID should only contain "
              "0-9/a-z/A-Z/'-'/'.'/'_', the length should be smaller than 255."};
    case ErrorCode::kInvalidBankId:
      return {Status::bad_request,
              "OBP-30111: Invalid Bank Id. The BANK_ID should only contain "
              "0-9/a-z/A-Z/'-'/'.'/'_', the length should be smaller than 255."};
    case ErrorCode::kBalanceNotANumber:
      return {Status::bad_request,
              "OBP-30112: Invalid Number. Initial balance must be a number, e.g 1000.00"};
    case ErrorCode::kInvalidBalance:
      return {Status::bad_request, "OBP-30109: Initial Balance of Account must be Zero (0)."};
    case ErrorCode::kInvalidCurrency:
      return {Status::bad_request, "OBP-30105: Invalid Balance Currency."};
    case ErrorCode::kViewNotFound:
      return {Status::not_found,
              "OBP-30005: View not found for Account. Please specify a valid value for VIEW_ID"};
    // OBPv4.0.0 account-access endpoints answer 400 for the grant/revoke checks (the reference
    // forces 403 only for OBP-20017).
    case ErrorCode::kCannotGrantView:
      return {Status::bad_request,
              "OBP-20047: If target viewId is system view,  the current "
              "view.can_grant_access_to_views does not contains it. Orif target viewId is "
              "custom view, the current view.can_grant_access_to_custom_views is false."};
    case ErrorCode::kCannotRevokeView:
      return {Status::bad_request,
              "OBP-20048: If target viewId is system view,  the current "
              "view.can_revoke_access_to_views does not contains it. Orif target viewId is "
              "custom view, the current view.can_revoke_access_to_custom_views is false."};
    case ErrorCode::kLastOwnerView:
      return {Status::bad_request,
              "OBP-20048: The owner view cannot be revoked from the last user holding it on "
              "this account."};
    case ErrorCode::kNoViewPermission:
      return {Status::forbidden,
              "OBP-20017: Current user does not have access to the view. Please specify a valid "
              "value for VIEW_ID."};
    case ErrorCode::kCustomerNotFound:
      return {Status::not_found,
              "OBP-30046: Customer not found. Please specify a valid value for CUSTOMER_ID."};
    case ErrorCode::kCustomerNumberTaken:
      return {Status::bad_request,
              "OBP-30006: Customer Number already exists. Please specify a different value for "
              "BANK_ID or CUSTOMER_NUMBER."};
    case ErrorCode::kCustomerLinkExists:
      return {Status::bad_request,
              "OBP-30007: The User is already linked to a Customer at the bank specified by "
              "BANK_ID"};
    case ErrorCode::kUserNotFoundByProvider:
      return {Status::not_found, "OBP-20104: User not found by PROVIDER and PROVIDER_ID."};
    case ErrorCode::kInvalidProvider:
      return {Status::bad_request, "OBP-20103: Invalid DAuth User Provider."};
    case ErrorCode::kEndpointDisabled:
      return {Status::bad_request, "OBP-50017: The endpoint is forbidden at this API instance."};
    case ErrorCode::kResetLinkInvalid:
      return {Status::bad_request, "The password reset link is invalid, already used or expired."};
    case ErrorCode::kRouteNotFound:
      return {Status::not_found, NotFoundMessage(request)};
    case ErrorCode::kForbidden:
    case ErrorCode::kInsufficientScope:
    case ErrorCode::kPreconditionFailed:
    case ErrorCode::kDuplicateTaxId:
    case ErrorCode::kCannotUpdateState:
    case ErrorCode::kCannotChangeId:
    case ErrorCode::kInvalidStateChange:
    case ErrorCode::kContactItemNotFound:
    case ErrorCode::kContactItemExists:
    case ErrorCode::kItemStillPending:
    case ErrorCode::kNoSuchProfileValue:
    case ErrorCode::kCannotDeleteTaxAddress:
    case ErrorCode::kCannotDeletePreferredItem:
    case ErrorCode::kCannotReplaceTaxAddressWithPoBox:
    case ErrorCode::kPoBoxNotAllowedForTaxAddress:
    case ErrorCode::kResidentialAddressMayNotBePoBox:
    case ErrorCode::kInvalidAddressType:
    case ErrorCode::kInvalidPhoneType:
    case ErrorCode::kMissingChallengeHeader:
    case ErrorCode::kChallengeNotVerified:
    case ErrorCode::kChallengeRedeemExpired:
    case ErrorCode::kChallengeAlreadyRedeemed:
    case ErrorCode::kNoSuchChallenge:
    case ErrorCode::kAuthenticatorNotFound:
    case ErrorCode::kInvalidAuthenticatorState:
    case ErrorCode::kGroupNotFound:
    case ErrorCode::kValueNotFound:
    case ErrorCode::kInvalidConfiguration:
    case ErrorCode::kNoSuchOpenBankingIntegration:
    case ErrorCode::kInvalidOpenBankingParameters:
    case ErrorCode::kEncryptionKeyNotFound:
    case ErrorCode::kDecryptionFailed:
    case ErrorCode::kInvalidGrant:
    case ErrorCode::kUnsupportedGrantType:
    case ErrorCode::kInvalidScope:
    case ErrorCode::kUnauthorizedClient:
      // Raised only by Apiture operations, which OBP routes never call.
      return {Status::bad_request, "OBP-10001: Incorrect json format."};
    case ErrorCode::kTimeout:
      return {Status::request_timeout, "OBP-01000: Request Timeout."};
    case ErrorCode::kUnavailable:
      return {Status::service_unavailable,
              "OBP-50000: Unknown Error. The service is busy or its database is unreachable; "
              "try again later."};
    case ErrorCode::kInternal:
      break;
  }
  return {Status::internal_server_error, "OBP-50005: An unspecified or internal error occurred."};
}

http::Response ErrorResponse(const core::Error& error, const http::Request& request) {
  ObpError mapped = ToObpError(error, request);
  boost::json::object body;
  body["code"] = static_cast<int>(mapped.status);
  body["message"] = mapped.message;
  http::Response response = JsonResponse(mapped.status, body, request);
  if (error.code == ErrorCode::kNotAuthenticated) {
    std::string host(request[http::beast_http::field::host]);
    if (host.empty()) host = "roster";
    response.set(http::beast_http::field::www_authenticate,
                 "OAuth realm=\"" + host + "\", Bearer realm=\"" + host +
                     "\", DirectLogin realm=\"" + host + "\"");
  }
  if (error.code == ErrorCode::kUnavailable) response.set("Retry-After", "1");
  if (error.code == ErrorCode::kTimeout || error.code == ErrorCode::kPayloadTooLarge ||
      error.code == ErrorCode::kHeaderTooLarge) {
    response.keep_alive(false);
  }
  return response;
}

}  // namespace roster::api::obp
