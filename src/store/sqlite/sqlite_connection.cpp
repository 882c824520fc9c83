#include "store/sqlite/sqlite_connection.h"

#include <sqlite3.h>

#include <algorithm>
#include <string>

#include "store/columns.h"

namespace roster::store {
namespace {

// Indexed by Stmt. Constant text only: every value is a bound parameter.
constexpr std::array<const char*, static_cast<std::size_t>(Stmt::kCount)> kSql = {
    "BEGIN",
    "BEGIN IMMEDIATE",
    "COMMIT",
    "ROLLBACK",
    // kInsertUser
    "INSERT INTO users (" ROSTER_USER_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    // kUpdateUser
    "UPDATE users SET username = ?2, provider = ?3, provider_id = ?4, email = ?5, "
    "first_name = ?6, last_name = ?7, password_hash = ?8, validated = ?9, state = ?10, "
    "lock_type = ?11, last_lock_date = ?12, created_at = ?13, updated_at = ?14, version = ?15 "
    "WHERE id = ?1",
    // kFindUserById
    "SELECT " ROSTER_USER_COLUMNS " FROM users WHERE id = ?1",
    // kFindUserByUsername
    "SELECT " ROSTER_USER_COLUMNS " FROM users WHERE username = ?1",
    // kListUsersAsc .. kListUsersByEmailDesc: ?1 = deleted filter (NULL: both), ?2 limit,
    // ?3 offset, ?4 e-mail. ORDER BY cannot be bound, hence one text per direction.
    "SELECT " ROSTER_USER_COLUMNS
    " FROM users WHERE (?1 IS NULL OR (state = 'removed') = ?1)"
    " ORDER BY created_at ASC, id ASC LIMIT ?2 OFFSET ?3",
    "SELECT " ROSTER_USER_COLUMNS
    " FROM users WHERE (?1 IS NULL OR (state = 'removed') = ?1)"
    " ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3",
    "SELECT " ROSTER_USER_COLUMNS
    " FROM users WHERE email = ?4 AND (?1 IS NULL OR (state = 'removed') = ?1)"
    " ORDER BY created_at ASC, id ASC LIMIT ?2 OFFSET ?3",
    "SELECT " ROSTER_USER_COLUMNS
    " FROM users WHERE email = ?4 AND (?1 IS NULL OR (state = 'removed') = ?1)"
    " ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3",
    // kGetLoginAttempts
    "SELECT bad_attempts, last_failure_date FROM login_attempts "
    "WHERE provider = ?1 AND username = ?2",
    // kRecordFailedLogin: one statement, so the increment is atomic.
    "INSERT INTO login_attempts (provider, username, bad_attempts, last_failure_date) "
    "VALUES (?1, ?2, 1, ?3) ON CONFLICT (provider, username) DO UPDATE SET "
    "bad_attempts = bad_attempts + 1, last_failure_date = excluded.last_failure_date "
    "RETURNING bad_attempts",
    // kResetLoginAttempts
    "INSERT INTO login_attempts (provider, username, bad_attempts, last_failure_date) "
    "VALUES (?1, ?2, 0, ?3) ON CONFLICT (provider, username) DO UPDATE SET "
    "bad_attempts = 0, last_failure_date = excluded.last_failure_date",
    // kInsertConsumer
    "INSERT INTO consumers (" ROSTER_CONSUMER_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    // kFindConsumerByKeyDigest
    "SELECT " ROSTER_CONSUMER_COLUMNS " FROM consumers WHERE key_digest = ?1",
    // kInsertToken
    "INSERT INTO tokens (digest, user_id, consumer_id, created_at, expires_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5)",
    // kFindTokenWithUser: the user's columns first, in ReadUser's order, then the token's.
    "SELECT u.*, t.digest, t.user_id, t.consumer_id, t.created_at, t.expires_at "
    "FROM tokens t JOIN (SELECT " ROSTER_USER_COLUMNS
    " FROM users) u ON u.id = t.user_id "
    "WHERE t.digest = ?1",
    // kDeleteToken
    "DELETE FROM tokens WHERE digest = ?1",
    // kDeleteTokensOfUser
    "DELETE FROM tokens WHERE user_id = ?1",
    // kInsertEntitlement
    "INSERT INTO entitlements (id, user_id, bank_id, role_name, created_by_process, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    // kFindEntitlement
    "SELECT id, user_id, bank_id, role_name, created_by_process, created_at "
    "FROM entitlements WHERE id = ?1",
    // kDeleteEntitlement
    "DELETE FROM entitlements WHERE id = ?1",
    // kListEntitlementsOfUser
    "SELECT id, user_id, bank_id, role_name, created_by_process, created_at "
    "FROM entitlements WHERE user_id = ?1 ORDER BY role_name, bank_id",
    // kListEntitlementsOfBank
    "SELECT id, user_id, bank_id, role_name, created_by_process, created_at "
    "FROM entitlements WHERE bank_id = ?1 ORDER BY role_name, bank_id, user_id",
    // kHasEntitlement: served by the UNIQUE (user_id, bank_id, role_name) index.
    "SELECT 1 FROM entitlements WHERE user_id = ?1 AND bank_id = ?2 AND role_name = ?3",
    // kInsertBank
    "INSERT INTO banks (id, short_name, full_name, created_at) VALUES (?1, ?2, ?3, ?4)",
    // kFindBank
    "SELECT id, short_name, full_name, created_at FROM banks WHERE id = ?1",
    // kListBanks
    "SELECT id, short_name, full_name, created_at FROM banks ORDER BY id",
    // kInsertEmailValidation
    "INSERT INTO email_validations (digest, user_id, expires_at) VALUES (?1, ?2, ?3)",
    // kTakeEmailValidation: read and delete in one statement (single use).
    "DELETE FROM email_validations WHERE digest = ?1 RETURNING digest, user_id, expires_at",
    // kFindUserByProvider: served by the UNIQUE (provider, provider_id) index.
    "SELECT " ROSTER_USER_COLUMNS " FROM users WHERE provider = ?1 AND provider_id = ?2",
    // kInsertUserAttribute
    "INSERT INTO user_attributes (" ROSTER_ATTRIBUTE_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    // kUpdateUserAttribute
    "UPDATE user_attributes SET name = ?2, type = ?3, value = ?4, updated_at = ?5 WHERE id = ?1",
    // kFindUserAttribute
    "SELECT " ROSTER_ATTRIBUTE_COLUMNS " FROM user_attributes WHERE id = ?1",
    // kListUserAttributes
    "SELECT " ROSTER_ATTRIBUTE_COLUMNS
    " FROM user_attributes WHERE user_id = ?1 ORDER BY created_at, rowid",
    // kInsertAuthContext
    "INSERT INTO user_auth_contexts (" ROSTER_AUTH_CONTEXT_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    // kListAuthContexts
    "SELECT " ROSTER_AUTH_CONTEXT_COLUMNS
    " FROM user_auth_contexts WHERE user_id = ?1 ORDER BY created_at, rowid",
    // kDeleteAuthContext
    "DELETE FROM user_auth_contexts WHERE id = ?1",
    // kDeleteAuthContextsOfUser
    "DELETE FROM user_auth_contexts WHERE user_id = ?1",
    // kInsertAuthContextUpdate
    "INSERT INTO auth_context_updates (" ROSTER_AUTH_CONTEXT_UPDATE_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    // kFindAuthContextUpdate
    "SELECT " ROSTER_AUTH_CONTEXT_UPDATE_COLUMNS " FROM auth_context_updates WHERE id = ?1",
    // kUpdateAuthContextUpdate
    "UPDATE auth_context_updates SET status = ?2, failed_attempts = ?3 WHERE id = ?1",
    // kInsertEntitlementRequest
    "INSERT INTO entitlement_requests (" ROSTER_ENTITLEMENT_REQUEST_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5)",
    // kFindEntitlementRequest
    "SELECT " ROSTER_ENTITLEMENT_REQUEST_COLUMNS " FROM entitlement_requests WHERE id = ?1",
    // kDeleteEntitlementRequest
    "DELETE FROM entitlement_requests WHERE id = ?1",
    // kListEntitlementRequests
    "SELECT " ROSTER_ENTITLEMENT_REQUEST_COLUMNS
    " FROM entitlement_requests ORDER BY created_at, rowid",
    // kListEntitlementRequestsOfUser
    "SELECT " ROSTER_ENTITLEMENT_REQUEST_COLUMNS
    " FROM entitlement_requests WHERE user_id = ?1 ORDER BY created_at, rowid",
    // kSavepointAccount, kReleaseAccount, kRollbackToAccount: an account and its routings are
    // inserted all or nothing, whatever the caller does with the error.
    "SAVEPOINT insert_account",
    "RELEASE insert_account",
    "ROLLBACK TO insert_account",
    // kInsertAccount
    "INSERT INTO accounts (" ROSTER_ACCOUNT_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    // kInsertAccountRouting
    "INSERT INTO account_routings (scheme, address, bank_id, account_id, position) "
    "VALUES (?1, ?2, ?3, ?4, ?5)",
    // kFindAccount
    "SELECT " ROSTER_ACCOUNT_COLUMNS " FROM accounts WHERE bank_id = ?1 AND id = ?2",
    // kListAccountRoutings
    "SELECT scheme, address FROM account_routings WHERE bank_id = ?1 AND account_id = ?2 "
    "ORDER BY position",
    // kGrantAccess: idempotent; an existing grant keeps its creation date.
    "INSERT INTO account_access (" ROSTER_ACCESS_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (bank_id, account_id, view_id, user_id) DO NOTHING",
    // kRevokeAccess
    "DELETE FROM account_access "
    "WHERE bank_id = ?1 AND account_id = ?2 AND view_id = ?3 AND user_id = ?4",
    // kListAccessToAccount
    "SELECT " ROSTER_ACCESS_COLUMNS
    " FROM account_access WHERE bank_id = ?1 AND account_id = ?2 "
    "ORDER BY bank_id, account_id, view_id, user_id",
    // kListAccessOfUser
    "SELECT " ROSTER_ACCESS_COLUMNS
    " FROM account_access WHERE user_id = ?1 "
    "ORDER BY bank_id, account_id, view_id, user_id",
    // kInsertCustomer
    "INSERT INTO customers (" ROSTER_CUSTOMER_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    // kFindCustomer
    "SELECT " ROSTER_CUSTOMER_COLUMNS " FROM customers WHERE id = ?1",
    // kFindCustomerByNumber: served by the UNIQUE (bank_id, customer_number) index.
    "SELECT " ROSTER_CUSTOMER_COLUMNS " FROM customers WHERE bank_id = ?1 AND customer_number = ?2",
    // kListCustomers
    "SELECT " ROSTER_CUSTOMER_COLUMNS " FROM customers ORDER BY bank_id, created_at, rowid",
    // kListCustomersOfBank
    "SELECT " ROSTER_CUSTOMER_COLUMNS
    " FROM customers WHERE bank_id = ?1 ORDER BY bank_id, created_at, rowid",
    // kInsertUserCustomerLink
    "INSERT INTO user_customer_links (" ROSTER_CUSTOMER_LINK_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    // kListCustomerLinksOfUser: served by the UNIQUE (user_id, customer_id) index.
    "SELECT " ROSTER_CUSTOMER_LINK_COLUMNS
    " FROM user_customer_links WHERE user_id = ?1 ORDER BY created_at, rowid",
    // kInsertPasswordReset
    "INSERT INTO password_resets (digest, user_id, expires_at) VALUES (?1, ?2, ?3)",
    // kTakePasswordReset: read and delete in one statement (single use).
    "DELETE FROM password_resets WHERE digest = ?1 RETURNING digest, user_id, expires_at",
    // kFindUserProfile
    "SELECT " ROSTER_PROFILE_COLUMNS " FROM user_profiles WHERE user_id = ?1",
    // kPutUserProfile
    "INSERT INTO user_profiles (" ROSTER_PROFILE_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
    "ON CONFLICT (user_id) DO UPDATE SET tax_id = excluded.tax_id, "
    "customer_id = excluded.customer_id, occupation = excluded.occupation, "
    "preferred_address_id = excluded.preferred_address_id, "
    "tax_address_id = excluded.tax_address_id, preferred_email_id = excluded.preferred_email_id, "
    "preferred_phone_id = excluded.preferred_phone_id, "
    "last_logged_in_at = excluded.last_logged_in_at, "
    "last_contacted_at = excluded.last_contacted_at, details_json = excluded.details_json",
    // kFindUserByTaxId: served by the partial index on non-empty tax ids.
    "SELECT user_id FROM user_profiles WHERE tax_id = ?1 AND tax_id <> '' "
    "ORDER BY user_id LIMIT 1",
    // kListUserProfiles
    "SELECT " ROSTER_PROFILE_COLUMNS " FROM user_profiles ORDER BY user_id",
    // kInsertContactItem
    "INSERT INTO contact_items (" ROSTER_CONTACT_ITEM_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    // kUpdateContactItem
    "UPDATE contact_items SET type = ?4, state = ?5, value = ?6, replace_id = ?7, "
    "details_json = ?8 WHERE user_id = ?1 AND kind = ?2 AND id = ?3",
    // kDeleteContactItem
    "DELETE FROM contact_items WHERE user_id = ?1 AND kind = ?2 AND id = ?3",
    // kFindContactItem
    "SELECT " ROSTER_CONTACT_ITEM_COLUMNS
    " FROM contact_items WHERE user_id = ?1 AND kind = ?2 AND id = ?3",
    // kListContactItems
    "SELECT " ROSTER_CONTACT_ITEM_COLUMNS " FROM contact_items ORDER BY created_at, rowid",
    // kListContactItemsOfUser
    "SELECT " ROSTER_CONTACT_ITEM_COLUMNS
    " FROM contact_items WHERE user_id = ?1 ORDER BY created_at, rowid",
    // kFindUserConstraints
    "SELECT " ROSTER_CONSTRAINTS_COLUMNS " FROM user_constraints WHERE user_id = ?1",
    // kPutUserConstraints
    "INSERT INTO user_constraints (" ROSTER_CONSTRAINTS_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4) ON CONFLICT (user_id) DO UPDATE SET "
    "body_json = excluded.body_json, version = excluded.version, updated_at = excluded.updated_at",
    // kListTrackingIds
    "SELECT " ROSTER_TRACKING_ID_COLUMNS
    " FROM tracking_ids WHERE user_id = ?1 ORDER BY created_at, rowid",
    // kInsertTrackingId: an existing (user, value) keeps its creation date.
    "INSERT INTO tracking_ids (" ROSTER_TRACKING_ID_COLUMNS
    ") VALUES (?1, ?2, ?3) ON CONFLICT (user_id, value) DO NOTHING",
    // kDeleteTrackingId
    "DELETE FROM tracking_ids WHERE user_id = ?1 AND value = ?2",
    // kInsertChallenge
    "INSERT INTO challenges (" ROSTER_CHALLENGE_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    // kUpdateChallenge: everything but the id, the user and the creation date.
    "UPDATE challenges SET context = ?3, reason = ?4, minimum_authenticator_count = ?5, "
    "maximum_redemption_count = ?6, redemption_count = ?7, redemption_history = ?8, "
    "expires_at = ?10 WHERE id = ?1",
    // kFindChallenge
    "SELECT " ROSTER_CHALLENGE_COLUMNS " FROM challenges WHERE id = ?1",
    // kInsertAuthenticator
    "INSERT INTO challenge_authenticators (" ROSTER_AUTHENTICATOR_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    // kDeleteAuthenticators
    "DELETE FROM challenge_authenticators WHERE challenge_id = ?1",
    // kListAuthenticators
    "SELECT " ROSTER_AUTHENTICATOR_COLUMNS
    " FROM challenge_authenticators WHERE challenge_id = ?1 ORDER BY position",
    // kFindConfigurationValues
    "SELECT " ROSTER_CONFIGURATION_COLUMNS " FROM configuration_values WHERE group_name = ?1",
    // kPutConfigurationValues
    "INSERT INTO configuration_values (" ROSTER_CONFIGURATION_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4) ON CONFLICT (group_name) DO UPDATE SET "
    "values_json = excluded.values_json, version = excluded.version, "
    "updated_at = excluded.updated_at",
    // kInsertEncryptionKey
    "INSERT INTO encryption_keys (" ROSTER_ENCRYPTION_KEY_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    // kListEncryptionKeys
    "SELECT " ROSTER_ENCRYPTION_KEY_COLUMNS
    " FROM encryption_keys ORDER BY name, created_at DESC, alias",
    // kFindEncryptionKeyByAlias
    "SELECT " ROSTER_ENCRYPTION_KEY_COLUMNS " FROM encryption_keys WHERE alias = ?1",
    // kInsertAccessToken
    "INSERT INTO access_tokens (" ROSTER_ACCESS_TOKEN_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    // kFindAccessToken
    "SELECT " ROSTER_ACCESS_TOKEN_COLUMNS " FROM access_tokens WHERE digest = ?1",
    // kDeleteAccessToken
    "DELETE FROM access_tokens WHERE digest = ?1",
    // kDeleteAccessTokensOfUser: '' is no user (trusted-service tokens are not its tokens).
    "DELETE FROM access_tokens WHERE user_id = ?1 AND user_id <> ''",
    // kFindAccessTokenWithUser: the user's columns first (all NULL without a user), in
    // ReadUser's order, then the token's.
    "SELECT u.*, t.digest, t.kind, t.user_id, t.consumer_id, t.scope, t.created_at, t.expires_at "
    "FROM access_tokens t LEFT JOIN (SELECT " ROSTER_USER_COLUMNS
    " FROM users) u ON u.id = t.user_id "
    "WHERE t.digest = ?1",
    // kPurge*: at most LIMIT expired records of one kind. A challenge's authenticators go first,
    // chosen by the same ordered subquery as the challenges themselves.
    // kPurgeTokens
    "DELETE FROM tokens WHERE digest IN "
    "(SELECT digest FROM tokens WHERE expires_at <= ?1 LIMIT ?2)",
    // kPurgeAccessTokens
    "DELETE FROM access_tokens WHERE digest IN "
    "(SELECT digest FROM access_tokens WHERE expires_at <= ?1 LIMIT ?2)",
    // kPurgeEmailValidations
    "DELETE FROM email_validations WHERE digest IN "
    "(SELECT digest FROM email_validations WHERE expires_at <= ?1 LIMIT ?2)",
    // kPurgePasswordResets
    "DELETE FROM password_resets WHERE digest IN "
    "(SELECT digest FROM password_resets WHERE expires_at <= ?1 LIMIT ?2)",
    // kPurgeChallengeAuthenticators
    "DELETE FROM challenge_authenticators WHERE challenge_id IN "
    "(SELECT id FROM challenges WHERE expires_at <= ?1 ORDER BY id LIMIT ?2)",
    // kPurgeChallenges
    "DELETE FROM challenges WHERE id IN "
    "(SELECT id FROM challenges WHERE expires_at <= ?1 ORDER BY id LIMIT ?2)",
    // kPurgeAuthContextUpdates
    "DELETE FROM auth_context_updates WHERE id IN "
    "(SELECT id FROM auth_context_updates WHERE expires_at <= ?1 LIMIT ?2)",
};

