// Domain records shared by every layer. Plain data: no I/O, no behaviour beyond trivial queries.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace roster::core {

// Second precision, UTC: the precision both dialects put on the wire.
using TimePoint = std::chrono::sys_seconds;

// One lifecycle for both dialects (Apiture `state`; OBP is_locked / is_deleted).
enum class UserState { kActive, kInactive, kLocked, kFrozen, kRemoved };

std::string_view ToString(UserState state);
std::optional<UserState> UserStateFromString(std::string_view text);

struct User {
  std::string id;           // UUID, server-assigned
  std::string username;     // unique
  std::string provider;     // identity provider (OBP `provider`); the local one for local users
  std::string provider_id;  // id at the provider (OBP `provider_id`); the username for local users
  std::string email;        // the preferred e-mail address
  std::string first_name;
  std::string last_name;
  std::string password_hash;  // Argon2id encoded string; empty = cannot log in with a password
  bool validated = false;     // e-mail validated; unvalidated users cannot log in
  UserState state = UserState::kActive;
  std::string lock_type;  // "lock_via_api" when locked by an administrator
  std::optional<TimePoint> last_lock_date;
  TimePoint created_at{};
  TimePoint updated_at{};
  std::int64_t version = 1;  // bumped on every update (ETags, optimistic concurrency)

  bool IsDeleted() const { return state == UserState::kRemoved; }
};

// Bad-login bookkeeping, kept per (provider, username) so that unknown usernames count too.
struct LoginAttempts {
  std::string provider;
  std::string username;
  int bad_attempts = 0;
  std::optional<TimePoint> last_failure_date;
};

// A client application. The key is a bearer secret: only its digest is stored.
struct Consumer {
  std::string id;
  std::string name;
  std::string key_digest;
  bool enabled = true;
  bool trusted = false;  // may use the OAuth2 client_credentials grant (a trusted service)
  TimePoint created_at{};
};

// A DirectLogin (or other) access token. Only the digest of the token is stored.
struct Token {
  std::string digest;
  std::string user_id;
  std::string consumer_id;
  TimePoint created_at{};
  TimePoint expires_at{};
};

// A DirectLogin token with the user it belongs to: what authenticating a request reads.
struct TokenWithUser {
  Token token;
  User user;
};

struct Entitlement {
  std::string id;
  std::string user_id;
  std::string bank_id;  // "" for system roles
  std::string role_name;
  std::string created_by_process = "manual";
  TimePoint created_at{};
};

struct Bank {
  std::string id;
  std::string short_name;
  std::string full_name;
  TimePoint created_at{};
};

// A one-time e-mail validation link; only the digest of its secret is stored.
struct EmailValidation {
  std::string digest;
  std::string user_id;
  TimePoint expires_at{};
};

// --- OBP: user attributes, auth contexts and their SCA-confirmed updates ----------------------

// A typed name/value pair a user keeps about itself (OBP user attributes).
struct UserAttribute {
  std::string id;
  std::string user_id;
  std::string name;
  std::string type;  // STRING, INTEGER, DOUBLE or DATE_WITH_DAY; the value parses as that type
  std::string value;
  bool is_personal = true;
  TimePoint created_at{};  // OBP insert_date
  TimePoint updated_at{};
};

// A key/value fact about a user that the bank relies on (e.g. CUSTOMER_NUMBER). The same key may
// repeat.
struct UserAuthContext {
  std::string id;
  std::string user_id;
  std::string key;
  std::string value;
  std::string consumer_id;
  TimePoint created_at{};  // OBP time_stamp
};

// A request to add an auth context, confirmed by a one-time code (SCA).
struct AuthContextUpdate {
  std::string id;
  std::string user_id;
  std::string bank_id;
  std::string key;
  std::string value;
  std::string sca_method;  // SMS or EMAIL
  std::string consumer_id;
  std::string status;            // INITIATED, ACCEPTED or REJECTED
  std::string challenge_digest;  // digest of the one-time code; the code itself is never stored
  int failed_attempts = 0;
  TimePoint created_at{};
  TimePoint expires_at{};
};

// --- OBP: entitlement requests ----------------------------------------------------------------

struct EntitlementRequest {
  std::string id;
  std::string user_id;
  std::string bank_id;  // "" for system roles
  std::string role_name;
  TimePoint created_at{};
};

// --- OBP: accounts, views and account access ---------------------------------------------------

struct AccountRouting {
  std::string scheme;
  std::string address;
};

struct Account {
  std::string bank_id;
  std::string id;
  std::string owner_user_id;
  std::string label;
  std::string product_code;
  std::string currency;  // ISO 4217 or XBT
  std::string balance = "0";
  std::string branch_id;
  std::vector<AccountRouting> routings;
  TimePoint created_at{};
};

// A view of an account granted to a user (system views: owner, accountant, auditor, ...).
struct AccountAccess {
  std::string bank_id;
  std::string account_id;
  std::string view_id;
  std::string user_id;
  TimePoint created_at{};
};

// --- OBP: customers and user-customer links ----------------------------------------------------

struct Customer {
  std::string id;
  std::string bank_id;
  std::string customer_number;  // unique per bank
  std::string legal_name;
  std::string mobile_phone_number;
  std::string email;
  // The remaining OBP customer fields (date_of_birth, title, kyc_status, ...) as a JSON object
  // text, kept as given at creation.
  std::string details_json = "{}";
  TimePoint created_at{};
};

