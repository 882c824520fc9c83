// Users: registration, e-mail validation, look-ups, soft deletion, locks.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

struct NewUser {
  std::string username;
  std::string password;
  std::string email;
  std::string first_name;
  std::string last_name;
};

// A user with what the dialects show next to it.
struct UserDetails {
  core::User user;
  std::vector<core::Entitlement> entitlements;  // ordered by role name
  std::vector<core::AccountAccess> views;       // views of accounts granted to the user
  bool is_locked = false;
};

struct LockStatus {
  std::string username;
  int bad_attempts = 0;
  core::TimePoint last_failure_date{};
};

struct LockRecord {
  std::string user_id;
  std::string type_of_lock;
  core::TimePoint last_lock_date{};
};

class UserService {
 public:
  UserService(Ports ports, const Settings& settings) : ports_(ports), settings_(settings) {}

  // Self-registration (anonymous). Checks, in order: password policy (kInvalidPassword),
  // username taken (kUsernameTaken), username/e-mail/name rules (kInvalidInput, detail names the
  // field). Unless skip_email_validation, the user starts unvalidated and a validation link is
  // sent through the Notifier. Runs Argon2: call from the password-hash lane.
  core::Result<UserDetails> Register(const NewUser& input);

  // Operator creation (CLI): like Register, but `validated` is chosen by the operator and a
  // superuser is granted every system role.
  core::Result<UserDetails> CreateByOperator(const NewUser& input, bool validated, bool superuser);

  // Consumes an e-mail validation link. kValidationLinkInvalid when unknown, used or expired.
  core::Result<void> ValidateEmail(std::string_view secret);

  // The caller with its entitlements.
  core::Result<UserDetails> Current(const Principal& caller);

  // Look-ups for staff (role CanGetAnyUser). kUserNotFound / kUserNotFoundByUsername.
  core::Result<UserDetails> GetById(const Principal& caller, std::string_view user_id);
  core::Result<UserDetails> GetByUsername(const Principal& caller, std::string_view username);
  core::Result<std::vector<UserDetails>> GetByEmail(const Principal& caller,
                                                    std::string_view email);
  // `locked`: when set, keeps only users whose lock state matches (applied after paging).
  core::Result<std::vector<UserDetails>> List(const Principal& caller, const core::UserQuery& query,
                                              std::optional<bool> locked);

  // Soft delete (role CanDeleteUser): scrambles the identity, erases the Apiture personal data
  // (contact items, tax id and the other profile fields), marks the user removed and revokes its
  // tokens. kUserNotFound.
  core::Result<void> Delete(const Principal& caller, std::string_view user_id);

  // Lock bookkeeping of a local username (role CanReadUserLockedStatus).
  core::Result<LockStatus> GetLockStatus(const Principal& caller, std::string_view username);
  // Unlock (role CanUnlockUser; the user is looked up first): resets the bad-login counter,
  // removes any lock and makes a locked user active again.
  core::Result<LockStatus> Unlock(const Principal& caller, std::string_view username);
  // Lock by an administrator (role CanLockUser): writes a "lock_via_api" lock.
  core::Result<LockRecord> Lock(const Principal& caller, std::string_view username);

  // Details of a user read inside a transaction (shared with other services).
  static core::Result<UserDetails> Load(ports::Tx& tx, core::User user);

 private:
  core::Result<UserDetails> Create(const NewUser& input, bool validated, bool superuser,
                                   bool send_validation);
  core::Result<core::User> FindLocal(ports::Tx& tx, std::string_view username);

  Ports ports_;
  const Settings& settings_;
};

}  // namespace roster::services
