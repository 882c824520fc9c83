#include "store/sqlite/migrations.h"

#include <sqlite3.h>

#include <array>

#include "store/sqlite/sqlite_connection.h"

namespace roster::store {
namespace {

// Times are INTEGER unix seconds; user states are core::ToString(UserState).
constexpr std::string_view kMigration1 = R"sql(
CREATE TABLE users (
  id TEXT PRIMARY KEY NOT NULL,
  username TEXT NOT NULL UNIQUE,
  provider TEXT NOT NULL,
  provider_id TEXT NOT NULL,
  email TEXT NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  validated INTEGER NOT NULL,
  state TEXT NOT NULL,
  lock_type TEXT NOT NULL,
  last_lock_date INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL,
  UNIQUE (provider, provider_id)
);
CREATE INDEX users_email ON users (email);
CREATE INDEX users_created ON users (created_at, id);

CREATE TABLE login_attempts (
  provider TEXT NOT NULL,
  username TEXT NOT NULL,
  bad_attempts INTEGER NOT NULL,
  last_failure_date INTEGER,
  PRIMARY KEY (provider, username)
);

CREATE TABLE consumers (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  key_digest TEXT NOT NULL UNIQUE,
  enabled INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE tokens (
  digest TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id),
  consumer_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE entitlements (
  id TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id),
  bank_id TEXT NOT NULL,
  role_name TEXT NOT NULL,
  created_by_process TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (user_id, bank_id, role_name)
);
CREATE INDEX entitlements_bank ON entitlements (bank_id);

CREATE TABLE banks (
  id TEXT PRIMARY KEY NOT NULL,
  short_name TEXT NOT NULL,
  full_name TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE email_validations (
  digest TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id),
  expires_at INTEGER NOT NULL
);
)sql";

// The OBP records of issue 3. Lists "by creation" are ordered by created_at, then by rowid
// (insertion order), so that records created within one second keep the order they were made in.
// account_routings.position keeps the order in which an account's routings were given.
constexpr std::string_view kMigration2 = R"sql(
CREATE TABLE user_attributes (
  id TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id),
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  value TEXT NOT NULL,
  is_personal INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX user_attributes_user ON user_attributes (user_id);

CREATE TABLE user_auth_contexts (
  id TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id),
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  consumer_id TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX user_auth_contexts_user ON user_auth_contexts (user_id);

CREATE TABLE auth_context_updates (
  id TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id),
  bank_id TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  sca_method TEXT NOT NULL,
  consumer_id TEXT NOT NULL,
  status TEXT NOT NULL,
  challenge_digest TEXT NOT NULL,
  failed_attempts INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);

CREATE TABLE entitlement_requests (
  id TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id),
  bank_id TEXT NOT NULL,
  role_name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (user_id, bank_id, role_name)
);
CREATE INDEX entitlement_requests_created ON entitlement_requests (created_at);

CREATE TABLE accounts (
  bank_id TEXT NOT NULL,
  id TEXT NOT NULL,
  owner_user_id TEXT NOT NULL,
  label TEXT NOT NULL,
  product_code TEXT NOT NULL,
  currency TEXT NOT NULL,
  balance TEXT NOT NULL,
  branch_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (bank_id, id)
);

CREATE TABLE account_routings (
  scheme TEXT NOT NULL,
  address TEXT NOT NULL,
  bank_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (scheme, address),
  FOREIGN KEY (bank_id, account_id) REFERENCES accounts (bank_id, id)
);
CREATE INDEX account_routings_account ON account_routings (bank_id, account_id);

CREATE TABLE account_access (
  bank_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  view_id TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (bank_id, account_id, view_id, user_id)
);
CREATE INDEX account_access_user ON account_access (user_id);

CREATE TABLE customers (
  id TEXT PRIMARY KEY NOT NULL,
  bank_id TEXT NOT NULL,
  customer_number TEXT NOT NULL,
  legal_name TEXT NOT NULL,
  mobile_phone_number TEXT NOT NULL,
  email TEXT NOT NULL,
  details_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (bank_id, customer_number)
);

CREATE TABLE user_customer_links (
  id TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id),
  customer_id TEXT NOT NULL REFERENCES customers (id),
  bank_id TEXT NOT NULL,
  is_active INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (user_id, customer_id)
);
CREATE INDEX user_customer_links_customer ON user_customer_links (customer_id);

CREATE TABLE password_resets (
  digest TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id),
  expires_at INTEGER NOT NULL
);
)sql";

// The Apiture records. contact_items and tracking_ids are listed by created_at, then rowid
// (insertion order); challenge_authenticators.position keeps the order of a challenge's
// authenticators and challenges.redemption_history holds the redemption times as unix seconds
// separated by commas, oldest first. access_tokens.user_id is '' for a trusted service, hence no
// foreign key.
constexpr std::string_view kMigration3 = R"sql(
ALTER TABLE consumers ADD COLUMN trusted INTEGER NOT NULL DEFAULT 0;

