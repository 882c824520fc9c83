// Runs the Store contract against SqliteStore, plus the behaviour specific to SQLite: WAL,
// durability across reopen, busy and pool timeouts, error text confined to Error::log.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <latch>
#include <string>
#include <thread>

#include "contract/store_contract.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite/sqlite_store.h"

namespace roster::contract {
namespace {

using core::ErrorCode;
using ports::ReadTx;
using ports::Tx;
using ports::WriteTx;
using store::SqliteOptions;
using store::SqliteStore;
using namespace std::chrono_literals;

// A fresh database file name in the test temporary directory.
std::string TempDbPath() {
  static std::atomic<int> counter{0};
  return (std::filesystem::path(::testing::TempDir()) /
          ("roster-sqlite-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".db"))
      .string();
}

void RemoveDb(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::error_code ignored;
    std::filesystem::remove(path + suffix, ignored);
  }
}

// Owns a temporary database file: closes the store, then deletes the file and its WAL.
class TempFileStore final : public ports::Store {
 public:
  TempFileStore(std::string path, std::unique_ptr<SqliteStore> inner)
      : path_(std::move(path)), inner_(std::move(inner)) {}
  ~TempFileStore() override {
    inner_.reset();
    RemoveDb(path_);
  }
  core::Result<void> Read(const TxFn& fn) override { return inner_->Read(fn); }
  core::Result<void> Write(const TxFn& fn) override { return inner_->Write(fn); }
  core::Result<void> Migrate() override { return inner_->Migrate(); }
  core::Result<int> SchemaVersion() override { return inner_->SchemaVersion(); }

 private:
  std::string path_;
  std::unique_ptr<SqliteStore> inner_;
};

// Durability is irrelevant to the contract, so the suite runs with synchronous=NORMAL; the
// SqliteStoreTest cases below keep the default (FULL).
std::unique_ptr<ports::Store> MakeSqliteStore() {
  const std::string path = TempDbPath();
  RemoveDb(path);
  auto opened = SqliteStore::Open({.path = path, .synchronous_full = false});
  if (!opened) {
    ADD_FAILURE() << "open: " << opened.error().log;
    return nullptr;
  }
  if (auto migrated = (*opened)->Migrate(); !migrated) {
    ADD_FAILURE() << "migrate: " << migrated.error().log;
    return nullptr;
  }
  return std::make_unique<TempFileStore>(path, std::move(*opened));
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest,
                         ::testing::Values(StoreFactory{"sqlite", MakeSqliteStore}),
                         StoreFactoryName);

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { RemoveDb(path_); }
  void TearDown() override { RemoveDb(path_); }

  std::unique_ptr<SqliteStore> Open(SqliteOptions options = {}) {
    options.path = path_;
    auto opened = SqliteStore::Open(options);
    EXPECT_TRUE(opened.has_value()) << opened.error().log;
    return opened ? std::move(*opened) : nullptr;
  }

  // Runs one scalar query on the file with a separate raw connection.
  std::string QueryText(const char* sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    std::string text;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
      text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return text;
  }

  // Creates the file as an older Roster left it: migrations up to `version` applied and
  // recorded, then `rows` (SQL) inserted, with foreign keys enforced.
  void CreateAtVersion(int version, const std::string& rows) {
    sqlite3* db = nullptr;
    ASSERT_EQ(
        sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr),
        SQLITE_OK);
    std::string sql =
        "PRAGMA foreign_keys=ON;"
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);";
    for (const store::Migration& migration : store::SqliteMigrations()) {
      if (migration.version > version) break;
      sql += std::string(migration.sql);
      sql += "INSERT INTO schema_migrations VALUES (" + std::to_string(migration.version) +
             ", 'then');";
    }
    sql += rows;
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error != nullptr ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }

  std::string path_ = TempDbPath();
};

