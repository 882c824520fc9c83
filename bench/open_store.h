// The store behind a --database value of the benchmark tools, the way `roster` reads it.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"
#include "ports/store.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace roster::bench {

// sqlite:PATH or postgresql://... (postgres:// too); kInvalidInput for anything else.
inline core::Result<std::unique_ptr<ports::Store>> OpenStore(std::string_view database) {
  constexpr std::string_view kSqlitePrefix = "sqlite:";
  if (database.starts_with("postgresql://") || database.starts_with("postgres://")) {
    auto store = store::PostgresStore::Open(store::PostgresOptions{.url = std::string(database)});
    if (!store) return std::unexpected(store.error());
    return std::unique_ptr<ports::Store>(std::move(*store));
  }
  if (!database.starts_with(kSqlitePrefix) || database.size() == kSqlitePrefix.size()) {
    return core::Fail(core::ErrorCode::kInvalidInput, {},
                      "--database must be sqlite:PATH or postgresql://...");
  }
  auto store = store::SqliteStore::Open(
      store::SqliteOptions{.path = std::string(database.substr(kSqlitePrefix.size()))});
  if (!store) return std::unexpected(store.error());
  return std::unique_ptr<ports::Store>(std::move(*store));
}

}  // namespace roster::bench
