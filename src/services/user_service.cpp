#include "services/user_service.h"

#include <algorithm>

#include "core/password_policy.h"
#include "core/roles.h"
#include "core/validation.h"
#include "services/access.h"

namespace roster::services {

using core::ErrorCode;
using core::Fail;
using core::Result;
using core::User;
using core::UserState;

namespace {

constexpr std::size_t kValidationSecretBytes = 32;
constexpr std::string_view kLockViaApi = "lock_via_api";

// Field rules of registration; each message is a complete public sentence (OBP shows them
// joined by "; ").
std::string CheckNewUserFields(const NewUser& input) {
  std::vector<std::string_view> problems;
  if (!core::IsValidUsername(input.username)) {
    problems.push_back(
        "Invalid username: use a valid e-mail address or 8 to 100 letters, digits, '.' and '_', "
        "not starting or ending with '.' or '_' and without two of them in a row.");
  }
  if (input.email.size() > 254 || !core::IsValidEmail(input.email)) {
    problems.push_back("Invalid email address");
  }
  auto blank = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
  };
  if (blank(input.first_name) || input.first_name.size() > 100 ||
      !core::IsValidUtf8(input.first_name)) {
    problems.push_back("Invalid first name: 1 to 100 characters.");
  }
  if (blank(input.last_name) || input.last_name.size() > 100 ||
      !core::IsValidUtf8(input.last_name)) {
    problems.push_back("Invalid last name: 1 to 100 characters.");
  }
  std::string joined;
  for (auto p : problems) {
    if (!joined.empty()) joined += "; ";
    joined += p;
  }
  return joined;
}

}  // namespace

Result<UserDetails> UserService::Load(ports::Tx& tx, User user) {
  auto entitlements = tx.ListEntitlementsOfUser(user.id);
  if (!entitlements) return std::unexpected(entitlements.error());
  auto views = tx.ListAccessOfUser(user.id);
  if (!views) return std::unexpected(views.error());
  bool locked = user.state == UserState::kLocked;
  return UserDetails{.user = std::move(user),
                     .entitlements = std::move(*entitlements),
                     .views = std::move(*views),
                     .is_locked = locked};
}

Result<User> UserService::FindLocal(ports::Tx& tx, std::string_view username) {
  auto user = tx.FindUserByUsername(username);
  if (!user) return std::unexpected(user.error());
  if (!*user || (*user)->provider != settings_.hostname) {
    return Fail(ErrorCode::kUserNotFoundByUsername, std::string(username));
  }
  return std::move(**user);
}

Result<UserDetails> UserService::Register(const NewUser& input) {
  bool validated = settings_.skip_email_validation;
  return Create(input, validated, /*superuser=*/false, /*send_validation=*/!validated);
}

Result<UserDetails> UserService::CreateByOperator(const NewUser& input, bool validated,
                                                  bool superuser) {
  return Create(input, validated, superuser, /*send_validation=*/false);
}

Result<UserDetails> UserService::Create(const NewUser& input, bool validated, bool superuser,
                                        bool send_validation) {
  if (!core::IsAcceptablePassword(input.password)) return Fail(ErrorCode::kInvalidPassword);
  // Cheap uniqueness check before the expensive hash; the insert below re-checks atomically.
  auto existing = ports::ReadTx(
      ports_.store, [&](ports::Tx& tx) { return tx.FindUserByUsername(input.username); });
  if (!existing) return std::unexpected(existing.error());
  if (*existing) return Fail(ErrorCode::kUsernameTaken);
  if (std::string problems = CheckNewUserFields(input); !problems.empty()) {
    return Fail(ErrorCode::kInvalidInput, problems);
  }

  auto hash = ports_.hasher.Hash(input.password);
  if (!hash) return std::unexpected(hash.error());

  const core::TimePoint now = ports_.clock.Now();
  User user{.id = ports_.random.Uuid(),
            .username = input.username,
            .provider = settings_.hostname,
            .provider_id = input.username,
            .email = input.email,
            .first_name = input.first_name,
            .last_name = input.last_name,
            .password_hash = std::move(*hash),
            .validated = validated,
            .state = UserState::kActive,
            .created_at = now,
            .updated_at = now};
  std::string secret;
  if (send_validation) secret = ports_.random.Token(kValidationSecretBytes);

  auto created = ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<UserDetails> {
    if (auto r = tx.InsertUser(user); !r) return std::unexpected(r.error());
    if (superuser) {
      for (const core::RoleInfo& role : core::AllRoles()) {
        if (role.requires_bank_id) continue;
        core::Entitlement grant{.id = ports_.random.Uuid(),
                                .user_id = user.id,
                                .bank_id = "",
                                .role_name = std::string(role.name),
                                .created_by_process = "superuser",
                                .created_at = now};
        if (auto r = tx.InsertEntitlement(grant); !r) return std::unexpected(r.error());
      }
    }
    if (send_validation) {
      core::EmailValidation link{.digest = ports_.digest.Digest(secret),
                                 .user_id = user.id,
                                 .expires_at = now + settings_.email_validation_ttl};
      if (auto r = tx.InsertEmailValidation(link); !r) return std::unexpected(r.error());
    }
    return Load(tx, user);
  });
  if (!created) return created;

  if (send_validation) {
    ports::Message message{.kind = "email_validation",
                           .to = user.email,
                           .subject = "Please validate your e-mail address",
                           .body = "Follow this link to validate your e-mail address: " +
                                   settings_.hostname + "/user_mgt/validate_user/" + secret};
    // The user exists either way; a failed delivery is logged by the notifier and the
    // operator can validate the user by hand.
    (void)ports_.notifier.Send(message);
  }
  return created;
}

