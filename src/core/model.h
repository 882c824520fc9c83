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
  std::string lock_type;                  // "lock_via_api" when locked by an administrator
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

// Filter and page for listing users.
struct UserQuery {
  int limit = 50;
  int offset = 0;
  bool descending = false;
  std::optional<bool> deleted;  // nullopt: both; false: hide removed users (OBP default)
  std::optional<std::string> email;
};

}  // namespace roster::core
