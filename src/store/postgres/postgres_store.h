// The Store port on PostgreSQL 15 through libpq, for running several Roster processes on one
// database.
//
// Transactions: Read runs in REPEATABLE READ READ ONLY (one snapshot); Write in SERIALIZABLE and
// commits iff the callback succeeds. A transaction that fails with a serialisation failure or a
// deadlock (SQLSTATE 40001, 40P01) is run again from the start, callback included, up to
// kMaxAttempts times with jittered exponential backoff; so is one whose connection broke before
// COMMIT was sent. Such a rerun runs alone among this store's writers (they wait for it), so that
// writers of one process contending for one row all get through instead of losing the race
// again and again; writers of other processes are only spread apart by the backoff. A connection
// lost during COMMIT is not retried (the outcome is unknown). Once a statement fails, PostgreSQL
// aborts the transaction: the callback must return the error (statements after it fail too, and the
// store never commits such a transaction).
//
// Thread-safety: PostgresStore is safe to share between any number of threads. It keeps a
// bounded pool of connections, each used by one thread at a time. A connection found broken is
// closed, together with every idle connection opened before it broke (a server restart kills
// them all), and replaced on next use: the store reconnects by itself.
//
// Errors: kUnavailable when the server cannot be reached within connect_timeout, the pool stays
// exhausted for acquire_timeout, the connection is lost, or serialisation failures persist;
// kInvalidInput for a malformed URL (Open) or text the database cannot store (an embedded NUL,
// invalid UTF-8); kInternal for anything else, with the server's message in Error::log only. The
// constraint codes are those of ports::Tx, plus kUserNotFound (detail = the user id) when a
// record other than a user (token, entitlement, attribute, auth context, request, grant, link,
// reset, profile, contact item, constraints, tracking id, challenge) names no existing user
// (access tokens need none: '' is a trusted service), and kCustomerNotFound (detail = the customer
// id) when a user-customer link names no existing customer.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.h"
#include "ports/store.h"

namespace roster::store {

struct PostgresOptions {
  std::string url{};  // postgresql://user@host:port/dbname?... (or a libpq key=value string)
  int pool_size = 8;  // connections kept open at most (>= 1)
  std::chrono::milliseconds acquire_timeout{5000};  // wait for a free pooled connection
  std::chrono::milliseconds connect_timeout{5000};  // per connection attempt
};

namespace pg {
class PgConnection;
}  // namespace pg

class PostgresStore final : public ports::Store {
 public:
  // Attempts per Read or Write before a persistent serialisation failure is kUnavailable.
  static constexpr int kMaxAttempts = 20;

  // Connects once (kUnavailable if the server cannot be reached in time). Does not migrate.
  static core::Result<std::unique_ptr<PostgresStore>> Open(const PostgresOptions& options);

  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;
  // Every Read and Write must have returned before the store is destroyed.
  ~PostgresStore() override;

  core::Result<void> Read(const TxFn& fn) override;
  core::Result<void> Write(const TxFn& fn) override;
  core::Result<void> Migrate() override;
  core::Result<int> SchemaVersion() override;

 private:
  class Lease;

  explicit PostgresStore(PostgresOptions options);

  class WriterTurn;

  core::Result<void> RunTx(const TxFn& fn, bool write);

  // The writer gate: any number of first attempts at once, or one rerun alone. Waits up to
  // acquire_timeout (kUnavailable after that).
  core::Result<void> EnterWriter(bool alone);
  void LeaveWriter(bool alone);

  // Borrows an idle connection, opening a new one while fewer than pool_size exist; waits up to
  // acquire_timeout for one to be returned (kUnavailable after that, or if connecting fails).
  core::Result<std::unique_ptr<pg::PgConnection>> Acquire();
  // Returns a connection to the pool. A broken one, or one left inside a transaction, is closed;
  // a broken one also retires the idle connections of its generation and older.
  void Release(std::unique_ptr<pg::PgConnection> connection);

  PostgresOptions options_;
  // The writer gate; a mutex/condition pair (rather than std::shared_mutex) so that a waiting
  // rerun holds back new writers instead of starving.
  std::mutex writer_mutex_;
  std::condition_variable writer_cv_;
  int writers_ = 0;            // writers inside the gate; guarded by writer_mutex_
  int reruns_waiting_ = 0;     // guarded by writer_mutex_
  bool rerun_inside_ = false;  // guarded by writer_mutex_
  std::mutex pool_mutex_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<pg::PgConnection>> idle_;  // guarded by pool_mutex_
  int open_count_ = 0;                                   // guarded by pool_mutex_
  // Connections opened now get this tag; bumped when a broken connection is released.
  std::uint64_t generation_ = 0;  // guarded by pool_mutex_
};

}  // namespace roster::store
