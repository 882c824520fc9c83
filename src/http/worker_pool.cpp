#include "http/worker_pool.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <utility>

namespace roster::http {

WorkerPool::WorkerPool(int threads, std::size_t queue_limit, BatchRunner batch_runner,
                       std::chrono::microseconds batch_budget)
    : queue_limit_(queue_limit),
      batch_runner_(std::move(batch_runner)),
      batch_budget_(batch_budget) {
  const int count = std::max(threads, 1);
  threads_.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) threads_.emplace_back([this] { Work(); });
}

WorkerPool::~WorkerPool() { Shutdown(); }

bool WorkerPool::TryPost(std::function<void()> task, bool batchable) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= queue_limit_) return false;
    queue_.push_back(Task{std::move(task), batchable});
  }
  ready_.notify_one();
  return true;
}

void WorkerPool::Shutdown() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  std::lock_guard join_lock(join_mutex_);
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

std::size_t WorkerPool::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void WorkerPool::Work() {
  std::vector<Task> batch;
  batch.reserve(kMaxBatch);
  for (;;) {
    batch.clear();
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      do {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      } while (batch_runner_ && batch.front().batchable && batch.size() < kMaxBatch &&
               !queue_.empty() && queue_.front().batchable);
    }
    if (batch.size() == 1) {
      RunOne(batch.front().run);
    } else {
      RunBatch(batch);
    }
  }
}

void WorkerPool::RunBatch(std::vector<Task>& batch) {
  const auto began = std::chrono::steady_clock::now();
  std::size_t next = 0;  // the first task not run
  bool over_budget = false;
  try {
    batch_runner_(batch.size(), [&](std::size_t i) {
      // The first task always runs, so every batch makes progress.
      over_budget =
          over_budget || (i > 0 && std::chrono::steady_clock::now() - began >= batch_budget_);
      if (over_budget) return;
      next = i + 1;
      RunOne(batch[i].run);
    });
  } catch (const std::exception& e) {
    spdlog::error("worker batch failed: {}", e.what());
  } catch (...) {
    spdlog::error("worker batch failed with a non-standard exception");
  }
  if (next == batch.size()) return;
  if (over_budget) {
    // Back where they were, ahead of everything queued since; whichever thread is free takes them.
    {
      std::lock_guard lock(mutex_);
      for (std::size_t i = batch.size(); i > next; --i) queue_.push_front(std::move(batch[i - 1]));
    }
    ready_.notify_all();
    return;
  }
  // The runner failed: what it did not start still runs, alone (every task is a client's answer).
  for (std::size_t i = next; i < batch.size(); ++i) RunOne(batch[i].run);
}

void WorkerPool::RunOne(const std::function<void()>& task) noexcept {
  try {
    task();
  } catch (const std::exception& e) {
    spdlog::error("worker task failed: {}", e.what());
  } catch (...) {
    spdlog::error("worker task failed with a non-standard exception");
  }
}

}  // namespace roster::http