core::User SomeUser(const std::string& username) {
  core::User user;
  user.id = "id-" + username;
  user.username = username;
  user.provider = "local";
  user.provider_id = username;
  user.created_at = core::TimePoint{1'700'000'000s};
  user.updated_at = user.created_at;
  return user;
}

TEST_F(SqliteStoreTest, ConnectionsUseTheConfiguredPragmas) {
  auto connection = store::SqliteConnection::Open(
      {.path = path_, .synchronous_full = false, .cache_mib = 7}, true);
  ASSERT_TRUE(connection.has_value()) << connection.error().log;
  auto pragma = [&](const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    std::string text;
    if (sqlite3_prepare_v2((*connection)->db(), sql, -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return text;
  };
  EXPECT_EQ(pragma("PRAGMA cache_size"), "-7168");  // KiB
  EXPECT_EQ(pragma("PRAGMA synchronous"), "1");     // NORMAL
  EXPECT_EQ(pragma("PRAGMA foreign_keys"), "1");
  EXPECT_EQ(pragma("PRAGMA journal_mode"), "wal");

  auto defaults = store::SqliteConnection::Open({.path = path_}, false);
  ASSERT_TRUE(defaults.has_value());
  connection = std::move(defaults);
  EXPECT_EQ(pragma("PRAGMA cache_size"), "-32768");
  EXPECT_EQ(pragma("PRAGMA synchronous"), "2");  // FULL
}

// ctest runs every test in a process of its own, so the store's connection is the first use of
// SQLite here, as in `roster serve`.
TEST_F(SqliteStoreTest, AllocationStatisticsAreOff) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Migrate().has_value());
  ASSERT_TRUE(WriteTx(*store, [](Tx& tx) { return tx.InsertUser(SomeUser("alice")); }));
  auto found = ReadTx(*store, [](Tx& tx) { return tx.FindUserById("id-alice"); });
  ASSERT_TRUE(found.has_value() && found->has_value());
  // With statistics on, this counts every byte SQLite holds (page caches, statements).
  EXPECT_EQ(sqlite3_memory_used(), 0);
}

TEST_F(SqliteStoreTest, DefaultOptionsPersistAcrossReopenInWal) {
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    auto fresh = store->SchemaVersion();
    ASSERT_TRUE(fresh.has_value());
    EXPECT_EQ(*fresh, 0);
    ASSERT_TRUE(store->Migrate().has_value());
    ASSERT_TRUE(WriteTx(*store, [](Tx& tx) { return tx.InsertUser(SomeUser("alice")); }));
  }
  EXPECT_EQ(QueryText("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(QueryText("SELECT group_concat(version) FROM schema_migrations"), "1,2,3,4,5");
  // Migration 5: the purge finds expired records by index.
  EXPECT_EQ(QueryText("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name GLOB "
                      "'*_expires'"),
            "6");
  EXPECT_FALSE(QueryText("SELECT applied_at FROM schema_migrations").empty());

  auto reopened = Open();
  ASSERT_NE(reopened, nullptr);
  auto version = reopened->SchemaVersion();
  ASSERT_TRUE(version.has_value());
  EXPECT_EQ(*version, 5);
  auto found = ReadTx(*reopened, [](Tx& tx) { return tx.FindUserByUsername("alice"); });
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->id, "id-alice");
}

TEST_F(SqliteStoreTest, StatesAndTimesAreStoredAsDocumented) {
  auto store = Open({.synchronous_full = false});
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Migrate().has_value());
  auto user = SomeUser("alice");
  user.state = core::UserState::kFrozen;
  ASSERT_TRUE(WriteTx(*store, [&](Tx& tx) { return tx.InsertUser(user); }));
  EXPECT_EQ(QueryText("SELECT state || ' ' || typeof(created_at) || ' ' || created_at FROM users"),
            "frozen integer 1700000000");
}

