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

// Filter and page for listing users.
struct UserQuery {
  int limit = 50;
  int offset = 0;
  bool descending = false;
  std::optional<bool> deleted;  // nullopt: both; false: hide removed users (OBP default)
  std::optional<std::string> email;
};

}  // namespace roster::core