CREATE TABLE user_profiles (
  user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
  tax_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  occupation TEXT NOT NULL,
  preferred_address_id TEXT NOT NULL,
  tax_address_id TEXT NOT NULL,
  preferred_email_id TEXT NOT NULL,
  preferred_phone_id TEXT NOT NULL,
  last_logged_in_at INTEGER,
  last_contacted_at INTEGER,
  details_json TEXT NOT NULL
);
CREATE INDEX user_profiles_tax_id ON user_profiles (tax_id) WHERE tax_id <> '';

CREATE TABLE contact_items (
  user_id TEXT NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  state TEXT NOT NULL,
  value TEXT NOT NULL,
  replace_id TEXT NOT NULL,
  details_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, kind, id)
);
CREATE INDEX contact_items_created ON contact_items (created_at);

CREATE TABLE user_constraints (
  user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
  body_json TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE tracking_ids (
  user_id TEXT NOT NULL REFERENCES users (id),
  value TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, value)
);

CREATE TABLE challenges (
  id TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id),
  context TEXT NOT NULL,
  reason TEXT NOT NULL,
  minimum_authenticator_count INTEGER NOT NULL,
  maximum_redemption_count INTEGER NOT NULL,
  redemption_count INTEGER NOT NULL,
  redemption_history TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX challenges_user ON challenges (user_id);

CREATE TABLE challenge_authenticators (
  challenge_id TEXT NOT NULL REFERENCES challenges (id),
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  state TEXT NOT NULL,
  code_digest TEXT NOT NULL,
  retry_count INTEGER NOT NULL,
  maximum_retries INTEGER NOT NULL,
  started_at INTEGER,
  verified_at INTEGER,
  failed_at INTEGER,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (challenge_id, position)
);

CREATE TABLE configuration_values (
  group_name TEXT PRIMARY KEY NOT NULL,
  values_json TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE encryption_keys (
  alias TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  public_pem TEXT NOT NULL,
  private_pem TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX encryption_keys_name ON encryption_keys (name, created_at);

CREATE TABLE access_tokens (
  digest TEXT PRIMARY KEY NOT NULL,
  kind TEXT NOT NULL,
  user_id TEXT NOT NULL,
  consumer_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX access_tokens_user ON access_tokens (user_id);
)sql";

// Reading a user, which every authenticated request does, gets cheaper:
// - users becomes a WITHOUT ROWID table, so a lookup by id is one B-tree descent instead of two
//   (the id index, then the rowid table). The table is rebuilt the documented way (create, copy,
//   drop, rename) with foreign keys off for the migration and checked before it commits (see
//   ApplySqliteMigrations); the tables that reference users(id) refer to the new table by name.
// - indexes in the order of the ORDER BY of a user's entitlements and account views, so that
//   reading them sorts nothing.
constexpr std::string_view kMigration4 = R"sql(
CREATE TABLE users_new (
  id TEXT PRIMARY KEY NOT NULL,
  username TEXT NOT NULL UNIQUE,
  provider TEXT NOT NULL,
  provider_id TEXT NOT NULL,
  email TEXT NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  validated INTEGER NOT NULL,
  state TEXT NOT NULL,
  lock_type TEXT NOT NULL,
  last_lock_date INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL,
  UNIQUE (provider, provider_id)
) WITHOUT ROWID;
INSERT INTO users_new (id, username, provider, provider_id, email, first_name, last_name,
                       password_hash, validated, state, lock_type, last_lock_date, created_at,
                       updated_at, version)
  SELECT id, username, provider, provider_id, email, first_name, last_name, password_hash,
         validated, state, lock_type, last_lock_date, created_at, updated_at, version
  FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE INDEX users_email ON users (email);
CREATE INDEX users_created ON users (created_at, id);

CREATE INDEX entitlements_user_role ON entitlements (user_id, role_name, bank_id);
DROP INDEX account_access_user;
CREATE INDEX account_access_user ON account_access (user_id, bank_id, account_id, view_id);
)sql";

// Expired records are purged in batches (PurgeExpired), which finds them by expiry.
constexpr std::string_view kMigration5 = R"sql(
CREATE INDEX tokens_expires ON tokens (expires_at);
CREATE INDEX access_tokens_expires ON access_tokens (expires_at);
CREATE INDEX email_validations_expires ON email_validations (expires_at);
CREATE INDEX password_resets_expires ON password_resets (expires_at);
CREATE INDEX challenges_expires ON challenges (expires_at);
CREATE INDEX auth_context_updates_expires ON auth_context_updates (expires_at);
)sql";

constexpr std::array<Migration, 5> kMigrations = {{
    {1, kMigration1},
    {2, kMigration2},
    {3, kMigration3},
    {4, kMigration4},
    {5, kMigration5},
}};

