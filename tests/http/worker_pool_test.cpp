#include "http/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

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

}  // namespace
}  // namespace roster::http
