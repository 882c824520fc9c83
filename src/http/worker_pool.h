// A fixed set of threads running tasks from a bounded FIFO queue.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace roster::http {

// Thread-safe. The queue bound is the back-pressure of the server: a task refused by TryPost is
// answered 503 instead of waiting, so the I/O threads never block on a busy pool.
//
// Batches: a thread that takes a batchable task also takes the batchable tasks queued right
// behind it (kMaxBatch in all) and hands them to the pool's BatchRunner, which runs them in order
// inside whatever scope lets them share work (the server's: one read transaction for queued
// GETs, ports::ShareReads). A batch forms only from tasks already waiting, so an idle pool runs
// every task alone and at once; under load the queue is deep and most reads share. A batch that
// has run for its budget hands the tasks it has not started back to the front of the queue, so
// one slow request does not hold up the ones behind it when another thread could run them.
class WorkerPool {
 public:
  // Must call run(0) .. run(count - 1), each once and in order; it decides only the scope they
  // run in. run never throws.
  using BatchRunner =
      std::function<void(std::size_t count, const std::function<void(std::size_t)>& run)>;
  static constexpr std::size_t kMaxBatch = 8;
  static constexpr std::chrono::microseconds kBatchBudget{1000};

  // Starts `threads` threads (at least one). `queue_limit` counts tasks waiting for a thread, not
  // the ones running. Without a `batch_runner` every task runs alone.
  explicit WorkerPool(int threads, std::size_t queue_limit, BatchRunner batch_runner = {},
                      std::chrono::microseconds batch_budget = kBatchBudget);
  ~WorkerPool();  // Shutdown()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; false, without running it, when the queue is full or the pool is stopping.
  // A task that throws is logged and does not stop its thread, nor the rest of its batch.
  bool TryPost(std::function<void()> task, bool batchable = false);
  // Refuses new tasks, runs the queued ones, then joins the threads. Idempotent; must not be
  // called from a task.
  void Shutdown();

  std::size_t queued() const;

 private:
  struct Task {
    std::function<void()> run;
    bool batchable = false;
  };

  void Work();
  void RunBatch(std::vector<Task>& batch);
  static void RunOne(const std::function<void()>& task) noexcept;

  const std::size_t queue_limit_;
  const BatchRunner batch_runner_;
  const std::chrono::microseconds batch_budget_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Task> queue_;
  bool stopping_ = false;
  std::mutex join_mutex_;
  std::vector<std::thread> threads_;
};

}  // namespace roster::http
