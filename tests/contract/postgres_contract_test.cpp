// Runs the Store contract against PostgresStore, plus the behaviour specific to PostgreSQL:
// migrations under an advisory lock, reconnection after the server drops its sessions,
// unreachable servers, serialisation retries, and two stores ("nodes") on one database.
//
// Needs a server: ROSTER_TEST_POSTGRES_URL names a database on it whose user may create
// databases (scripts/pg-test-server.sh start DIR prints one). Every test gets a fresh database,
// dropped afterwards. Without the variable every test is skipped.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <latch>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "contract/store_contract.h"
#include "store/postgres/migrations.h"
#include "store/postgres/postgres_store.h"

namespace roster::contract {
namespace {

using core::ErrorCode;
using ports::ReadTx;
using ports::Tx;
using ports::WriteTx;
using store::PostgresOptions;
using store::PostgresStore;
using namespace std::chrono_literals;

constexpr const char* kUrlVariable = "ROSTER_TEST_POSTGRES_URL";

std::string ServerUrl() {
  const char* url = std::getenv(kUrlVariable);
  return url != nullptr ? url : "";
}

class SkipWithoutServer : public ::testing::Environment {
 public:
  void SetUp() override {
    if (ServerUrl().empty()) {
      GTEST_SKIP() << kUrlVariable
                   << " is not set; PostgreSQL tests skipped. Run them with: export "
                   << kUrlVariable << "=$(scripts/pg-test-server.sh start /tmp/roster-pg)";
    }
  }
};
[[maybe_unused]] const auto* const kSkipWithoutServer =
    ::testing::AddGlobalTestEnvironment(new SkipWithoutServer);

// A plain libpq session for setting up and inspecting databases behind the store's back.
class Admin {
 public:
  explicit Admin(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    EXPECT_EQ(PQstatus(conn_), CONNECTION_OK) << PQerrorMessage(conn_);
  }
  Admin(const Admin&) = delete;
  Admin& operator=(const Admin&) = delete;
  ~Admin() { PQfinish(conn_); }

  // Runs constant SQL; fails the test on error.
  void Exec(const std::string& sql) {
    PGresult* result = PQexec(conn_, sql.c_str());
    const auto status = PQresultStatus(result);
    EXPECT_TRUE(status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        << sql << ": " << PQresultErrorMessage(result);
    PQclear(result);
  }

  // The first column of the first row, "" if none.
  std::string Scalar(const std::string& sql) {
    PGresult* result = PQexec(conn_, sql.c_str());
    EXPECT_EQ(PQresultStatus(result), PGRES_TUPLES_OK)
        << sql << ": " << PQresultErrorMessage(result);
    std::string value;
    if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) > 0) {
      value = PQgetvalue(result, 0, 0);
    }
    PQclear(result);
    return value;
  }

 private:
  PGconn* conn_;
};

// `url` with its database replaced, as a key=value connection string.
std::string WithDatabase(const std::string& url, const std::string& database) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  EXPECT_NE(options, nullptr) << (error != nullptr ? error : "");
  PQfreemem(error);
  auto quoted = [](const std::string& value) {
    std::string out = "'";
    for (const char c : value) {
      if (c == '\'' || c == '\\') out += '\\';
      out += c;
    }
    return out + "'";
  };
  std::string conninfo;
  for (auto* option = options; option != nullptr && option->keyword != nullptr; ++option) {
    if (option->val == nullptr || std::string(option->keyword) == "dbname") continue;
    conninfo += std::string(option->keyword) + "=" + quoted(option->val) + " ";
  }
  PQconninfoFree(options);
  return conninfo + "dbname=" + quoted(database);
}