Result<void> UserService::ValidateEmail(std::string_view secret) {
  std::string digest = ports_.digest.Digest(secret);
  const core::TimePoint now = ports_.clock.Now();
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<void> {
    auto link = tx.TakeEmailValidation(digest);
    if (!link) return std::unexpected(link.error());
    if (!*link || (*link)->expires_at <= now) return Fail(ErrorCode::kValidationLinkInvalid);
    auto user = tx.FindUserById((*link)->user_id);
    if (!user) return std::unexpected(user.error());
    if (!*user || (*user)->IsDeleted()) return Fail(ErrorCode::kValidationLinkInvalid);
    User updated = **user;
    updated.validated = true;
    updated.updated_at = now;
    updated.version += 1;
    return tx.UpdateUser(updated);
  });
}

Result<UserDetails> UserService::Current(const Principal& caller) {
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) { return Load(tx, caller.user); });
}

Result<UserDetails> UserService::GetById(const Principal& caller, std::string_view user_id) {
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<UserDetails> {
    if (auto r = RequireAnyRole(tx, caller, {core::role::kCanGetAnyUser}); !r) {
      return std::unexpected(r.error());
    }
    auto user = tx.FindUserById(user_id);
    if (!user) return std::unexpected(user.error());
    if (!*user) return Fail(ErrorCode::kUserNotFound, std::string(user_id));
    return Load(tx, std::move(**user));
  });
}

Result<UserDetails> UserService::GetByUsername(const Principal& caller, std::string_view username) {
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<UserDetails> {
    if (auto r = RequireAnyRole(tx, caller, {core::role::kCanGetAnyUser}); !r) {
      return std::unexpected(r.error());
    }
    auto user = FindLocal(tx, username);
    if (!user) return std::unexpected(user.error());
    return Load(tx, std::move(*user));
  });
}

Result<std::vector<UserDetails>> UserService::GetByEmail(const Principal& caller,
                                                         std::string_view email) {
  core::UserQuery query{.limit = 1000, .offset = 0, .email = std::string(email)};
  return List(caller, query, std::nullopt);
}

Result<std::vector<UserDetails>> UserService::List(const Principal& caller,
                                                   const core::UserQuery& query,
                                                   std::optional<bool> locked) {
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<std::vector<UserDetails>> {
    if (auto r = RequireAnyRole(tx, caller, {core::role::kCanGetAnyUser}); !r) {
      return std::unexpected(r.error());
    }
    auto users = tx.ListUsers(query);
    if (!users) return std::unexpected(users.error());
    std::vector<UserDetails> out;
    out.reserve(users->size());
    for (User& user : *users) {
      auto details = Load(tx, std::move(user));
      if (!details) return std::unexpected(details.error());
      if (locked && details->is_locked != *locked) continue;
      out.push_back(std::move(*details));
    }
    return out;
  });
}

