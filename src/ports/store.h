// The persistence port. One interface, two implementations (store/sqlite, store/postgres), one
// contract test suite (tests/contract) run against both.
//
// Usage: every access happens inside Store::Read or Store::Write, which hand the callback a Tx.
// Write commits when the callback returns a value and rolls back when it returns an error, so a
// refused request changes nothing. A Write callback may be run more than once (an implementation
// may retry after a serialisation conflict): it must have no side effects outside the Tx.
//
// Errors: the store reports kUnavailable when the database cannot be reached or stays busy, and
// kInternal for anything unexpected; the specific codes are listed per method.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/model.h"

namespace roster::ports {

using core::Result;

// One database transaction. Not thread-safe; valid only inside the callback it was passed to.
class Tx {
 public:
  virtual ~Tx() = default;

  // Users. InsertUser: kUsernameTaken when the username exists (any state).
  virtual Result<void> InsertUser(const core::User& user) = 0;
  // Replaces every column of the user with this id; kUserNotFound if there is none.
  // Sets version = user.version (the caller increments it).
  virtual Result<void> UpdateUser(const core::User& user) = 0;
  virtual Result<std::optional<core::User>> FindUserById(std::string_view id) = 0;
  virtual Result<std::optional<core::User>> FindUserByUsername(std::string_view username) = 0;
  // Ordered by creation (then id), ascending unless query.descending.
  virtual Result<std::vector<core::User>> ListUsers(const core::UserQuery& query) = 0;

  // Bad-login bookkeeping per (provider, username). GetLoginAttempts returns a zero record when
  // none exists. RecordFailedLogin atomically increments and returns the new count.
  virtual Result<core::LoginAttempts> GetLoginAttempts(std::string_view provider,
                                                       std::string_view username) = 0;
  virtual Result<int> RecordFailedLogin(std::string_view provider, std::string_view username,
                                        core::TimePoint now) = 0;
  // Sets the count to 0 and the last failure date to `now` (creating the row if needed).
  virtual Result<void> ResetLoginAttempts(std::string_view provider, std::string_view username,
                                          core::TimePoint now) = 0;

  // Consumers, looked up by the digest of their key.
  virtual Result<void> InsertConsumer(const core::Consumer& consumer) = 0;
  virtual Result<std::optional<core::Consumer>> FindConsumerByKeyDigest(
      std::string_view digest) = 0;

  // Tokens, looked up by digest.
  virtual Result<void> InsertToken(const core::Token& token) = 0;
  // The token and its user in one lookup (every authenticated request makes it).
  virtual Result<std::optional<core::TokenWithUser>> FindTokenWithUser(std::string_view digest) = 0;
  virtual Result<void> DeleteToken(std::string_view digest) = 0;
  virtual Result<void> DeleteTokensOfUser(std::string_view user_id) = 0;

  // Entitlements. InsertEntitlement: kEntitlementExists for a duplicate (user, bank, role).
  virtual Result<void> InsertEntitlement(const core::Entitlement& entitlement) = 0;
  virtual Result<std::optional<core::Entitlement>> FindEntitlement(std::string_view id) = 0;
  // kEntitlementNotFound when there is none.
  virtual Result<void> DeleteEntitlement(std::string_view id) = 0;
  // Ordered by role name, then bank id.
  virtual Result<std::vector<core::Entitlement>> ListEntitlementsOfUser(
      std::string_view user_id) = 0;
  virtual Result<std::vector<core::Entitlement>> ListEntitlementsOfBank(
      std::string_view bank_id) = 0;
  // True iff the user holds role_name at bank_id ("" for system roles). Indexed: used on every
  // role check.
  virtual Result<bool> HasEntitlement(std::string_view user_id, std::string_view bank_id,
                                      std::string_view role_name) = 0;

  // Banks. InsertBank: kBankExists for a duplicate id.
  virtual Result<void> InsertBank(const core::Bank& bank) = 0;
  virtual Result<std::optional<core::Bank>> FindBank(std::string_view id) = 0;
  virtual Result<std::vector<core::Bank>> ListBanks() = 0;  // ordered by id

  // E-mail validation links. TakeEmailValidation returns and deletes the record (single use).
  virtual Result<void> InsertEmailValidation(const core::EmailValidation& validation) = 0;
  virtual Result<std::optional<core::EmailValidation>> TakeEmailValidation(
      std::string_view digest) = 0;
  // Users by identity provider (DAuth users, permissions by PROVIDER/PROVIDER_ID).
  virtual Result<std::optional<core::User>> FindUserByProvider(std::string_view provider,
                                                               std::string_view provider_id) = 0;