// A new, empty database on the test server, dropped (sessions and all) at destruction.
class TempDatabase {
 public:
  TempDatabase() {
    static std::atomic<int> counter{0};
    std::random_device random;
    name_ = "roster_t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
            std::to_string(random() % 1000000);
    Admin(ServerUrl()).Exec("CREATE DATABASE " + name_);
    url_ = WithDatabase(ServerUrl(), name_);
  }
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;
  ~TempDatabase() { Admin(ServerUrl()).Exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"); }

  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::string url_;
};

// Owns the database of the store it wraps: closes the store, then drops the database.
class TempDatabaseStore final : public ports::Store {
 public:
  TempDatabaseStore(std::unique_ptr<TempDatabase> database, std::unique_ptr<PostgresStore> inner)
      : database_(std::move(database)), inner_(std::move(inner)) {}
  ~TempDatabaseStore() override { inner_.reset(); }
  core::Result<void> Read(const TxFn& fn) override { return inner_->Read(fn); }
  core::Result<void> Write(const TxFn& fn) override { return inner_->Write(fn); }
  core::Result<void> Migrate() override { return inner_->Migrate(); }
  core::Result<int> SchemaVersion() override { return inner_->SchemaVersion(); }

 private:
  std::unique_ptr<TempDatabase> database_;
  std::unique_ptr<PostgresStore> inner_;
};

std::unique_ptr<ports::Store> MakePostgresStore() {
  auto database = std::make_unique<TempDatabase>();
  auto opened = PostgresStore::Open({.url = database->url()});
  if (!opened) {
    ADD_FAILURE() << "open: " << opened.error().log;
    return nullptr;
  }
  if (auto migrated = (*opened)->Migrate(); !migrated) {
    ADD_FAILURE() << "migrate: " << migrated.error().log;
    return nullptr;
  }
  return std::make_unique<TempDatabaseStore>(std::move(database), std::move(*opened));
}

INSTANTIATE_TEST_SUITE_P(Postgres, StoreContractTest,
                         ::testing::Values(StoreFactory{"postgres", MakePostgresStore}),
                         StoreFactoryName);

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

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { database_ = std::make_unique<TempDatabase>(); }
  void TearDown() override { database_.reset(); }

  std::unique_ptr<PostgresStore> Open(PostgresOptions options = {}, bool migrate = true) {
    options.url = database_->url();
    auto opened = PostgresStore::Open(options);
    EXPECT_TRUE(opened.has_value()) << opened.error().log;
    if (!opened) return nullptr;
    if (migrate) {
      auto migrated = (*opened)->Migrate();
      EXPECT_TRUE(migrated.has_value()) << migrated.error().log;
    }
    return std::move(*opened);
  }