Result<void> UserService::Delete(const Principal& caller, std::string_view user_id) {
  const core::TimePoint now = ports_.clock.Now();
  // Scrambled identity (obp-reference-behaviour.md §2.5); drawn before the transaction because
  // a Write callback may be retried.
  std::string username = "DELETED-" + ports_.random.Alphanumeric(16);
  std::string email = ports_.random.Alphanumeric(10) + "@example.com";
  std::string first = ports_.random.Alphanumeric(10);
  std::string last = ports_.random.Alphanumeric(10);
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<void> {
    if (auto r = RequireAnyRole(tx, caller, {core::role::kCanDeleteUser}); !r) return r;
    auto user = tx.FindUserById(user_id);
    if (!user) return std::unexpected(user.error());
    if (!*user) return Fail(ErrorCode::kUserNotFound, std::string(user_id));
    User removed = **user;
    removed.username = username;
    removed.provider_id = username;
    removed.email = email;
    removed.first_name = first;
    removed.last_name = last;
    removed.password_hash.clear();
    removed.validated = false;
    removed.state = UserState::kRemoved;
    removed.updated_at = now;
    removed.version += 1;
    if (auto r = tx.UpdateUser(removed); !r) return r;
    // The Apiture side of the identity goes too: contact items and the profile's personal data.
    auto items = tx.ListContactItems(removed.id);
    if (!items) return std::unexpected(items.error());
    for (const core::ContactItem& item : *items) {
      if (auto r = tx.DeleteContactItem(item.user_id, item.kind, item.id); !r) return r;
    }
    auto profile = tx.FindUserProfile(removed.id);
    if (!profile) return std::unexpected(profile.error());
    if (*profile) {
      if (auto r = tx.PutUserProfile(core::UserProfile{.user_id = removed.id}); !r) return r;
    }
    return tx.DeleteTokensOfUser(removed.id);
  });
}

Result<LockStatus> UserService::GetLockStatus(const Principal& caller, std::string_view username) {
  const core::TimePoint now = ports_.clock.Now();
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<LockStatus> {
    auto user = FindLocal(tx, username);
    if (!user) return std::unexpected(user.error());
    if (auto r = RequireAnyRole(tx, caller, {core::role::kCanReadUserLockedStatus}); !r) {
      return std::unexpected(r.error());
    }
    auto attempts = tx.GetLoginAttempts(settings_.hostname, username);
    if (!attempts) return std::unexpected(attempts.error());
    return LockStatus{.username = user->username,
                      .bad_attempts = attempts->bad_attempts,
                      .last_failure_date = attempts->last_failure_date.value_or(now)};
  });
}

Result<LockStatus> UserService::Unlock(const Principal& caller, std::string_view username) {
  const core::TimePoint now = ports_.clock.Now();
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<LockStatus> {
    auto user = FindLocal(tx, username);
    if (!user) return std::unexpected(user.error());
    if (auto r = RequireAnyRole(tx, caller, {core::role::kCanUnlockUser}); !r) {
      return std::unexpected(r.error());
    }
    if (auto r = tx.ResetLoginAttempts(settings_.hostname, username, now); !r) {
      return std::unexpected(r.error());
    }
    if (user->state == UserState::kLocked || !user->lock_type.empty()) {
      User unlocked = *user;
      if (unlocked.state == UserState::kLocked) unlocked.state = UserState::kActive;
      unlocked.lock_type.clear();
      unlocked.last_lock_date.reset();
      unlocked.updated_at = now;
      unlocked.version += 1;
      if (auto r = tx.UpdateUser(unlocked); !r) return std::unexpected(r.error());
    }
    return LockStatus{.username = user->username, .bad_attempts = 0, .last_failure_date = now};
  });
}

Result<LockRecord> UserService::Lock(const Principal& caller, std::string_view username) {
  const core::TimePoint now = ports_.clock.Now();
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<LockRecord> {
    if (auto r = RequireAnyRole(tx, caller, {core::role::kCanLockUser}); !r) {
      return std::unexpected(r.error());
    }
    auto user = FindLocal(tx, username);
    if (!user) return std::unexpected(user.error());
    User locked = *user;
    locked.lock_type = kLockViaApi;
    locked.last_lock_date = now;
    if (locked.state == UserState::kActive) locked.state = UserState::kLocked;
    locked.updated_at = now;
    locked.version += 1;
    if (auto r = tx.UpdateUser(locked); !r) return std::unexpected(r.error());
    return LockRecord{
        .user_id = locked.id, .type_of_lock = locked.lock_type, .last_lock_date = now};
  });
}

}  // namespace roster::services
