#include "http/worker_pool.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace roster::http {
namespace {

using namespace std::chrono_literals;

template <class Predicate>
bool WaitUntil(Predicate predicate, std::chrono::milliseconds timeout = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!predicate()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

TEST(WorkerPoolTest, RunsPostedTasks) {
  WorkerPool pool(2, 16);
  std::promise<std::thread::id> ran;
  ASSERT_TRUE(pool.TryPost([&] { ran.set_value(std::this_thread::get_id()); }));
  auto future = ran.get_future();
  ASSERT_EQ(future.wait_for(5s), std::future_status::ready);
  EXPECT_NE(future.get(), std::this_thread::get_id());
}

TEST(WorkerPoolTest, RefusesWhenQueueIsFull) {
  WorkerPool pool(1, 1);
  std::promise<void> gate;
  std::shared_future<void> opened = gate.get_future().share();
  std::atomic<int> started{0};
  std::atomic<int> finished{0};
  auto blocking = [&] {
    ++started;
    opened.wait();
    ++finished;
  };
  ASSERT_TRUE(pool.TryPost(blocking));
  ASSERT_TRUE(WaitUntil([&] { return started == 1; }));  // the only thread is busy
  EXPECT_TRUE(pool.TryPost(blocking));                   // fills the queue
  EXPECT_EQ(pool.queued(), 1u);
  EXPECT_FALSE(pool.TryPost(blocking));  // refused, never run
  gate.set_value();
  pool.Shutdown();
  EXPECT_EQ(finished, 2);
}

TEST(WorkerPoolTest, ShutdownRunsQueuedTasksThenRefuses) {
  WorkerPool pool(1, 100);
  std::promise<void> gate;
  std::shared_future<void> opened = gate.get_future().share();
  std::atomic<int> count{0};
  ASSERT_TRUE(pool.TryPost([&] { opened.wait(); }));
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(pool.TryPost([&] { ++count; }));
  std::thread releaser([&] {
    std::this_thread::sleep_for(50ms);
    gate.set_value();
  });
  pool.Shutdown();
  releaser.join();
  EXPECT_EQ(count, 50);
  EXPECT_FALSE(pool.TryPost([&] { ++count; }));
  pool.Shutdown();  // idempotent
  EXPECT_EQ(count, 50);
}

TEST(WorkerPoolTest, ThrowingTaskDoesNotKillTheThread) {
  WorkerPool pool(1, 4);
  ASSERT_TRUE(pool.TryPost([] { throw std::runtime_error("boom"); }));
  std::promise<void> ran;
  ASSERT_TRUE(pool.TryPost([&] { ran.set_value(); }));
  EXPECT_EQ(ran.get_future().wait_for(5s), std::future_status::ready);
}

TEST(WorkerPoolTest, ZeroThreadsMeansOne) {
  WorkerPool pool(0, 4);
  std::promise<void> ran;
  ASSERT_TRUE(pool.TryPost([&] { ran.set_value(); }));
  EXPECT_EQ(ran.get_future().wait_for(5s), std::future_status::ready);
}

// A pool of one thread whose first task waits at a gate, so that the tests can queue tasks
// behind it and know what the thread will find when the gate opens.
class GatedPool {
 public:
  // The default budget is long enough for no batch here to run out of it, however slow the
  // machine.
  explicit GatedPool(WorkerPool::BatchRunner runner,
                     std::chrono::microseconds budget = std::chrono::hours(1))
      : pool_(1, 100, std::move(runner), budget), opened_(gate_.get_future().share()) {
    EXPECT_TRUE(pool_.TryPost([this] {
      started_ = true;
      opened_.wait();
    }));
    EXPECT_TRUE(WaitUntil([this] { return started_.load(); }));
  }
  // Queues a task that records `id` in ran().
  void Post(int id, bool batchable, bool throws = false) {
    ASSERT_TRUE(pool_.TryPost(
        [this, id, throws] {
          {
            std::lock_guard lock(mutex_);
            ran_.push_back(id);
          }
          if (throws) throw std::runtime_error("boom");
        },
        batchable));
  }
  // Opens the gate and waits for every queued task.
  void Finish() {
    gate_.set_value();
    pool_.Shutdown();
  }
  std::vector<int> ran() const {
    std::lock_guard lock(mutex_);
    return ran_;
  }

 private:
  WorkerPool pool_;
  std::promise<void> gate_;
  std::shared_future<void> opened_;
  std::atomic<bool> started_{false};
  mutable std::mutex mutex_;
  std::vector<int> ran_;
};

// A runner that records the size of every batch it is given, then runs it.
struct RecordingRunner {
  std::shared_ptr<std::vector<std::size_t>> sizes = std::make_shared<std::vector<std::size_t>>();
  WorkerPool::BatchRunner Runner() const {
    return [sizes = sizes](std::size_t count, const std::function<void(std::size_t)>& run) {
      sizes->push_back(count);
      for (std::size_t i = 0; i < count; ++i) run(i);
    };
  }
};

TEST(WorkerPoolTest, BatchableTasksQueuedBackToBackRunAsOneBatchInOrder) {
  RecordingRunner recording;
  GatedPool pool(recording.Runner());
  for (int id : {1, 2, 3}) pool.Post(id, true);
  pool.Post(4, false);  // ends the batch and runs alone
  for (int id : {5, 6}) pool.Post(id, true);
  pool.Post(7, true);
  pool.Finish();
  EXPECT_THAT(pool.ran(), testing::ElementsAre(1, 2, 3, 4, 5, 6, 7));
  EXPECT_THAT(*recording.sizes, testing::ElementsAre(3u, 3u));
}

TEST(WorkerPoolTest, ABatchHoldsAtMostMaxBatchTasks) {
  RecordingRunner recording;
  GatedPool pool(recording.Runner());
  const int count = static_cast<int>(WorkerPool::kMaxBatch) + 3;
  for (int id = 0; id < count; ++id) pool.Post(id, true);
  pool.Finish();
  EXPECT_EQ(pool.ran().size(), static_cast<std::size_t>(count));
  EXPECT_THAT(*recording.sizes, testing::ElementsAre(WorkerPool::kMaxBatch, 3u));
}

TEST(WorkerPoolTest, ANonBatchableTaskFirstInTheQueueTakesNothingWithIt) {
  RecordingRunner recording;
  GatedPool pool(recording.Runner());
  pool.Post(1, false);
  pool.Post(2, true);
  pool.Post(3, true);
  pool.Finish();
  EXPECT_THAT(pool.ran(), testing::ElementsAre(1, 2, 3));
  EXPECT_THAT(*recording.sizes, testing::ElementsAre(2u));
}

TEST(WorkerPoolTest, WithoutARunnerBatchableTasksRunOneByOne) {
  GatedPool pool({});
  for (int id : {1, 2, 3}) pool.Post(id, true);
  pool.Finish();
  EXPECT_THAT(pool.ran(), testing::ElementsAre(1, 2, 3));
}

TEST(WorkerPoolTest, AThrowingTaskDoesNotStopTheRestOfItsBatch) {
  RecordingRunner recording;
  GatedPool pool(recording.Runner());
  pool.Post(1, true);
  pool.Post(2, true, /*throws=*/true);
  pool.Post(3, true);
  pool.Finish();
  EXPECT_THAT(pool.ran(), testing::ElementsAre(1, 2, 3));
  EXPECT_THAT(*recording.sizes, testing::ElementsAre(3u));
}

TEST(WorkerPoolTest, ABatchOutOfBudgetHandsTheRestBackInOrder) {
  // With no budget at all, each batch runs its first task and gives the others back to the front
  // of the queue, ahead of the task queued after them.
  RecordingRunner recording;
  GatedPool pool(recording.Runner(), std::chrono::microseconds(0));
  for (int id : {1, 2, 3, 4}) pool.Post(id, true);
  pool.Post(5, false);
  pool.Finish();
  EXPECT_THAT(pool.ran(), testing::ElementsAre(1, 2, 3, 4, 5));
  EXPECT_THAT(*recording.sizes, testing::ElementsAre(4u, 3u, 2u));
}

TEST(WorkerPoolTest, TasksARunnerDidNotStartStillRunAlone) {
  // A runner that fails after the first task: the other two must not be lost.
  GatedPool pool([](std::size_t, const std::function<void(std::size_t)>& run) {
    run(0);
    throw std::runtime_error("runner failed");
  });
  for (int id : {1, 2, 3}) pool.Post(id, true);
  pool.Finish();
  EXPECT_THAT(pool.ran(), testing::ElementsAre(1, 2, 3));
}

}  // namespace
}  // namespace roster::http
