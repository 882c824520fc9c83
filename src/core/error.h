// The one error type of Roster. Services return std::expected<T, Error>; each dialect maps an
// Error to its own wire format in exactly one place (api/obp/errors.cpp, ...).
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace roster::core {

// Closed set of conditions the core, the services and the adapters can report. Each dialect
// decides the status code and the text; `Error::detail` is public, `Error::log` never leaves the
// server.
enum class ErrorCode {
  // Malformed or invalid input.
  kInvalidJson,            // body is not JSON or does not have the expected shape
  kInvalidInput,           // a field or parameter has a bad value; detail says which
  kInvalidPassword,        // password policy (OBP-30207)
  kInvalidQueryParameter,  // detail carries the dialect-neutral reason (see QueryParamError)
  kInvalidRoleName,        // unknown role; detail = the name
  kBankRoleNeedsBank,      // bank-scoped role with empty bank id
  kSystemRoleNeedsNoBank,  // system role with a bank id
  kPayloadTooLarge,
  kHeaderTooLarge,

  // Authentication.
  kNotAuthenticated,              // no credentials where a user is required
  kUnsupportedAuthorization,      // Authorization header of an unknown scheme
  kMissingDirectLoginHeader,      // neither DirectLogin nor Authorization header
  kMissingDirectLoginWord,        // Authorization without the word DirectLogin
  kMissingDirectLoginParameters,  // detail = comma-separated missing names
  kInvalidCharacters,             // DirectLogin parameter with characters outside its set
  kValueTooLong,                  // DirectLogin parameter longer than allowed
  kInvalidConsumer,               // unknown or disabled consumer key
  kInvalidCredentials,            // wrong username/password, unknown or unvalidated user
  kInvalidToken,                  // unknown, expired or revoked token; detail = the token
  kUserLocked,
  kUserDeleted,

  // Authorisation.
  kMissingRole,  // detail = "CanA or CanB[ for BankId(x).]"

  // Resources.
  kUserNotFound,            // by user id; detail = the id
  kUserNotFoundByUsername,  // detail = the username
  kUserNotFoundByUserId,    // like kUserNotFound where OBP answers OBP-20057; detail = the id
  kUsernameTaken,
  kBankNotFound,  // detail = the bank id
  kBankExists,
  kEntitlementNotFound,
  kEntitlementNotOwned,  // the entitlement belongs to another user
  kEntitlementExists,
  kValidationLinkInvalid,      // unknown, used or expired e-mail validation link
  kAttributeNotFound,          // user attribute; detail = the id
  kAuthContextNotFound,        // detail = the id
  kAuthContextUpdateNotFound,  // detail = the id
  kInvalidAuthContextKey,      // an auth-context update for a key Roster does not confirm
  kUnsupportedScaMethod,       // detail = the method
  kChallengeExpired,           // a one-time code past its lifetime; detail = the lifetime in s
  kEntitlementRequestExists,
  kEntitlementRequestNotFound,  // detail = the id
  kAccountExists,
  kAccountNotFound,  // detail = the account id
  kAccountRoutingTaken,
  kDuplicateRoutingScheme,  // one routing scheme given twice in a request
  kInvalidAccountId,
  kInvalidBankId,
  kInvalidBalance,  // initial balance other than zero
  kBalanceNotANumber,
  kInvalidCurrency,
  kViewNotFound,      // detail = the view id
  kNoViewPermission,  // the caller's views do not allow this on the account
  kCannotGrantView,   // the caller's views do not allow granting this view
  kCannotRevokeView,  // the caller's views do not allow revoking this view
  kLastOwnerView,     // revoking the owner view from its last holder
  kCustomerNotFound,  // detail = the id
  kCustomerNumberTaken,
  kCustomerLinkExists,
  kUserNotFoundByProvider,  // detail = "provider, provider_id"
  kInvalidProvider,         // DAuth users need a "dauth." provider
  kEndpointDisabled,        // switched off by the operator
  kResetLinkInvalid,        // unknown, used or expired password reset link
  kRouteNotFound,           // no such path or method; detail = the target

  // Apiture dialect (contact items, challenges, state machine, configuration, OAuth2).
  kForbidden,            // authenticated but not allowed (not an admin, not the owner)
  kInsufficientScope,    // the token lacks a scope; detail = the scopes that would do
  kPreconditionFailed,   // If-Match does not match the current entity tag
  kDuplicateTaxId,       // another user has this tax id
  kCannotUpdateState,    // state changes only through the state actions
  kCannotChangeId,       // an id or a key field (government id) cannot change
  kInvalidStateChange,   // detail = comma-separated states the user must be in
  kContactItemNotFound,  // address / email / phone; detail = the id
  kContactItemExists,    // an item with this id already exists for the user
  kItemStillPending,     // a pending item cannot become preferred or tax
  kNoSuchProfileValue,   // ?value= names no item of the user; detail = the id
  kCannotDeleteTaxAddress,
  kCannotDeletePreferredItem,  // the preferred email or phone
  kCannotReplaceTaxAddressWithPoBox,
  kPoBoxNotAllowedForTaxAddress,
  kResidentialAddressMayNotBePoBox,
  kInvalidAddressType,  // detail = the given type
  kInvalidPhoneType,    // detail = the given type
  // MFA challenges. For the first four, detail = the id of the challenge the client should
  // complete (the dialect embeds it in the error body).
  kMissingChallengeHeader,
  kChallengeNotVerified,
  kChallengeRedeemExpired,     // the challenge named in Apiture-Challenge has expired
  kChallengeAlreadyRedeemed,   // redeemed the maximum number of times
  kNoSuchChallenge,            // detail = the id given
  kAuthenticatorNotFound,      // detail = the id
  kInvalidAuthenticatorState,  // start/verify/retry not allowed now; detail = the state
  kGroupNotFound,              // configuration group; detail = the name
  kValueNotFound,              // configuration value; detail = the name
  kInvalidConfiguration,       // values do not match the group schema; detail says which
  kNoSuchOpenBankingIntegration,
  kInvalidOpenBankingParameters,
  kEncryptionKeyNotFound,  // detail = the alias or name
  kDecryptionFailed,       // detail = the property
  // OAuth2 token endpoint (RFC 6749 section 5.2).
  kInvalidGrant,          // bad username/password, unknown/expired refresh token
  kUnsupportedGrantType,  // detail = the grant type
  kInvalidScope,          // detail = the scope
  kUnauthorizedClient,    // the consumer may not use this grant (client_credentials: not trusted)

  // Infrastructure.
  kTimeout,
  kUnavailable,  // overloaded or the database is unreachable: try again later
  kInternal,
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string detail;  // safe to show to the client (ids, parameter names)
  std::string log;     // internal cause, for the server log only
};

template <class T>
using Result = std::expected<T, Error>;

// Shorthand: `return Fail(ErrorCode::kUserNotFound, id);`
inline std::unexpected<Error> Fail(ErrorCode code, std::string detail = {}, std::string log = {}) {
  return std::unexpected(Error{code, std::move(detail), std::move(log)});
}

// Stable, dialect-neutral name of a code ("user_not_found"), for logs and tests.
std::string_view ReasonOf(ErrorCode code);

}  // namespace roster::core