  // Ends every session of the test database except the admin's own, as a server restart does.
  int TerminateSessions() {
    Admin admin(database_->url());
    return std::stoi(
        admin.Scalar("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                     "WHERE datname = current_database() AND pid <> pg_backend_pid()"));
  }

  std::unique_ptr<TempDatabase> database_;
};

TEST_F(PostgresStoreTest, MigrationsAreRecordedAndValuesStoredAsDocumented) {
  auto store = Open({}, false);
  ASSERT_NE(store, nullptr);
  auto fresh = store->SchemaVersion();
  ASSERT_TRUE(fresh.has_value()) << fresh.error().log;
  EXPECT_EQ(*fresh, 0);
  ASSERT_TRUE(store->Migrate().has_value());
  auto version = store->SchemaVersion();
  ASSERT_TRUE(version.has_value());
  EXPECT_EQ(*version, 5);

  auto user = SomeUser("alice");
  user.state = core::UserState::kFrozen;
  ASSERT_TRUE(WriteTx(*store, [&](Tx& tx) { return tx.InsertUser(user); }));
  Admin admin(database_->url());
  EXPECT_EQ(
      admin.Scalar("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations"),
      "1,2,3,4,5");
  EXPECT_EQ(admin.Scalar("SELECT count(*) FROM pg_indexes WHERE indexname LIKE '%\\_expires'"),
            "6");
  EXPECT_EQ(admin.Scalar("SELECT state || ' ' || pg_typeof(created_at) || ' ' || created_at "
                         "FROM users"),
            "frozen bigint 1700000000");
}

// A database of schema version 2 (before the Apiture records) keeps its consumers, untrusted.
TEST_F(PostgresStoreTest, MigrationThreeUpgradesAVersionTwoDatabase) {
  {
    Admin admin(database_->url());
    admin.Exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
        "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    for (const store::pg::PgMigration& migration : store::pg::PostgresMigrations()) {
      if (migration.version > 2) break;
      admin.Exec(std::string(migration.sql));
      admin.Exec("INSERT INTO schema_migrations (version) VALUES (" +
                 std::to_string(migration.version) + ")");
    }
    admin.Exec(
        "INSERT INTO consumers (id, name, key_digest, enabled, created_at) "
        "VALUES ('c-1', 'Old app', 'digest-1', true, 1700000000)");
  }
  auto store = Open({}, false);
  ASSERT_NE(store, nullptr);
  auto before = store->SchemaVersion();
  ASSERT_TRUE(before.has_value()) << before.error().log;
  EXPECT_EQ(*before, 2);
  ASSERT_TRUE(store->Migrate().has_value());
  auto after = store->SchemaVersion();
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(*after, store::pg::PostgresMigrations().back().version);
  auto consumer = ReadTx(*store, [](Tx& tx) { return tx.FindConsumerByKeyDigest("digest-1"); });
  ASSERT_TRUE(consumer.has_value()) << consumer.error().log;
  ASSERT_TRUE(consumer->has_value());
  EXPECT_EQ((*consumer)->name, "Old app");
  EXPECT_TRUE((*consumer)->enabled);
  EXPECT_FALSE((*consumer)->trusted);
}

TEST_F(PostgresStoreTest, ConcurrentMigrationsApplyEachVersionOnce) {
  constexpr int kNodes = 4;
  std::vector<std::unique_ptr<PostgresStore>> stores;
  for (int i = 0; i < kNodes; ++i) {
    stores.push_back(Open({.pool_size = 1}, false));
    ASSERT_NE(stores.back(), nullptr);
  }
  std::latch start(kNodes);
  std::vector<core::Result<void>> results(kNodes);
  std::vector<std::thread> threads;
  for (int i = 0; i < kNodes; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      results[i] = stores[i]->Migrate();
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& result : results) EXPECT_TRUE(result.has_value()) << result.error().log;
  EXPECT_EQ(Admin(database_->url()).Scalar("SELECT count(*) FROM schema_migrations"),
            std::to_string(store::pg::PostgresMigrations().size()));
}

TEST_F(PostgresStoreTest, ReconnectsAfterTheServerDropsEverySession) {
  auto store = Open({.pool_size = 4});
  ASSERT_NE(store, nullptr);
  // Fills the pool with several idle connections, all of which the server will drop.
  std::latch together(3);
  std::vector<std::thread> readers;
  for (int i = 0; i < 3; ++i) {
    readers.emplace_back([&] {
      EXPECT_TRUE(store->Read([&](Tx&) -> core::Result<void> {
        together.arrive_and_wait();
        return {};
      }));
    });
  }
  for (auto& reader : readers) reader.join();
  ASSERT_GE(TerminateSessions(), 3);

  ASSERT_TRUE(WriteTx(*store, [](Tx& tx) { return tx.InsertUser(SomeUser("alice")); }))
      << "the first call after the sessions were dropped must reconnect";
  for (int i = 0; i < 5; ++i) {
    auto found = ReadTx(*store, [](Tx& tx) { return tx.FindUserByUsername("alice"); });
    ASSERT_TRUE(found.has_value()) << found.error().log;
    EXPECT_TRUE(found->has_value());
  }
}

TEST_F(PostgresStoreTest, WriteInterruptedByALostConnectionRunsAgain) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  std::atomic<int> runs{0};
  auto done = store->Write([&](Tx& tx) -> core::Result<void> {
    if (auto inserted = tx.InsertUser(SomeUser("alice")); !inserted) return inserted;
    if (runs++ == 0) {
      EXPECT_GE(TerminateSessions(), 1);
    }
    return tx.InsertUser(SomeUser("bob"));
  });
  ASSERT_TRUE(done.has_value()) << done.error().log;
  EXPECT_EQ(runs.load(), 2);
  EXPECT_EQ(Admin(database_->url())
                .Scalar("SELECT string_agg(username, ',' ORDER BY username) "
                        "FROM users"),
            "alice,bob");
}