// A text left out above would leave the last entries null.
static_assert(kSql.back() != nullptr, "kSql needs one text per Stmt");

// SQLite keeps allocation statistics by default, behind one process-wide mutex taken on every
// allocation and free; Debian's build also leaves out the lookaside allocator, so a query that
// copies out a dozen text columns takes that mutex a dozen times and the database workers queue on
// it (bench/store_read_bench.cpp: 25% of a read request's store time on two threads). Roster never
// reads those statistics. sqlite3_config works only before SQLite initialises, which the first
// sqlite3_open_v2 of the process does; a refused call changes nothing, so its result is ignored.
void ConfigureSqliteOnce() {
  [[maybe_unused]] static const int kConfigured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

}  // namespace

core::Error SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string log = "sqlite: ";
  log += what;
  log += ": ";
  log += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  log += " (code ";
  log += std::to_string(rc);
  log += ")";
  const int primary = rc & 0xff;
  const auto code = (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
                        ? core::ErrorCode::kUnavailable
                        : core::ErrorCode::kInternal;
  return core::Error{code, {}, std::move(log)};
}

core::Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const SqliteOptions& options,
                                                                       bool first) {
  ConfigureSqliteOnce();
  sqlite3* db = nullptr;
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int rc = sqlite3_open_v2(options.path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    core::Error error = SqliteError(db, rc, "open " + options.path);
    error.code = core::ErrorCode::kUnavailable;
    sqlite3_close_v2(db);
    return std::unexpected(std::move(error));
  }
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db));
  sqlite3_busy_timeout(db, static_cast<int>(options.busy_timeout.count()));
  if (first) {
    sqlite3_stmt* stmt = nullptr;
    int step = sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &stmt, nullptr);
    if (step == SQLITE_OK) step = sqlite3_step(stmt);
    std::string mode;
    if (step == SQLITE_ROW) {
      mode = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    if (step != SQLITE_ROW) return std::unexpected(SqliteError(db, step, "journal_mode"));
    if (mode != "wal") {
      return core::Fail(core::ErrorCode::kInternal, {},
                        "sqlite: cannot use WAL on " + options.path + " (mode " + mode + ")");
    }
  }
  // Only integers are spliced in: PRAGMA values cannot be bound.
  const std::string pragmas_sql = std::string("PRAGMA foreign_keys=ON; PRAGMA synchronous=") +
                                  (options.synchronous_full ? "FULL" : "NORMAL") +
                                  "; PRAGMA cache_size=-" +
                                  std::to_string(std::max(options.cache_mib, 1) * 1024);
  auto pragmas = connection->Exec(pragmas_sql.c_str());
  if (!pragmas) return std::unexpected(pragmas.error());
  return connection;
}

SqliteConnection::~SqliteConnection() {
  for (sqlite3_stmt* stmt : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

core::Result<sqlite3_stmt*> SqliteConnection::Prepare(Stmt stmt) {
  const auto index = static_cast<std::size_t>(stmt);
  if (cache_[index] != nullptr) return cache_[index];
  sqlite3_stmt* prepared = nullptr;
  const int rc =
      sqlite3_prepare_v3(db_, kSql[index], -1, SQLITE_PREPARE_PERSISTENT, &prepared, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(SqliteError(db_, rc, "prepare"));
  cache_[index] = prepared;
  return prepared;
}

core::Result<void> SqliteConnection::Run(Stmt stmt) {
  auto prepared = Prepare(stmt);
  if (!prepared) return std::unexpected(prepared.error());
  const int rc = sqlite3_step(*prepared);
  sqlite3_reset(*prepared);
  if (rc != SQLITE_DONE) return std::unexpected(SqliteError(db_, rc, kSql[static_cast<int>(stmt)]));
  return {};
}

core::Result<void> SqliteConnection::Exec(const char* sql) {
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(SqliteError(db_, rc, "exec"));
  return {};
}

bool SqliteConnection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace roster::store
