// One SQLite connection with its prepared-statement cache. Internal to store/sqlite.
//
// Thread-safety: none. A connection is used by one thread at a time (the pool hands it out);
// SQLite runs in multi-thread mode, so connections themselves share no state.
#pragma once

#include <array>
#include <memory>
#include <string_view>

#include "core/error.h"
#include "store/sqlite/sqlite_store.h"

struct sqlite3;
struct sqlite3_stmt;

namespace roster::store {

// Every statement the store runs. The SQL texts are constants (sqlite_connection.cpp); values
// are always bound, never spliced in.
enum class Stmt {
  kBegin,
  kBeginImmediate,
  kCommit,
  kRollback,
  kInsertUser,
  kUpdateUser,
  kFindUserById,
  kFindUserByUsername,
  kListUsersAsc,
  kListUsersDesc,
  kListUsersByEmailAsc,
  kListUsersByEmailDesc,
  kGetLoginAttempts,
  kRecordFailedLogin,
  kResetLoginAttempts,
  kInsertConsumer,
  kFindConsumerByKeyDigest,
  kInsertToken,
  kFindTokenWithUser,
  kDeleteToken,
  kDeleteTokensOfUser,
  kInsertEntitlement,
  kFindEntitlement,
  kDeleteEntitlement,
  kListEntitlementsOfUser,
  kListEntitlementsOfBank,
  kHasEntitlement,
  kInsertBank,
  kFindBank,
  kListBanks,
  kInsertEmailValidation,
  kTakeEmailValidation,
  kFindUserByProvider,
  kInsertUserAttribute,
  kUpdateUserAttribute,
  kFindUserAttribute,
  kListUserAttributes,
  kInsertAuthContext,
  kListAuthContexts,
  kDeleteAuthContext,
  kDeleteAuthContextsOfUser,
  kInsertAuthContextUpdate,
  kFindAuthContextUpdate,
  kUpdateAuthContextUpdate,
  kInsertEntitlementRequest,
  kFindEntitlementRequest,
  kDeleteEntitlementRequest,
  kListEntitlementRequests,
  kListEntitlementRequestsOfUser,
  kSavepointAccount,
  kReleaseAccount,
  kRollbackToAccount,
  kInsertAccount,
  kInsertAccountRouting,
  kFindAccount,
  kListAccountRoutings,
  kGrantAccess,
  kRevokeAccess,
  kListAccessToAccount,
  kListAccessOfUser,
  kInsertCustomer,
  kFindCustomer,
  kFindCustomerByNumber,
  kListCustomers,
  kListCustomersOfBank,
  kInsertUserCustomerLink,
  kListCustomerLinksOfUser,
  kInsertPasswordReset,
  kTakePasswordReset,
  kFindUserProfile,
  kPutUserProfile,
  kFindUserByTaxId,
  kListUserProfiles,
  kInsertContactItem,
  kUpdateContactItem,
  kDeleteContactItem,
  kFindContactItem,
  kListContactItems,
  kListContactItemsOfUser,
  kFindUserConstraints,
  kPutUserConstraints,
  kListTrackingIds,
  kInsertTrackingId,
  kDeleteTrackingId,
  kInsertChallenge,
  kUpdateChallenge,
  kFindChallenge,
  kInsertAuthenticator,
  kDeleteAuthenticators,
  kListAuthenticators,
  kFindConfigurationValues,
  kPutConfigurationValues,
  kInsertEncryptionKey,
  kListEncryptionKeys,
  kFindEncryptionKeyByAlias,
  kInsertAccessToken,
  kFindAccessToken,
  kDeleteAccessToken,
  kDeleteAccessTokensOfUser,
  kFindAccessTokenWithUser,
  kPurgeTokens,
  kPurgeAccessTokens,
  kPurgeEmailValidations,
  kPurgePasswordResets,
  kPurgeChallengeAuthenticators,
  kPurgeChallenges,
  kPurgeAuthContextUpdates,
  kCount,
};

// Maps a failed SQLite call: BUSY/LOCKED (after the busy timeout) -> kUnavailable, anything else
// -> kInternal. SQLite's message goes to Error::log, never to detail.
core::Error SqliteError(sqlite3* db, int rc, std::string_view what);

class SqliteConnection {
 public:
  // Opens the file in multi-thread mode and applies the per-connection pragmas. `first` also
  // switches the file to WAL (a persistent setting).
  static core::Result<std::unique_ptr<SqliteConnection>> Open(const SqliteOptions& options,
                                                              bool first);
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;
  ~SqliteConnection();

  sqlite3* db() const { return db_; }
  // The cached statement, prepared on first use. The caller resets it after use (StmtLease).
  core::Result<sqlite3_stmt*> Prepare(Stmt stmt);
  // Runs a statement that returns no rows (BEGIN, COMMIT, ...).
  core::Result<void> Run(Stmt stmt);
  // Runs one or more statements of constant SQL (migrations, pragmas).
  core::Result<void> Exec(const char* sql);
  bool InTransaction() const;

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  std::array<sqlite3_stmt*, static_cast<std::size_t>(Stmt::kCount)> cache_{};
};

}  // namespace roster::store