TEST(PostgresStoreOpenTest, NothingListeningIsUnavailable) {
  int port = 0;
  {
    // Binds an ephemeral port and closes it again: nothing listens there afterwards.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin_port);
    ::close(fd);
  }
  const auto started = std::chrono::steady_clock::now();
  auto opened = PostgresStore::Open(
      {.url = "postgresql://postgres@127.0.0.1:" + std::to_string(port) + "/roster",
       .connect_timeout = 1000ms});
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(opened.error().detail.empty());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);
}

TEST(PostgresStoreOpenTest, SilentServerTimesOutAsUnavailable) {
  // Accepts TCP connections (the kernel does) but never answers the startup packet.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(fd, 4), 0);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  const auto started = std::chrono::steady_clock::now();
  auto opened = PostgresStore::Open(
      {.url = "postgresql://postgres@127.0.0.1:" + std::to_string(ntohs(address.sin_port)) +
              "/roster?sslmode=disable",
       .connect_timeout = 300ms});
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ::close(fd);
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(opened.error().log.find("timed out"), std::string::npos) << opened.error().log;
  EXPECT_GE(elapsed, 300ms);
  EXPECT_LT(elapsed, 1500ms);
}

TEST(PostgresStoreOpenTest, MalformedUrlIsInvalidInput) {
  auto opened = PostgresStore::Open({.url = "postgresql://host:port:extra/db?nosuchoption=1"});
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, ErrorCode::kInvalidInput);
}