  // User attributes, listed by creation. UpdateUserAttribute replaces name, type, value and
  // updated_at; kAttributeNotFound when the id is unknown.
  virtual Result<void> InsertUserAttribute(const core::UserAttribute& attribute) = 0;
  virtual Result<void> UpdateUserAttribute(const core::UserAttribute& attribute) = 0;
  virtual Result<std::optional<core::UserAttribute>> FindUserAttribute(std::string_view id) = 0;
  virtual Result<std::vector<core::UserAttribute>> ListUserAttributes(std::string_view user_id) = 0;

  // Auth contexts, listed by creation. DeleteAuthContext: kAuthContextNotFound.
  virtual Result<void> InsertAuthContext(const core::UserAuthContext& context) = 0;
  virtual Result<std::vector<core::UserAuthContext>> ListAuthContexts(std::string_view user_id) = 0;
  virtual Result<void> DeleteAuthContext(std::string_view id) = 0;
  virtual Result<void> DeleteAuthContextsOfUser(std::string_view user_id) = 0;

  // Auth-context updates. UpdateAuthContextUpdate replaces status and failed_attempts;
  // kAuthContextUpdateNotFound when the id is unknown.
  virtual Result<void> InsertAuthContextUpdate(const core::AuthContextUpdate& update) = 0;
  virtual Result<std::optional<core::AuthContextUpdate>> FindAuthContextUpdate(
      std::string_view id) = 0;
  virtual Result<void> UpdateAuthContextUpdate(const core::AuthContextUpdate& update) = 0;

  // Entitlement requests, listed by creation. Insert: kEntitlementRequestExists for a duplicate
  // (user, bank, role). Delete: kEntitlementRequestNotFound. ListEntitlementRequests: all users
  // when user_id is empty.
  virtual Result<void> InsertEntitlementRequest(const core::EntitlementRequest& request) = 0;
  virtual Result<std::optional<core::EntitlementRequest>> FindEntitlementRequest(
      std::string_view id) = 0;
  virtual Result<void> DeleteEntitlementRequest(std::string_view id) = 0;
  virtual Result<std::vector<core::EntitlementRequest>> ListEntitlementRequests(
      std::string_view user_id) = 0;

  // Accounts, keyed by (bank_id, id). InsertAccount: kAccountExists for a duplicate key,
  // kAccountRoutingTaken when a (scheme, address) routing is already used by any account.
  virtual Result<void> InsertAccount(const core::Account& account) = 0;
  virtual Result<std::optional<core::Account>> FindAccount(std::string_view bank_id,
                                                           std::string_view id) = 0;

  // Views of accounts granted to users. GrantAccess is idempotent; RevokeAccess returns whether
  // a grant was removed. Lists are ordered by bank, account, view, user.
  virtual Result<void> GrantAccess(const core::AccountAccess& access) = 0;
  virtual Result<bool> RevokeAccess(std::string_view bank_id, std::string_view account_id,
                                    std::string_view view_id, std::string_view user_id) = 0;
  virtual Result<std::vector<core::AccountAccess>> ListAccessToAccount(
      std::string_view bank_id, std::string_view account_id) = 0;
  virtual Result<std::vector<core::AccountAccess>> ListAccessOfUser(std::string_view user_id) = 0;

  // Customers. InsertCustomer: kCustomerNumberTaken for a duplicate (bank_id, customer_number).
  // ListCustomers: every bank when bank_id is empty; ordered by bank, then creation.
  virtual Result<void> InsertCustomer(const core::Customer& customer) = 0;
  virtual Result<std::optional<core::Customer>> FindCustomer(std::string_view id) = 0;
  virtual Result<std::optional<core::Customer>> FindCustomerByNumber(
      std::string_view bank_id, std::string_view customer_number) = 0;
  virtual Result<std::vector<core::Customer>> ListCustomers(std::string_view bank_id) = 0;

  // User-customer links. Insert: kCustomerLinkExists for a duplicate (user_id, customer_id).
  virtual Result<void> InsertUserCustomerLink(const core::UserCustomerLink& link) = 0;
  virtual Result<std::vector<core::UserCustomerLink>> ListCustomerLinksOfUser(
      std::string_view user_id) = 0;

  // Password reset links. TakePasswordReset returns and deletes the record (single use).
  virtual Result<void> InsertPasswordReset(const core::PasswordReset& reset) = 0;
  virtual Result<std::optional<core::PasswordReset>> TakePasswordReset(std::string_view digest) = 0;

