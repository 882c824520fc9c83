// Versioned schema migrations of the PostgreSQL store. Internal to store/postgres.
//
// Migrate runs in one transaction that first takes a transaction-level advisory lock, so that
// several Roster processes starting at once apply each version exactly once (the others wait,
// then find it applied). PostgreSQL DDL is transactional: a failed migration leaves nothing.
// Migrations are append-only: never edit a released one.
#pragma once

#include <span>
#include <string_view>

#include "core/error.h"

namespace roster::store::pg {

class PgConnection;

struct PgMigration {
  int version;
  std::string_view sql;  // one or more statements, constant text
};

// Ascending by version.
std::span<const PgMigration> PostgresMigrations();

// Applies the pending migrations on `connection` (which must not be inside a transaction).
// Idempotent. kUnavailable if the connection is lost, kInternal for a failing migration.
core::Result<void> ApplyPostgresMigrations(PgConnection& connection);

// The highest applied version; 0 for a database never migrated.
core::Result<int> PostgresSchemaVersion(PgConnection& connection);

}  // namespace roster::store::pg