TEST_F(PostgresStoreTest, TwoNodesAgreeOnOneUsernameAndCountEveryFailedLogin) {
  auto node_a = Open();
  auto node_b = Open();
  ASSERT_NE(node_a, nullptr);
  ASSERT_NE(node_b, nullptr);
  constexpr int kThreadsPerNode = 4;
  constexpr int kLoginsPerThread = 25;
  std::atomic<int> inserted{0};
  std::atomic<int> taken{0};
  std::atomic<int> other{0};
  std::atomic<int> failed_logins{0};
  std::latch start(2 * kThreadsPerNode);
  std::vector<std::thread> threads;
  for (int t = 0; t < 2 * kThreadsPerNode; ++t) {
    PostgresStore& node = t % 2 == 0 ? *node_a : *node_b;
    threads.emplace_back([&, t] {
      auto user = SomeUser("contended");
      user.id = "id-" + std::to_string(t);
      start.arrive_and_wait();
      auto result = WriteTx(node, [&](Tx& tx) { return tx.InsertUser(user); });
      if (result) {
        ++inserted;
      } else if (result.error().code == ErrorCode::kUsernameTaken) {
        ++taken;
      } else {
        ++other;
      }
      for (int i = 0; i < kLoginsPerThread; ++i) {
        auto count = WriteTx(node, [](Tx& tx) {
          return tx.RecordFailedLogin("local", "contended", core::TimePoint{1s});
        });
        if (!count) ++failed_logins;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(inserted.load(), 1);
  EXPECT_EQ(taken.load(), 2 * kThreadsPerNode - 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(failed_logins.load(), 0);
  auto attempts = ReadTx(*node_b, [](Tx& tx) { return tx.GetLoginAttempts("local", "contended"); });
  ASSERT_TRUE(attempts.has_value());
  EXPECT_EQ(attempts->bad_attempts, 2 * kThreadsPerNode * kLoginsPerThread);
}

TEST_F(PostgresStoreTest, WriteSkewIsDetectedAndTheLoserRunsAgain) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  // Each transaction reads the whole user list, then adds a user: run side by side, they cannot
  // both commit under SERIALIZABLE, so one is run again and then sees the other's user.
  std::latch both_read(2);
  std::atomic<int> runs{0};
  std::vector<std::size_t> seen_last(2);
  std::vector<core::Result<void>> results(2);
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      bool first_run = true;
      results[t] = store->Write([&](Tx& tx) -> core::Result<void> {
        ++runs;
        auto users = tx.ListUsers({});
        if (!users) return std::unexpected(users.error());
        seen_last[t] = users->size();
        if (first_run) {
          first_run = false;
          both_read.arrive_and_wait();
        }
        return tx.InsertUser(SomeUser("user" + std::to_string(t)));
      });
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_TRUE(results[0].has_value()) << results[0].error().log;
  ASSERT_TRUE(results[1].has_value()) << results[1].error().log;
  EXPECT_GE(runs.load(), 3);
  EXPECT_EQ(seen_last[0] + seen_last[1], 1u) << "the loser's last run saw the winner's user";
}

TEST_F(PostgresStoreTest, ACallbackIgnoringAFailedStatementNeverCommits) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(WriteTx(*store, [](Tx& tx) { return tx.InsertUser(SomeUser("alice")); }));
  auto done = store->Write([](Tx& tx) -> core::Result<void> {
    auto clash = SomeUser("alice");
    clash.id = "id-other";
    (void)tx.InsertUser(clash);
    auto bank = tx.InsertBank({"bank-1", "B", "Bank", {}});
    EXPECT_FALSE(bank.has_value());
    return {};
  });
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code, ErrorCode::kUsernameTaken);
  auto bank = ReadTx(*store, [](Tx& tx) { return tx.FindBank("bank-1"); });
  ASSERT_TRUE(bank.has_value());
  EXPECT_FALSE(bank->has_value());
}

TEST_F(PostgresStoreTest, ReferencesToUnknownUsersAreUserNotFound) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
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

TEST_F(PostgresStoreTest, FailuresKeepServerTextInTheLog) {
  auto store = Open({}, false);  // not migrated: the tables do not exist
  ASSERT_NE(store, nullptr);
  auto found = ReadTx(*store, [](Tx& tx) { return tx.FindUserById("x"); });
  ASSERT_FALSE(found.has_value());
  EXPECT_EQ(found.error().code, ErrorCode::kInternal);
  EXPECT_TRUE(found.error().detail.empty());
  EXPECT_NE(found.error().log.find("does not exist"), std::string::npos) << found.error().log;

  ASSERT_TRUE(store->Migrate().has_value());
  auto wrote = ReadTx(*store, [](Tx& tx) { return tx.InsertUser(SomeUser("alice")); });
  ASSERT_FALSE(wrote.has_value());
  EXPECT_EQ(wrote.error().code, ErrorCode::kInternal);
  auto nul =
      WriteTx(*store, [](Tx& tx) { return tx.InsertUser(SomeUser(std::string("ali\0ce", 6))); });
  ASSERT_FALSE(nul.has_value());
  EXPECT_EQ(nul.error().code, ErrorCode::kInvalidInput);
  auto found_alice = ReadTx(*store, [](Tx& tx) { return tx.FindUserByUsername("ali"); });
  ASSERT_TRUE(found_alice.has_value());
  EXPECT_FALSE(found_alice->has_value());
}

TEST_F(PostgresStoreTest, ExhaustedPoolIsUnavailable) {
  auto store = Open({.pool_size = 1, .acquire_timeout = 50ms});
  ASSERT_NE(store, nullptr);
  std::latch holding(1);
  std::latch release(1);
  std::thread thread([&] {
    EXPECT_TRUE(store->Read([&](Tx&) -> core::Result<void> {
      holding.count_down();
      release.wait();
      return {};
    }));
  });
  holding.wait();
  auto starved = store->Read([](Tx&) -> core::Result<void> { return {}; });
  release.count_down();
  thread.join();
  ASSERT_FALSE(starved.has_value());
  EXPECT_EQ(starved.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(store->Read([](Tx&) -> core::Result<void> { return {}; }).has_value());
}

}  // namespace
}  // namespace roster::contract
