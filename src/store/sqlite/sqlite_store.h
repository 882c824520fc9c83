// The Store port on SQLite 3 (WAL), the embedded default.
//
// Thread-safety: SqliteStore is safe to share between any number of threads. It keeps a bounded
// pool of connections, each used by one thread at a time. Writers of this process are serialised
// before they take a connection, so they queue on a mutex instead of spinning in SQLite's busy
// handler; other processes writing the same file are waited for up to busy_timeout.
//
// Errors: kUnavailable when the file cannot be opened, the pool stays exhausted or the database
// stays locked longer than busy_timeout; kInternal for any other SQLite failure, with SQLite's
// message in Error::log only. The constraint codes are those of ports::Tx, plus kUserNotFound
// (detail = the user id) when a record other than a user (token, entitlement, attribute, auth
// context, request, grant, link, reset, profile, contact item, constraints, tracking id,
// challenge) names no existing user (access tokens need none: '' is a trusted service), and
// kCustomerNotFound (detail = the customer id) when a user-customer link names no existing
// customer.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.h"
#include "ports/store.h"

namespace roster::store {

struct SqliteOptions {
  std::string path{};  // a file name; ":memory:" is not supported (each connection would differ)
  bool synchronous_full = true;  // PRAGMA synchronous=FULL (durable commits) or NORMAL
  // Page cache of each connection (PRAGMA cache_size), grown only as pages are read. A cache that
  // holds the hot part of the users table keeps reads of random users off the read() path.
  int cache_mib = 32;
  int pool_size = 8;  // connections kept open at most (>= 1)
  std::chrono::milliseconds busy_timeout{5000};
};

class SqliteConnection;

class SqliteStore final : public ports::Store {
 public:
  // Opens (creating if needed) the database file and switches it to WAL. Does not migrate.
  static core::Result<std::unique_ptr<SqliteStore>> Open(const SqliteOptions& options);

  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;
  // Every Read and Write must have returned before the store is destroyed.
  ~SqliteStore() override;

  core::Result<void> Read(const TxFn& fn) override;
  core::Result<void> Write(const TxFn& fn) override;
  core::Result<void> Migrate() override;
  core::Result<int> SchemaVersion() override;

 private:
  class Lease;
  class WriterTurn;

  explicit SqliteStore(SqliteOptions options);

  // Runs fn in a transaction on a pooled connection: BEGIN (snapshot) or BEGIN IMMEDIATE.
  core::Result<void> RunTx(const TxFn& fn, bool write);

  // Borrows an idle connection, opening a new one while fewer than pool_size exist; waits up to
  // busy_timeout for one to be returned (kUnavailable after that).
  core::Result<std::unique_ptr<SqliteConnection>> Acquire();
  // Returns a connection to the pool; a connection left inside a transaction is closed instead.
  void Release(std::unique_ptr<SqliteConnection> connection);

  // Waits up to busy_timeout for this process's single writer slot (kUnavailable after that).
  core::Result<void> EnterWriter();
  void LeaveWriter();

  SqliteOptions options_;
  // The writer slot. A mutex/condition pair rather than std::timed_mutex, whose timed lock
  // ThreadSanitizer cannot see.
  std::mutex write_mutex_;
  std::condition_variable write_cv_;
  bool writing_ = false;  // guarded by write_mutex_
  std::mutex pool_mutex_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;  // guarded by pool_mutex_
  int open_count_ = 0;                                   // guarded by pool_mutex_
};

}  // namespace roster::store
