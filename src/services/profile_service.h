// Apiture users: creation with profile and contact items, reads, listing, search and lookup,
// PUT/PATCH, and the state actions (activate, deactivate, lock, freeze, remove).
//
// Access (services/apiture_access.h): createUser is for administrators and trusted services;
// a user reads and changes only themselves (profiles/read, profiles/write), administrators
// anyone; listing everyone, searchUsers and lookupUsers need admin/read (or a trusted
// service). The state actions need profiles/write on oneself or admin/write; freezing, and
// activating a locked or frozen user, need an administrator.
//
// Every write is one store transaction that ends with SaveUserRecord, so a user's ETag
// (User::version) changes with every change and If-Match is checked against the version read in
// that same transaction: concurrent updates never lose a write.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/user_query.h"
#include "core/user_states.h"
#include "services/context.h"
#include "services/principal.h"
#include "services/user_record.h"

namespace roster::services {

// The fields of a user a client sets through createUser, updateUser and patchUser.
struct UserFields {
  std::string username;
  std::string first_name;
  std::string last_name;
  std::string tax_id;  // clear text, normalised (NormalizeTaxId); "" = none
  std::string customer_id;
  std::string occupation;
  std::string details_json = "{}";  // becomes UserProfile::details_json
};

// createUser.
struct NewProfileUser {
  UserFields fields;
  // Contact items (kind, type, value, details_json; id "" = assign one). Stored approved.
  std::vector<core::ContactItem> items;
  // Pointers to items above; "" = the first item of the kind (none for the tax address).
  std::string preferred_address_id;
  std::string tax_address_id;
  std::string preferred_email_id;
  std::string preferred_phone_id;
  // When set, checked against the password policy and hashed so that the user can log in.
  std::optional<std::string> password;
};

// The outcome of a PUT or PATCH body applied to the current user.
struct UserChange {
  UserFields fields;                 // every field's new value
  std::optional<std::string> id;     // the _id the body names, if any
  std::optional<std::string> state;  // the state the body names, if any
};
// Computes the change from the current record. Runs inside the write transaction, possibly more
// than once: it must not have side effects.
using UserEdit = std::function<core::Result<UserChange>(const UserRecord& current)>;

// What listing and searching know about a user, derived from its record by the dialect (which
// owns the layout of UserProfile::details_json and the contact items' details).
using FactsOf = std::function<core::UserFacts(const UserRecord& record)>;

// A user as one caller may see it.
struct UserView {
  UserRecord record;
  bool pii = false;                       // the caller may read PII (MayReadPii)
  std::vector<core::UserAction> actions;  // the state actions this caller may invoke now
};

// The user as `caller` may see it: PII flag and the state actions the caller may invoke now.
UserView ViewOf(const ScopedPrincipal& caller, UserRecord record);

struct UserPage {
  std::vector<UserView> items;
  std::int64_t count = 0;  // users matching the query in all
};

// lookupUsers: every non-empty member must match (tax id exactly after normalisation,
// username and e-mail case-insensitively, customer id exactly).
struct UserLookup {
  std::string tax_id;
  std::string username;
  std::string email;
  std::string customer_id;
};

// "112-22-3333" -> "112223333": '-' and blanks dropped. Other characters are kept (the caller
// validates).
std::string NormalizeTaxId(std::string_view tax_id);

class ProfileService {
 public:
  ProfileService(Ports ports, const Settings& settings) : ports_(ports), settings_(settings) {}

  // Admin only (kForbidden / kInsufficientScope). Errors, in order: kInvalidInput (detail
  // names the field: username, _id, preferredMailingAddressId, ...), kInvalidPassword,
  // kUsernameTaken, kDuplicateTaxId. The user starts active and validated. Runs Argon2 when a
  // password is given: call from the password-hash lane.
  core::Result<UserView> Create(const ScopedPrincipal& caller, NewProfileUser input);

  // kUserNotFound.
  core::Result<UserView> Get(const ScopedPrincipal& caller, std::string_view user_id);

  // getUsers: every user for admin/read, otherwise just the caller (profiles/read). Filters and
  // sorts in memory (see docs/dialects.md, "Apiture users").
  core::Result<UserPage> List(const ScopedPrincipal& caller, const core::UserListQuery& query,
                              std::int64_t start, std::int64_t limit, const FactsOf& facts_of);

  // searchUsers (admin/read or a trusted service): users any text matches, in creation order.
  // PII fields are searched only for callers that may read PII.
  core::Result<std::vector<UserView>> Search(const ScopedPrincipal& caller,
                                             const std::vector<std::string>& texts,
                                             const FactsOf& facts_of);
  // lookupUsers (admin/read or a trusted service). kInvalidInput "taxId" when nothing is given;
  // kInsufficientScope "profiles/readPii" for a tax id or e-mail without that scope.
  core::Result<std::vector<UserView>> Lookup(const ScopedPrincipal& caller,
                                             const UserLookup& lookup);

  // updateUser / patchUser. Errors, in order: kUserNotFound, kPreconditionFailed (if_match is
  // not the current version), kInvalidStateChange (removed users cannot change), what `edit`
  // returns, kCannotChangeId (_id, or a changed or removed tax id), kCannotUpdateState,
  // kInvalidInput (username, firstName, lastName), kForbidden (customerId changed by a
  // non-admin), kDuplicateTaxId, kUsernameTaken.
  core::Result<UserView> Update(const ScopedPrincipal& caller, std::string_view user_id,
                                std::optional<std::int64_t> if_match, const UserEdit& edit);

  // A state action. kInvalidInput "user" when there is no such user; kPreconditionFailed;
  // kInvalidStateChange (detail = the required states, comma-separated). Locking records an
  // administrator lock (OBP lock_via_api); activating clears any lock and the bad-login counter;
  // removing revokes every token of the user.
  core::Result<UserView> ChangeState(const ScopedPrincipal& caller, std::string_view user_id,
                                     core::UserAction action, std::optional<std::int64_t> if_match);

 private:
  core::Result<std::vector<UserRecord>> LoadAll(ports::Tx& tx);

  Ports ports_;
  const Settings& settings_;
};

}  // namespace roster::services