TEST_F(SqliteStoreTest, OtherProcessHoldingTheWriteLockMakesWritesUnavailable) {
  auto holder = Open({.synchronous_full = false});
  ASSERT_NE(holder, nullptr);
  ASSERT_TRUE(holder->Migrate().has_value());
  // A second store on the same file stands in for another process.
  auto waiter = Open({.synchronous_full = false, .busy_timeout = 100ms});
  ASSERT_NE(waiter, nullptr);

  std::promise<void> locked;
  std::promise<void> release;
  std::thread thread([&] {
    auto held = holder->Write([&](Tx& tx) -> core::Result<void> {
      auto inserted = tx.InsertUser(SomeUser("holder"));
      locked.set_value();
      release.get_future().wait();
      return inserted;
    });
    EXPECT_TRUE(held.has_value());
  });
  locked.get_future().wait();
  auto blocked = WriteTx(*waiter, [](Tx& tx) { return tx.InsertUser(SomeUser("waiter")); });
  // Readers are not blocked by the writer and do not see its uncommitted row.
  auto read = ReadTx(*waiter, [](Tx& tx) { return tx.FindUserByUsername("holder"); });
  release.set_value();
  thread.join();

  ASSERT_FALSE(blocked.has_value());
  EXPECT_EQ(blocked.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(blocked.error().detail.empty());
  EXPECT_NE(blocked.error().log.find("locked"), std::string::npos) << blocked.error().log;
  ASSERT_TRUE(read.has_value());
  EXPECT_FALSE(read->has_value());
  EXPECT_TRUE(WriteTx(*waiter, [](Tx& tx) { return tx.InsertUser(SomeUser("waiter")); }));
}

TEST_F(SqliteStoreTest, ExhaustedPoolIsUnavailable) {
  auto store = Open({.synchronous_full = false, .pool_size = 1, .busy_timeout = 50ms});
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Migrate().has_value());
  std::promise<void> holding;
  std::promise<void> release;
  std::thread thread([&] {
    EXPECT_TRUE(store->Read([&](Tx&) -> core::Result<void> {
      holding.set_value();
      release.get_future().wait();
      return {};
    }));
  });
  holding.get_future().wait();
  auto starved = store->Read([](Tx&) -> core::Result<void> { return {}; });
  release.set_value();
  thread.join();
  ASSERT_FALSE(starved.has_value());
  EXPECT_EQ(starved.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(store->Read([](Tx&) -> core::Result<void> { return {}; }).has_value());
}

TEST_F(SqliteStoreTest, SqliteFailureIsInternalWithTheMessageOnlyInTheLog) {
  auto store = Open({.synchronous_full = false});
  ASSERT_NE(store, nullptr);  // not migrated: the tables do not exist
  auto found = ReadTx(*store, [](Tx& tx) { return tx.FindUserById("x"); });
  ASSERT_FALSE(found.has_value());
  EXPECT_EQ(found.error().code, ErrorCode::kInternal);
  EXPECT_TRUE(found.error().detail.empty());
  EXPECT_NE(found.error().log.find("no such table"), std::string::npos) << found.error().log;
}

TEST_F(SqliteStoreTest, WritesInsideReadAreRefused) {
  auto store = Open({.synchronous_full = false});
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Migrate().has_value());
  auto wrote = ReadTx(*store, [](Tx& tx) { return tx.InsertUser(SomeUser("alice")); });
  ASSERT_FALSE(wrote.has_value());
  EXPECT_EQ(wrote.error().code, ErrorCode::kInternal);
  auto found = ReadTx(*store, [](Tx& tx) { return tx.FindUserByUsername("alice"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_FALSE(found->has_value());
}

TEST_F(SqliteStoreTest, ReferencesToUnknownUsersAreUserNotFound) {
  auto store = Open({.synchronous_full = false});
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Migrate().has_value());
  auto entitlement = WriteTx(*store, [](Tx& tx) {
    return tx.InsertEntitlement({"e-1", "id-ghost", "", "CanGetUser", "manual", {}});
  });
  ASSERT_FALSE(entitlement.has_value());
  EXPECT_EQ(entitlement.error().code, ErrorCode::kUserNotFound);
  EXPECT_EQ(entitlement.error().detail, "id-ghost");
  auto token = WriteTx(*store, [](Tx& tx) {
    return tx.InsertToken({"t-1", "id-ghost", "c", {}, {}});
  });
  ASSERT_FALSE(token.has_value());
  EXPECT_EQ(token.error().code, ErrorCode::kUserNotFound);
  auto validation = WriteTx(*store, [](Tx& tx) {
    return tx.InsertEmailValidation({"v-1", "id-ghost", {}});
  });
  ASSERT_FALSE(validation.has_value());
  EXPECT_EQ(validation.error().code, ErrorCode::kUserNotFound);
}

TEST_F(SqliteStoreTest, ConcurrentMigrationsApplyEachVersionOnce) {
  auto first = Open({.synchronous_full = false});
  auto second = Open({.synchronous_full = false});
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  std::latch start(2);
  core::Result<void> a;
  core::Result<void> b;
  std::thread ta([&] {
    start.arrive_and_wait();
    a = first->Migrate();
  });
  std::thread tb([&] {
    start.arrive_and_wait();
    b = second->Migrate();
  });
  ta.join();
  tb.join();
  EXPECT_TRUE(a.has_value()) << a.error().log;
  EXPECT_TRUE(b.has_value()) << b.error().log;
  EXPECT_EQ(QueryText("SELECT count(*) FROM schema_migrations"),
            std::to_string(store::SqliteMigrations().size()));
}

// A database of schema version 2 (before the Apiture records) keeps its consumers, untrusted.
TEST_F(SqliteStoreTest, MigrationThreeUpgradesAVersionTwoDatabase) {
  CreateAtVersion(2,
                  "INSERT INTO consumers (id, name, key_digest, enabled, created_at) "
                  "VALUES ('c-1', 'Old app', 'digest-1', 1, 1700000000);");
  auto store = Open();
  ASSERT_NE(store, nullptr);
  auto before = store->SchemaVersion();
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(*before, 2);
  ASSERT_TRUE(store->Migrate().has_value());
  auto after = store->SchemaVersion();
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(*after, store::SqliteMigrations().back().version);
  auto consumer = ReadTx(*store, [](Tx& tx) { return tx.FindConsumerByKeyDigest("digest-1"); });
  ASSERT_TRUE(consumer.has_value()) << consumer.error().log;
  ASSERT_TRUE(consumer->has_value());
  EXPECT_EQ((*consumer)->name, "Old app");
  EXPECT_TRUE((*consumer)->enabled);
  EXPECT_FALSE((*consumer)->trusted);
}

// Migration 4 rebuilds users as a WITHOUT ROWID table: the users, and every row referencing
// them, survive, and the references are still enforced afterwards.
TEST_F(SqliteStoreTest, MigrationFourRebuildsUsersKeepingEveryReference) {
  CreateAtVersion(
      3,
      "INSERT INTO users (id, username, provider, provider_id, email, first_name, last_name, "
      "password_hash, validated, state, lock_type, last_lock_date, created_at, updated_at, "
      "version) VALUES ('id-old', 'old', 'p', 'old', 'old@example.com', 'Old', 'User', 'h', 1, "
      "'active', '', NULL, 1700000000, 1700000001, 4);"
      "INSERT INTO tokens VALUES ('t-old', 'id-old', 'c-1', 1700000000, 1900000000);"
      "INSERT INTO entitlements VALUES ('e-old', 'id-old', '', 'CanGetAnyUser', 'x', 1);");
  auto store = Open();
  ASSERT_NE(store, nullptr);
  auto migrated = store->Migrate();
  ASSERT_TRUE(migrated.has_value()) << migrated.error().log;
  EXPECT_EQ(QueryText("SELECT sql LIKE '%WITHOUT ROWID' FROM sqlite_master WHERE name = 'users'"),
            "1");

  auto found = ReadTx(*store, [](Tx& tx) { return tx.FindTokenWithUser("t-old"); });
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->user.username, "old");
  EXPECT_EQ((*found)->user.version, 4);
  auto held =
      ReadTx(*store, [](Tx& tx) { return tx.HasEntitlement("id-old", "", "CanGetAnyUser"); });
  ASSERT_TRUE(held.has_value());
  EXPECT_TRUE(*held);
  auto dangling = WriteTx(*store, [](Tx& tx) {
    return tx.InsertToken({"t-new", "id-nobody", "c-1", {}, {}});
  });
  ASSERT_FALSE(dangling.has_value());
  EXPECT_EQ(dangling.error().code, core::ErrorCode::kUserNotFound);
}

TEST(SqliteStoreOpenTest, RejectsMemoryAndUnreachablePaths) {
  auto memory = SqliteStore::Open({.path = ":memory:"});
  ASSERT_FALSE(memory.has_value());
  EXPECT_EQ(memory.error().code, ErrorCode::kInvalidInput);
  auto unreachable = SqliteStore::Open({.path = "/nonexistent-roster-dir/x/roster.db"});
  ASSERT_FALSE(unreachable.has_value());
  EXPECT_EQ(unreachable.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(unreachable.error().detail.empty());
}

}  // namespace
}  // namespace roster::contract