struct UserCustomerLink {
  std::string id;
  std::string user_id;
  std::string customer_id;
  std::string bank_id;
  bool is_active = true;
  TimePoint created_at{};  // OBP date_inserted
};

// A one-time password reset link; only the digest of its secret is stored.
struct PasswordReset {
  std::string digest;
  std::string user_id;
  TimePoint expires_at{};
};

// --- Apiture: profiles, contact items, constraints, tracking ids, challenges, configuration ----
// Every change to a user's profile or contact items also bumps User::version (the user ETag).

// The Apiture fields of a user that OBP does not have. One per user; users created through OBP
// have none until an Apiture operation writes one (the store returns nullopt).
struct UserProfile {
  std::string user_id;
  std::string tax_id;       // clear text (for duplicateTaxId and search); masked on the wire
  std::string customer_id;  // the bank's customer number; "" when none
  std::string occupation;
  std::string preferred_address_id;  // contact item ids; "" when unset
  std::string tax_address_id;
  std::string preferred_email_id;  // the item whose value User::email mirrors
  std::string preferred_phone_id;
  std::optional<TimePoint> last_logged_in_at;
  std::optional<TimePoint> last_contacted_at;
  // The remaining Apiture user fields as a JSON object text, kept as given (middleName,
  // preferredName, suffix, birthdate, citizenship, kycAnswers, preferences, ...).
  std::string details_json = "{}";
};

enum class ContactKind { kAddress, kEmail, kPhone };

std::string_view ToString(ContactKind kind);  // "address", "email", "phone"
std::optional<ContactKind> ContactKindFromString(std::string_view text);

// An address, e-mail address or phone number of a user. Created pending; approved by the bank.
struct ContactItem {
  std::string user_id;
  ContactKind kind = ContactKind::kEmail;
  std::string id;          // ^[-a-zA-Z0-9_]{1,8}$, unique per (user, kind)
  std::string type;        // address, email or phone type ("home", "work", "mobile", ...)
  std::string state;       // "pending" or "approved"
  std::string value;       // the e-mail address or phone number; "" for addresses
  std::string replace_id;  // the item this one replaces once approved; "" when none
  // Addresses: addressLine1/2/3, city, regionCode, postalCode, countryCode, ...; phones:
  // extension. A JSON object text.
  std::string details_json = "{}";
  TimePoint created_at{};
};

// A user's limits (transfer limits, check deposit constraints), as a JSON object text.
struct UserConstraints {
  std::string user_id;
  std::string body_json = "{}";
  std::int64_t version = 0;  // 0: never written (defaults apply)
  TimePoint updated_at{};
};

// A tracking id attached to a user (de-duplicated, at most 150 per user, oldest dropped).
struct TrackingId {
  std::string user_id;
  std::string value;
  TimePoint created_at{};
};

// One way of proving identity inside a challenge: a one-time code sent by e-mail or SMS.
struct Authenticator {
  std::string id;
  std::string type;         // "email" or "sms"
  std::string state;        // pending, started, verified, failed, expired
  std::string code_digest;  // digest of the code sent by the last start/retry; "" before
  int retry_count = 0;
  int maximum_retries = 3;
  std::optional<TimePoint> started_at;
  std::optional<TimePoint> verified_at;
  std::optional<TimePoint> failed_at;
  TimePoint expires_at{};
};

// A multi-factor challenge a user must complete before a sensitive change; redeemed by passing
// its id in the Apiture-Challenge header.
struct Challenge {
  std::string id;
  std::string user_id;
  std::string context;  // the operation it guards, e.g. "setPreferredPhoneNumber"
  std::string reason;   // shown to the user
  int minimum_authenticator_count = 1;
  int maximum_redemption_count = 1;
  int redemption_count = 0;
  std::vector<TimePoint> redemption_history;
  std::vector<Authenticator> authenticators;
  TimePoint created_at{};
  TimePoint expires_at{};
};

// The stored values of one configuration group (its schema lives in code).
struct ConfigurationValues {
  std::string group;
  std::string values_json = "{}";
  std::int64_t version = 0;  // 0: never written (defaults apply)
  TimePoint updated_at{};
};

// An RSA key pair clients use to encrypt sensitive request fields. `name` is the purpose
// ("secret", "pii", "sensitive"); `alias` names one generation of it ("secret-48729783").
struct EncryptionKey {
  std::string name;
  std::string alias;
  std::string public_pem;
  std::string private_pem;
  TimePoint created_at{};
  TimePoint expires_at{};
};

// An OAuth2 token of the Apiture dialect. Only the digest is stored. Trusted-service tokens
// (client_credentials) have no user.
struct AccessToken {
  std::string digest;
  std::string kind;     // "access" or "refresh"
  std::string user_id;  // "" for a trusted service
  std::string consumer_id;
  std::string scope;  // space-separated
  TimePoint created_at{};
  TimePoint expires_at{};
};

// An OAuth2 token with the user it was issued to (none for a trusted service's token, or when
// that user no longer exists): what authenticating an Apiture request reads.
struct AccessTokenWithUser {
  AccessToken token;
  std::optional<User> user;
};

// Filter and page for listing users.
struct UserQuery {
  int limit = 50;
  int offset = 0;
  bool descending = false;
  std::optional<bool> deleted;  // nullopt: both; false: hide removed users (OBP default)
  std::optional<std::string> email;
};

}  // namespace roster::core