  // --- Apiture ---
  // Profiles. PutUserProfile inserts or replaces. FindUserByTaxId: the user whose profile has
  // this (non-empty) tax id. ListUserProfiles: every profile, ordered by user id.
  virtual Result<std::optional<core::UserProfile>> FindUserProfile(std::string_view user_id) = 0;
  virtual Result<void> PutUserProfile(const core::UserProfile& profile) = 0;
  virtual Result<std::optional<std::string>> FindUserByTaxId(std::string_view tax_id) = 0;
  virtual Result<std::vector<core::UserProfile>> ListUserProfiles() = 0;

  // Contact items, keyed by (user_id, kind, id). Insert: kContactItemExists for a duplicate key.
  // Update replaces type, state, value, replace_id and details; Delete: kContactItemNotFound
  // for both when there is none. Lists are ordered by creation (then insertion); an empty
  // user_id lists every user's items.
  virtual Result<void> InsertContactItem(const core::ContactItem& item) = 0;
  virtual Result<void> UpdateContactItem(const core::ContactItem& item) = 0;
  virtual Result<void> DeleteContactItem(std::string_view user_id, core::ContactKind kind,
                                         std::string_view id) = 0;
  virtual Result<std::optional<core::ContactItem>> FindContactItem(std::string_view user_id,
                                                                   core::ContactKind kind,
                                                                   std::string_view id) = 0;
  virtual Result<std::vector<core::ContactItem>> ListContactItems(std::string_view user_id) = 0;

  // Constraints: nullopt when never written. Put inserts or replaces.
  virtual Result<std::optional<core::UserConstraints>> FindUserConstraints(
      std::string_view user_id) = 0;
  virtual Result<void> PutUserConstraints(const core::UserConstraints& constraints) = 0;

  // Tracking ids of a user, oldest first (by created_at, then insertion). Insert of an existing
  // (user, value) is a no-op; Delete of a missing one too.
  virtual Result<std::vector<core::TrackingId>> ListTrackingIds(std::string_view user_id) = 0;
  virtual Result<void> InsertTrackingId(const core::TrackingId& tracking_id) = 0;
  virtual Result<void> DeleteTrackingId(std::string_view user_id, std::string_view value) = 0;

  // Challenges with their authenticators (in the order given). Update replaces every mutable
  // field (redemption count and history, authenticators); kNoSuchChallenge when unknown.
  virtual Result<void> InsertChallenge(const core::Challenge& challenge) = 0;
  virtual Result<std::optional<core::Challenge>> FindChallenge(std::string_view id) = 0;
  virtual Result<void> UpdateChallenge(const core::Challenge& challenge) = 0;

  // Configuration values per group: nullopt when never written. Put inserts or replaces.
  virtual Result<std::optional<core::ConfigurationValues>> FindConfigurationValues(
      std::string_view group) = 0;
  virtual Result<void> PutConfigurationValues(const core::ConfigurationValues& values) = 0;

  // Encryption keys. Insert: kInternal on a duplicate alias. List: ordered by name, then
  // created_at descending (newest first).
  virtual Result<void> InsertEncryptionKey(const core::EncryptionKey& key) = 0;
  virtual Result<std::vector<core::EncryptionKey>> ListEncryptionKeys() = 0;
  virtual Result<std::optional<core::EncryptionKey>> FindEncryptionKeyByAlias(
      std::string_view alias) = 0;

  // OAuth2 access and refresh tokens, by digest. DeleteTokensOfUser also deletes these.
  virtual Result<void> InsertAccessToken(const core::AccessToken& token) = 0;
  virtual Result<std::optional<core::AccessToken>> FindAccessToken(std::string_view digest) = 0;
  virtual Result<void> DeleteAccessToken(std::string_view digest) = 0;
  // The token and its user in one read (one statement; one round trip on PostgreSQL).
  virtual Result<std::optional<core::AccessTokenWithUser>> FindAccessTokenWithUser(
      std::string_view digest) = 0;

  // Deletes at most `limit` records of each kind whose expiry is at or before `cutoff`: DirectLogin
  // tokens, OAuth2 tokens, e-mail validation and password reset links, MFA challenges (with their
  // authenticators) and auth-context update requests. Returns how many records went (a
  // challenge's authenticators count too); a caller that wants them all repeats until that is 0.
  virtual Result<std::int64_t> PurgeExpired(core::TimePoint cutoff, int limit) = 0;
};

class Store {
 public:
  using TxFn = std::function<Result<void>(Tx&)>;
  virtual ~Store() = default;