constexpr const char* kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)";

// Runs `body` inside BEGIN IMMEDIATE; commits iff it succeeds.
template <class F>
core::Result<void> InImmediateTx(sqlite3* db, F&& body) {
  int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(SqliteError(db, rc, "migrate: begin"));
  auto done = body();
  if (done) {
    rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return {};
    done = std::unexpected(SqliteError(db, rc, "migrate: commit"));
  }
  if (sqlite3_get_autocommit(db) == 0) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return done;
}

core::Result<bool> IsApplied(sqlite3* db, int version) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, "SELECT 1 FROM schema_migrations WHERE version = ?1", -1, &stmt,
                              nullptr);
  if (rc != SQLITE_OK) return std::unexpected(SqliteError(db, rc, "migrate: prepare"));
  sqlite3_bind_int(stmt, 1, version);
  rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return std::unexpected(SqliteError(db, rc, "migrate: read version"));
}

core::Result<void> Apply(sqlite3* db, const Migration& migration) {
  const std::string sql(migration.sql);
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    return std::unexpected(SqliteError(db, rc, "migration " + std::to_string(migration.version)));
  }
  sqlite3_stmt* stmt = nullptr;
  rc = sqlite3_prepare_v2(db,
                          "INSERT INTO schema_migrations (version, applied_at) "
                          "VALUES (?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                          -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(SqliteError(db, rc, "migrate: prepare"));
  sqlite3_bind_int(stmt, 1, migration.version);
  rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return std::unexpected(SqliteError(db, rc, "migrate: record version"));
  return {};
}

// Fails when any row references a row that does not exist.
core::Result<void> CheckForeignKeys(sqlite3* db, int version) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(SqliteError(db, rc, "migrate: foreign key check"));
  rc = sqlite3_step(stmt);
  std::string table;
  if (rc == SQLITE_ROW) table = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  if (rc == SQLITE_DONE) return {};
  if (rc != SQLITE_ROW) return std::unexpected(SqliteError(db, rc, "migrate: foreign key check"));
  return core::Fail(
      core::ErrorCode::kInternal, {},
      "migration " + std::to_string(version) + " left a dangling reference in " + table);
}

core::Result<void> ApplyEach(sqlite3* db) {
  auto created = InImmediateTx(db, [&]() -> core::Result<void> {
    const int rc = sqlite3_exec(db, kCreateMigrationsTable, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return std::unexpected(SqliteError(db, rc, "migrate: create table"));
    return {};
  });
  if (!created) return created;
  for (const Migration& migration : kMigrations) {
    // Checked inside the write transaction: another process may have applied it meanwhile.
    auto applied = InImmediateTx(db, [&]() -> core::Result<void> {
      auto exists = IsApplied(db, migration.version);
      if (!exists) return std::unexpected(exists.error());
      if (*exists) return {};
      if (auto r = Apply(db, migration); !r) return r;
      return CheckForeignKeys(db, migration.version);
    });
    if (!applied) return applied;
  }
  return {};
}

}  // namespace

std::span<const Migration> SqliteMigrations() { return kMigrations; }

// Foreign keys are off while migrations run, because rebuilding a referenced table (migration 4)
// drops it; each migration checks them before it commits instead, so none can leave a dangling
// reference behind. PRAGMA foreign_keys is a no-op inside a transaction, hence out here.
core::Result<void> ApplySqliteMigrations(sqlite3* db) {
  int rc = sqlite3_exec(db, "PRAGMA foreign_keys=OFF", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(SqliteError(db, rc, "migrate: foreign keys off"));
  auto done = ApplyEach(db);
  rc = sqlite3_exec(db, "PRAGMA foreign_keys=ON", nullptr, nullptr, nullptr);
  if (done && rc != SQLITE_OK) {
    return std::unexpected(SqliteError(db, rc, "migrate: foreign keys on"));
  }
  return done;
}

core::Result<int> SqliteSchemaVersion(sqlite3* db) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db,
                              "SELECT count(*) FROM sqlite_master "
                              "WHERE type = 'table' AND name = 'schema_migrations'",
                              -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(SqliteError(db, rc, "schema version"));
  rc = sqlite3_step(stmt);
  const bool has_table = rc == SQLITE_ROW && sqlite3_column_int(stmt, 0) > 0;
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW) return std::unexpected(SqliteError(db, rc, "schema version"));
  if (!has_table) return 0;
  rc = sqlite3_prepare_v2(db, "SELECT coalesce(max(version), 0) FROM schema_migrations", -1, &stmt,
                          nullptr);
  if (rc != SQLITE_OK) return std::unexpected(SqliteError(db, rc, "schema version"));
  rc = sqlite3_step(stmt);
  const int version = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW) return std::unexpected(SqliteError(db, rc, "schema version"));
  return version;
}

}  // namespace roster::store
