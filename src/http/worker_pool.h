// A fixed set of threads running tasks from a bounded FIFO queue.
#pragma once

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
class WorkerPool {
 public:
  // Starts `threads` threads (at least one). `queue_limit` counts tasks waiting for a thread, not
  // the ones running.
  explicit WorkerPool(int threads, std::size_t queue_limit);
  ~WorkerPool();  // Shutdown()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; false, without running it, when the queue is full or the pool is stopping.
  // A task that throws is logged and does not stop its thread.
  bool TryPost(std::function<void()> task);
  // Refuses new tasks, runs the queued ones, then joins the threads. Idempotent; must not be
  // called from a task.
  void Shutdown();

  std::size_t queued() const;

 private:
  void Work();

  const std::size_t queue_limit_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::mutex join_mutex_;
  std::vector<std::thread> threads_;
};

}  // namespace roster::http