  // A consistent read-only view. Thread-safe: any number of threads may call it at once.
  virtual Result<void> Read(const TxFn& fn) = 0;
  // A serialisable read-write transaction; commits iff fn succeeds. Thread-safe.
  virtual Result<void> Write(const TxFn& fn) = 0;
  // Applies pending versioned migrations. Idempotent.
  virtual Result<void> Migrate() = 0;
  // The schema version now applied.
  virtual Result<int> SchemaVersion() = 0;
};

namespace detail {
// The read transaction a ReadScope holds open on this thread (see ReadScope below). `tx` is null
// once a write or a failed read inside the scope has retired it.
struct AmbientRead {
  Store* store = nullptr;
  Tx* tx = nullptr;
};
inline thread_local AmbientRead ambient_read;

template <class F>
using TxResultOf = std::invoke_result_t<F&, Tx&>;
template <class F>
Result<typename TxResultOf<F>::value_type> Run(Store& store, bool write, F&& fn) {
  using R = TxResultOf<F>;
  AmbientRead& ambient = ambient_read;
  if (ambient.store == &store && ambient.tx != nullptr) {
    if (!write) {
      R shared = fn(*ambient.tx);
      // A failed statement may have aborted the transaction (PostgreSQL): later reads get their
      // own.
      if (!shared.has_value()) ambient.tx = nullptr;
      return shared;
    }
    // The reads after this write must see it, which the scope's older snapshot would not.
    ambient.tx = nullptr;
  }
  std::optional<R> out;
  Store::TxFn wrapped = [&](Tx& tx) -> Result<void> {
    out.emplace(fn(tx));
    if (!out->has_value()) return std::unexpected(out->error());
    return {};
  };
  auto done = write ? store.Write(wrapped) : store.Read(wrapped);
  if (!done) return std::unexpected(done.error());
  return std::move(*out);
}
}  // namespace detail

// Typed helpers: `auto user = ReadTx(store, [&](Tx& tx) { return tx.FindUserById(id); });`
template <class F>
auto ReadTx(Store& store, F&& fn) {
  return detail::Run(store, false, std::forward<F>(fn));
}
template <class F>
auto WriteTx(Store& store, F&& fn) {
  return detail::Run(store, true, std::forward<F>(fn));
}

// Runs `fn()` inside one read transaction of `store` that every ReadTx on `store` this thread
// makes within it shares, so that a request that authenticates and then reads costs one
// transaction and one connection instead of several (and sees one snapshot). A WriteTx inside
// runs in its own transaction as always, and the ReadTx calls after it get their own too, so they
// see the write; so does every ReadTx after one that failed. Services must go through ReadTx and
// WriteTx, never Store::Read/Write directly, for that to hold. When the transaction cannot begin,
// fn runs without the scope. Nested scopes share the outer one.
template <class F>
auto ReadScope(Store& store, F&& fn) -> std::invoke_result_t<F&> {
  detail::AmbientRead& ambient = detail::ambient_read;
  if (ambient.store != nullptr) return fn();
  std::optional<std::invoke_result_t<F&>> out;
  auto done = store.Read([&](Tx& tx) -> Result<void> {
    struct Restore {
      detail::AmbientRead& ambient;
      ~Restore() { ambient = {}; }
    } restore{ambient};
    ambient = {&store, &tx};
    out.emplace(fn());
    return {};
  });
  if (out) return std::move(*out);
  (void)done;  // the transaction did not begin: fn runs unscoped and meets the error itself
  return fn();
}

// Runs run(0) .. run(count - 1) in order, as if inside one ReadScope, except that a task which
// retires the shared transaction (a write, a failed read) does not take it from the tasks after
// it: the next task opens a fresh scope. The server passes queued read-only requests here
// (http::WorkerPool batches): the scope begins after all of them were queued, so each still reads
// a snapshot taken after it arrived and sees every write answered before it was sent.
//
// The store may run a scope's callback again (PostgreSQL, after a lost connection); `next` lives
// outside it, so a rerun goes on from the first task not started and no task runs twice.
template <class F>
void ShareReads(Store& store, std::size_t count, F&& run) {
  std::size_t next = 0;
  while (next < count) {
    ReadScope(store, [&] {
      while (next < count) {
        run(next++);
        if (detail::ambient_read.tx == nullptr) break;  // retired, or no scope began
      }
      return true;
    });
  }
}

}  // namespace roster::ports
