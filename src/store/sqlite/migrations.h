// Versioned schema migrations of the SQLite store. Internal to store/sqlite.
//
// Each migration is applied in its own IMMEDIATE transaction together with its row in
// schema_migrations, so a crash leaves either all or none of it, and concurrent migrators (other
// processes) apply each version once. Migrations are append-only: never edit a released one.
#pragma once

#include <span>
#include <string_view>

#include "core/error.h"

struct sqlite3;

namespace roster::store {

struct Migration {
  int version;
  std::string_view sql;  // one or more statements
};

// Ascending by version.
std::span<const Migration> SqliteMigrations();

// Applies the pending migrations on `db` (which must not be inside a transaction). Idempotent.
core::Result<void> ApplySqliteMigrations(sqlite3* db);

// The highest applied version; 0 for a database never migrated.
core::Result<int> SqliteSchemaVersion(sqlite3* db);

}  // namespace roster::store
