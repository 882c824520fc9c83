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

constexpr std::array<Migration, 1> kMigrations = {{
    {1, kMigration1},
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

}  // namespace

std::span<const Migration> SqliteMigrations() { return kMigrations; }

core::Result<void> ApplySqliteMigrations(sqlite3* db) {
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
      return Apply(db, migration);
    });
    if (!applied) return applied;
  }
  return {};
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
