#include "core/error.h"

namespace roster::core {

std::string_view ReasonOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidJson: return "invalid_json";
    case ErrorCode::kInvalidInput: return "invalid_input";
    case ErrorCode::kInvalidPassword: return "invalid_password";
    case ErrorCode::kInvalidQueryParameter: return "invalid_query_parameter";
    case ErrorCode::kInvalidRoleName: return "invalid_role_name";
    case ErrorCode::kBankRoleNeedsBank: return "bank_role_needs_bank";
    case ErrorCode::kSystemRoleNeedsNoBank: return "system_role_needs_no_bank";
    case ErrorCode::kPayloadTooLarge: return "payload_too_large";
    case ErrorCode::kHeaderTooLarge: return "header_too_large";
    case ErrorCode::kUnsupportedMediaType: return "unsupported_media_type";
    case ErrorCode::kNotAuthenticated: return "not_authenticated";
    case ErrorCode::kUnsupportedAuthorization: return "unsupported_authorization";
    case ErrorCode::kMissingDirectLoginHeader: return "missing_directlogin_header";
    case ErrorCode::kMissingDirectLoginWord: return "missing_directlogin_word";
    case ErrorCode::kMissingDirectLoginParameters: return "missing_directlogin_parameters";
    case ErrorCode::kInvalidCharacters: return "invalid_characters";
    case ErrorCode::kValueTooLong: return "value_too_long";
    case ErrorCode::kInvalidConsumer: return "invalid_consumer";
    case ErrorCode::kInvalidCredentials: return "invalid_credentials";
    case ErrorCode::kInvalidToken: return "invalid_token";
    case ErrorCode::kUserLocked: return "user_locked";
    case ErrorCode::kUserDeleted: return "user_deleted";
    case ErrorCode::kMissingRole: return "missing_role";
    case ErrorCode::kUserNotFound: return "user_not_found";
    case ErrorCode::kUserNotFoundByUsername: return "user_not_found_by_username";
    case ErrorCode::kUsernameTaken: return "username_taken";
    case ErrorCode::kBankNotFound: return "bank_not_found";
    case ErrorCode::kBankExists: return "bank_exists";
    case ErrorCode::kEntitlementNotFound: return "entitlement_not_found";
    case ErrorCode::kEntitlementNotOwned: return "entitlement_not_owned";
    case ErrorCode::kEntitlementExists: return "entitlement_exists";
    case ErrorCode::kValidationLinkInvalid: return "validation_link_invalid";
    case ErrorCode::kAttributeNotFound: return "attribute_not_found";
    case ErrorCode::kAuthContextNotFound: return "auth_context_not_found";
    case ErrorCode::kAuthContextUpdateNotFound: return "auth_context_update_not_found";
    case ErrorCode::kInvalidAuthContextKey: return "invalid_auth_context_key";
    case ErrorCode::kUnsupportedScaMethod: return "unsupported_sca_method";
    case ErrorCode::kChallengeExpired: return "challenge_expired";
    case ErrorCode::kChallengeAttemptsExceeded: return "challenge_attempts_exceeded";
    case ErrorCode::kEntitlementRequestExists: return "entitlement_request_exists";
    case ErrorCode::kEntitlementRequestNotFound: return "entitlement_request_not_found";
    case ErrorCode::kAccountExists: return "account_exists";
    case ErrorCode::kAccountNotFound: return "account_not_found";
    case ErrorCode::kAccountRoutingTaken: return "account_routing_taken";
    case ErrorCode::kInvalidAccountId: return "invalid_account_id";
    case ErrorCode::kInvalidBankId: return "invalid_bank_id";
    case ErrorCode::kInvalidBalance: return "invalid_balance";
    case ErrorCode::kInvalidCurrency: return "invalid_currency";
    case ErrorCode::kViewNotFound: return "view_not_found";
    case ErrorCode::kNoViewPermission: return "no_view_permission";
    case ErrorCode::kCustomerNotFound: return "customer_not_found";
    case ErrorCode::kCustomerNumberTaken: return "customer_number_taken";
    case ErrorCode::kCustomerLinkExists: return "customer_link_exists";
    case ErrorCode::kUserNotFoundByProvider: return "user_not_found_by_provider";
    case ErrorCode::kInvalidProvider: return "invalid_provider";
    case ErrorCode::kEndpointDisabled: return "endpoint_disabled";
    case ErrorCode::kResetLinkInvalid: return "reset_link_invalid";
    case ErrorCode::kRouteNotFound: return "route_not_found";
    case ErrorCode::kMethodNotAllowed: return "method_not_allowed";
    case ErrorCode::kTimeout: return "timeout";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

}  // namespace roster::core
