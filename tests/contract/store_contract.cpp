#include "contract/store_contract.h"

#include <gmock/gmock.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <latch>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace roster::contract {
namespace {

using core::ErrorCode;
using core::TimePoint;
using ports::ReadTx;
using ports::Tx;
using ports::WriteTx;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr TimePoint kT0{std::chrono::seconds{1'700'000'000}};

TimePoint At(int seconds) { return kT0 + std::chrono::seconds{seconds}; }

core::User MakeUser(const std::string& username, int created = 0) {
  core::User user;
  user.id = "id-" + username;
  user.username = username;
  user.provider = "https://roster.local";
  user.provider_id = username;
  user.email = username + "@example.com";
  user.first_name = "First " + username;
  user.last_name = "Last " + username;
  user.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  user.validated = true;
  user.created_at = At(created);
  user.updated_at = At(created);
  return user;
}

void ExpectSameUser(const core::User& actual, const core::User& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.username, expected.username);
  EXPECT_EQ(actual.provider, expected.provider);
  EXPECT_EQ(actual.provider_id, expected.provider_id);
  EXPECT_EQ(actual.email, expected.email);
  EXPECT_EQ(actual.first_name, expected.first_name);
  EXPECT_EQ(actual.last_name, expected.last_name);
  EXPECT_EQ(actual.password_hash, expected.password_hash);
  EXPECT_EQ(actual.validated, expected.validated);
  EXPECT_EQ(actual.state, expected.state);
  EXPECT_EQ(actual.lock_type, expected.lock_type);
  EXPECT_EQ(actual.last_lock_date, expected.last_lock_date);
  EXPECT_EQ(actual.created_at, expected.created_at);
  EXPECT_EQ(actual.updated_at, expected.updated_at);
  EXPECT_EQ(actual.version, expected.version);
}

core::Entitlement MakeEntitlement(const std::string& id, const std::string& user_id,
                                  const std::string& bank_id, const std::string& role) {
  return core::Entitlement{id, user_id, bank_id, role, "manual", At(5)};
}

std::vector<std::string> IdsOf(const std::vector<core::User>& users) {
  std::vector<std::string> ids;
  for (const auto& user : users) ids.push_back(user.id);
  return ids;
}

std::vector<std::string> IdsOf(const std::vector<core::Entitlement>& entitlements) {
  std::vector<std::string> ids;
  for (const auto& entitlement : entitlements) ids.push_back(entitlement.id);
  return ids;
}

// Inserts users in one committed transaction; fails the test on error.
void Seed(ports::Store& store, const std::vector<core::User>& users) {
  auto done = store.Write([&](Tx& tx) -> core::Result<void> {
    for (const auto& user : users) {
      if (auto inserted = tx.InsertUser(user); !inserted) return inserted;
    }
    return {};
  });
  ASSERT_TRUE(done.has_value()) << done.error().log;
}

// --- migrations ---------------------------------------------------------------------------

TEST_P(StoreContractTest, MigrateIsIdempotent) {
  auto before = store().SchemaVersion();
  ASSERT_TRUE(before.has_value()) << before.error().log;
  EXPECT_GE(*before, 1);
  ASSERT_TRUE(store().Migrate().has_value());
  ASSERT_TRUE(store().Migrate().has_value());
  auto after = store().SchemaVersion();
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(*after, *before);
}

TEST_P(StoreContractTest, MigrateKeepsData) {
  Seed(store(), {MakeUser("alice")});
  ASSERT_TRUE(store().Migrate().has_value());
  auto found = ReadTx(store(), [](Tx& tx) { return tx.FindUserByUsername("alice"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(found->has_value());
}

// --- transactions ---------------------------------------------------------------------------

TEST_P(StoreContractTest, ReadSeesCommittedData) {
  auto missing = ReadTx(store(), [](Tx& tx) { return tx.FindUserById("id-alice"); });
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());
  Seed(store(), {MakeUser("alice")});
  auto found = ReadTx(store(), [](Tx& tx) { return tx.FindUserById("id-alice"); });
  ASSERT_TRUE(found.has_value());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->username, "alice");
}

TEST_P(StoreContractTest, WriteRollsBackWhenCallbackFails) {
  auto done = store().Write([](Tx& tx) -> core::Result<void> {
    if (auto inserted = tx.InsertUser(MakeUser("alice")); !inserted) return inserted;
    if (auto inserted = tx.InsertBank({"bank-1", "B1", "Bank One", At(0)}); !inserted) {
      return inserted;
    }
    if (auto counted = tx.RecordFailedLogin("p", "alice", At(1)); !counted) {
      return std::unexpected(counted.error());
    }
    return core::Fail(ErrorCode::kInvalidInput, "email");
  });
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(done.error().detail, "email");

  auto state = store().Read([](Tx& tx) -> core::Result<void> {
    auto user = tx.FindUserByUsername("alice");
    EXPECT_TRUE(user.has_value() && !user->has_value());
    auto bank = tx.FindBank("bank-1");
    EXPECT_TRUE(bank.has_value() && !bank->has_value());
    auto attempts = tx.GetLoginAttempts("p", "alice");
    EXPECT_TRUE(attempts.has_value() && attempts->bad_attempts == 0);
    return {};
  });
  EXPECT_TRUE(state.has_value());
}

TEST_P(StoreContractTest, WriteRollsBackEarlierStatementsAfterAStoreError) {
  Seed(store(), {MakeUser("taken")});
  auto done = store().Write([](Tx& tx) -> core::Result<void> {
    if (auto inserted = tx.InsertUser(MakeUser("bob")); !inserted) return inserted;
    auto clash = MakeUser("taken");
    clash.id = "id-other";
    return tx.InsertUser(clash);
  });
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code, ErrorCode::kUsernameTaken);
  auto bob = ReadTx(store(), [](Tx& tx) { return tx.FindUserByUsername("bob"); });
  ASSERT_TRUE(bob.has_value());
  EXPECT_FALSE(bob->has_value());
}

TEST_P(StoreContractTest, ReadReturnsTheCallbackError) {
  auto done = store().Read(
      [](Tx&) -> core::Result<void> { return core::Fail(ErrorCode::kUserNotFound, "x"); });
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code, ErrorCode::kUserNotFound);
  EXPECT_EQ(done.error().detail, "x");
}

TEST_P(StoreContractTest, TypedHelpersReturnTheCallbackValue) {
  auto count = WriteTx(store(), [](Tx& tx) { return tx.RecordFailedLogin("p", "u", At(0)); });
  ASSERT_TRUE(count.has_value());
  EXPECT_EQ(*count, 1);
}

TEST_P(StoreContractTest, ReadIsAConsistentSnapshot) {
  Seed(store(), {MakeUser("alice")});
  std::mutex mutex;
  std::condition_variable cv;
  bool first_read_done = false;
  bool write_done = false;
  core::Result<void> write_result;

  std::thread writer([&] {
    {
      std::unique_lock lock(mutex);
      cv.wait(lock, [&] { return first_read_done; });
    }
    write_result = store().Write([](Tx& tx) -> core::Result<void> {
      auto user = MakeUser("alice");
      user.email = "changed@example.com";
      user.version = 2;
      return tx.UpdateUser(user);
    });
    std::lock_guard lock(mutex);
    write_done = true;
    cv.notify_all();
  });

  std::string first_email;
  std::string second_email;
  auto read = store().Read([&](Tx& tx) -> core::Result<void> {
    auto user = tx.FindUserById("id-alice");
    if (!user) return std::unexpected(user.error());
    first_email = (*user)->email;
    {
      std::unique_lock lock(mutex);
      first_read_done = true;
      cv.notify_all();
      cv.wait(lock, [&] { return write_done; });
    }
    user = tx.FindUserById("id-alice");
    if (!user) return std::unexpected(user.error());
    second_email = (*user)->email;
    return {};
  });
  writer.join();
  ASSERT_TRUE(read.has_value()) << read.error().log;
  ASSERT_TRUE(write_result.has_value()) << write_result.error().log;
  EXPECT_EQ(first_email, "alice@example.com");
  EXPECT_EQ(second_email, "alice@example.com");
  auto after = ReadTx(store(), [](Tx& tx) { return tx.FindUserById("id-alice"); });
  ASSERT_TRUE(after.has_value() && after->has_value());
  EXPECT_EQ((*after)->email, "changed@example.com");
}

// --- users ------------------------------------------------------------------------------------

TEST_P(StoreContractTest, InsertUserRoundTripsEveryField) {
  core::User user = MakeUser("alice", 10);
  user.validated = true;
  user.state = core::UserState::kLocked;
  user.lock_type = "lock_via_api";
  user.last_lock_date = At(20);
  user.updated_at = At(30);
  user.version = 7;
  core::User plain = MakeUser("bob", 11);
  plain.password_hash = "";
  plain.first_name = "";
  plain.validated = false;
  plain.state = core::UserState::kInactive;
  Seed(store(), {user, plain});

  auto by_id = ReadTx(store(), [](Tx& tx) { return tx.FindUserById("id-alice"); });
  ASSERT_TRUE(by_id.has_value() && by_id->has_value());
  ExpectSameUser(**by_id, user);
  auto by_name = ReadTx(store(), [](Tx& tx) { return tx.FindUserByUsername("bob"); });
  ASSERT_TRUE(by_name.has_value() && by_name->has_value());
  ExpectSameUser(**by_name, plain);
  EXPECT_EQ((*by_name)->last_lock_date, std::nullopt);
}

TEST_P(StoreContractTest, EveryUserStateRoundTrips) {
  const std::vector<core::UserState> states = {core::UserState::kActive, core::UserState::kInactive,
                                               core::UserState::kLocked, core::UserState::kFrozen,
                                               core::UserState::kRemoved};
  std::vector<core::User> users;
  for (std::size_t i = 0; i < states.size(); ++i) {
    users.push_back(MakeUser("user" + std::to_string(i), static_cast<int>(i)));
    users.back().state = states[i];
  }
  Seed(store(), users);
  for (const auto& user : users) {
    auto found = ReadTx(store(), [&](Tx& tx) { return tx.FindUserById(user.id); });
    ASSERT_TRUE(found.has_value() && found->has_value());
    EXPECT_EQ((*found)->state, user.state);
  }
}

TEST_P(StoreContractTest, FindMissingUserIsEmpty) {
  auto by_id = ReadTx(store(), [](Tx& tx) { return tx.FindUserById("nope"); });
  ASSERT_TRUE(by_id.has_value());
  EXPECT_FALSE(by_id->has_value());
  auto by_name = ReadTx(store(), [](Tx& tx) { return tx.FindUserByUsername("nope"); });
  ASSERT_TRUE(by_name.has_value());
  EXPECT_FALSE(by_name->has_value());
}

TEST_P(StoreContractTest, DuplicateUsernameIsTakenInAnyState) {
  auto removed = MakeUser("alice");
  removed.state = core::UserState::kRemoved;
  Seed(store(), {removed});
  auto again = MakeUser("alice");
  again.id = "id-second";
  auto inserted = WriteTx(store(), [&](Tx& tx) { return tx.InsertUser(again); });
  ASSERT_FALSE(inserted.has_value());
  EXPECT_EQ(inserted.error().code, ErrorCode::kUsernameTaken);
  auto second = ReadTx(store(), [](Tx& tx) { return tx.FindUserById("id-second"); });
  ASSERT_TRUE(second.has_value());
  EXPECT_FALSE(second->has_value());
}

TEST_P(StoreContractTest, UpdateUserReplacesEveryColumn) {
  Seed(store(), {MakeUser("alice"), MakeUser("bob")});
  core::User changed = MakeUser("alice");
  changed.username = "alice2";
  changed.provider_id = "alice2";
  changed.email = "new@example.com";
  changed.first_name = "A";
  changed.last_name = "B";
  changed.password_hash = "other";
  changed.validated = false;
  changed.state = core::UserState::kLocked;
  changed.lock_type = "lock_via_api";
  changed.last_lock_date = At(50);
  changed.updated_at = At(60);
  changed.version = 2;
  auto updated = WriteTx(store(), [&](Tx& tx) { return tx.UpdateUser(changed); });
  ASSERT_TRUE(updated.has_value()) << updated.error().log;

  auto found = ReadTx(store(), [](Tx& tx) { return tx.FindUserById("id-alice"); });
  ASSERT_TRUE(found.has_value() && found->has_value());
  ExpectSameUser(**found, changed);
  auto old_name = ReadTx(store(), [](Tx& tx) { return tx.FindUserByUsername("alice"); });
  ASSERT_TRUE(old_name.has_value());
  EXPECT_FALSE(old_name->has_value());
  auto bob = ReadTx(store(), [](Tx& tx) { return tx.FindUserById("id-bob"); });
  ASSERT_TRUE(bob.has_value() && bob->has_value());
  ExpectSameUser(**bob, MakeUser("bob"));

  changed.last_lock_date.reset();
  changed.version = 3;
  ASSERT_TRUE(WriteTx(store(), [&](Tx& tx) { return tx.UpdateUser(changed); }).has_value());
  found = ReadTx(store(), [](Tx& tx) { return tx.FindUserById("id-alice"); });
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->last_lock_date, std::nullopt);
  EXPECT_EQ((*found)->version, 3);
}

TEST_P(StoreContractTest, UpdateMissingUserIsNotFound) {
  auto updated = WriteTx(store(), [](Tx& tx) { return tx.UpdateUser(MakeUser("ghost")); });
  ASSERT_FALSE(updated.has_value());
  EXPECT_EQ(updated.error().code, ErrorCode::kUserNotFound);
  EXPECT_EQ(updated.error().detail, "id-ghost");
  auto found = ReadTx(store(), [](Tx& tx) { return tx.FindUserById("id-ghost"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_FALSE(found->has_value());
}

// Inserted out of order; "id-c" and "id-b" share a creation time (the tie is broken by id).
void SeedUsersToList(ports::Store& store) {
  auto a = MakeUser("a", 1);
  auto c = MakeUser("c", 2);
  auto b = MakeUser("b", 2);
  auto d = MakeUser("d", 3);
  d.state = core::UserState::kRemoved;
  auto e = MakeUser("e", 4);
  e.email = "shared@example.com";
  a.email = "shared@example.com";
  Seed(store, {d, c, e, a, b});
}

std::vector<std::string> ListIds(ports::Store& store, const core::UserQuery& query) {
  auto users = ReadTx(store, [&](Tx& tx) { return tx.ListUsers(query); });
  EXPECT_TRUE(users.has_value());
  return users ? IdsOf(*users) : std::vector<std::string>{};
}

TEST_P(StoreContractTest, ListUsersOrdersByCreationThenId) {
  SeedUsersToList(store());
  ASSERT_FALSE(HasFatalFailure());
  EXPECT_THAT(ListIds(store(), {}), ElementsAre("id-a", "id-b", "id-c", "id-d", "id-e"));
  core::UserQuery descending;
  descending.descending = true;
  EXPECT_THAT(ListIds(store(), descending), ElementsAre("id-e", "id-d", "id-c", "id-b", "id-a"));
}

TEST_P(StoreContractTest, ListUsersPagesWithLimitAndOffset) {
  SeedUsersToList(store());
  ASSERT_FALSE(HasFatalFailure());
  core::UserQuery page;
  page.limit = 2;
  EXPECT_THAT(ListIds(store(), page), ElementsAre("id-a", "id-b"));
  page.offset = 2;
  EXPECT_THAT(ListIds(store(), page), ElementsAre("id-c", "id-d"));
  page.offset = 4;
  EXPECT_THAT(ListIds(store(), page), ElementsAre("id-e"));
  page.offset = 5;
  EXPECT_THAT(ListIds(store(), page), IsEmpty());
  page.offset = 1;
  page.descending = true;
  EXPECT_THAT(ListIds(store(), page), ElementsAre("id-d", "id-c"));
  page.limit = 0;
  page.offset = 0;
  EXPECT_THAT(ListIds(store(), page), IsEmpty());
}

TEST_P(StoreContractTest, ListUsersFiltersDeleted) {
  SeedUsersToList(store());
  ASSERT_FALSE(HasFatalFailure());
  core::UserQuery query;
  query.deleted = false;
  EXPECT_THAT(ListIds(store(), query), ElementsAre("id-a", "id-b", "id-c", "id-e"));
  query.deleted = true;
  EXPECT_THAT(ListIds(store(), query), ElementsAre("id-d"));
}

TEST_P(StoreContractTest, ListUsersFiltersByEmail) {
  SeedUsersToList(store());
  ASSERT_FALSE(HasFatalFailure());
  core::UserQuery query;
  query.email = "shared@example.com";
  EXPECT_THAT(ListIds(store(), query), ElementsAre("id-a", "id-e"));
  query.descending = true;
  EXPECT_THAT(ListIds(store(), query), ElementsAre("id-e", "id-a"));
  query.limit = 1;
  query.offset = 1;
  EXPECT_THAT(ListIds(store(), query), ElementsAre("id-a"));
  query = {};
  query.email = "d@example.com";
  query.deleted = false;
  EXPECT_THAT(ListIds(store(), query), IsEmpty());
  query.deleted = std::nullopt;
  EXPECT_THAT(ListIds(store(), query), ElementsAre("id-d"));
  query.email = "nobody@example.com";
  EXPECT_THAT(ListIds(store(), query), IsEmpty());
}

// --- login attempts ---------------------------------------------------------------------------

TEST_P(StoreContractTest, LoginAttemptsCountPerProviderAndUsername) {
  auto zero = ReadTx(store(), [](Tx& tx) { return tx.GetLoginAttempts("p", "ghost"); });
  ASSERT_TRUE(zero.has_value());
  EXPECT_EQ(zero->provider, "p");
  EXPECT_EQ(zero->username, "ghost");
  EXPECT_EQ(zero->bad_attempts, 0);
  EXPECT_EQ(zero->last_failure_date, std::nullopt);

  for (int expected = 1; expected <= 3; ++expected) {
    auto count =
        WriteTx(store(), [&](Tx& tx) { return tx.RecordFailedLogin("p", "ghost", At(expected)); });
    ASSERT_TRUE(count.has_value());
    EXPECT_EQ(*count, expected);
  }
  auto other = WriteTx(store(), [](Tx& tx) { return tx.RecordFailedLogin("q", "ghost", At(9)); });
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(*other, 1);

  auto three = ReadTx(store(), [](Tx& tx) { return tx.GetLoginAttempts("p", "ghost"); });
  ASSERT_TRUE(three.has_value());
  EXPECT_EQ(three->bad_attempts, 3);
  EXPECT_EQ(three->last_failure_date, At(3));

  ASSERT_TRUE(WriteTx(store(), [](Tx& tx) {
                return tx.ResetLoginAttempts("p", "ghost", At(100));
              }).has_value());
  auto reset = ReadTx(store(), [](Tx& tx) { return tx.GetLoginAttempts("p", "ghost"); });
  ASSERT_TRUE(reset.has_value());
  EXPECT_EQ(reset->bad_attempts, 0);
  EXPECT_EQ(reset->last_failure_date, At(100));
  auto untouched = ReadTx(store(), [](Tx& tx) { return tx.GetLoginAttempts("q", "ghost"); });
  ASSERT_TRUE(untouched.has_value());
  EXPECT_EQ(untouched->bad_attempts, 1);

  auto after_reset =
      WriteTx(store(), [](Tx& tx) { return tx.RecordFailedLogin("p", "ghost", At(101)); });
  ASSERT_TRUE(after_reset.has_value());
  EXPECT_EQ(*after_reset, 1);
}

TEST_P(StoreContractTest, ResetCreatesAMissingRecord) {
  ASSERT_TRUE(WriteTx(store(), [](Tx& tx) {
                return tx.ResetLoginAttempts("p", "new", At(7));
              }).has_value());
  auto attempts = ReadTx(store(), [](Tx& tx) { return tx.GetLoginAttempts("p", "new"); });
  ASSERT_TRUE(attempts.has_value());
  EXPECT_EQ(attempts->bad_attempts, 0);
  EXPECT_EQ(attempts->last_failure_date, At(7));
}

TEST_P(StoreContractTest, ConcurrentFailedLoginsAreAllCounted) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 50;
  std::atomic<int> failures{0};
  std::atomic<int> max_seen{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        auto count =
            WriteTx(store(), [](Tx& tx) { return tx.RecordFailedLogin("p", "target", At(1)); });
        if (!count) {
          ++failures;
          continue;
        }
        int seen = max_seen.load();
        while (*count > seen && !max_seen.compare_exchange_weak(seen, *count)) {
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(max_seen.load(), kThreads * kPerThread);
  auto attempts = ReadTx(store(), [](Tx& tx) { return tx.GetLoginAttempts("p", "target"); });
  ASSERT_TRUE(attempts.has_value());
  EXPECT_EQ(attempts->bad_attempts, kThreads * kPerThread);
}

TEST_P(StoreContractTest, ConcurrentInsertOfOneUsernameHasOneWinner) {
  constexpr int kThreads = 8;
  std::atomic<int> succeeded{0};
  std::atomic<int> taken{0};
  std::atomic<int> other{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto user = MakeUser("contended");
      user.id = "id-" + std::to_string(t);
      start.arrive_and_wait();
      auto inserted = WriteTx(store(), [&](Tx& tx) { return tx.InsertUser(user); });
      if (inserted) {
        ++succeeded;
      } else if (inserted.error().code == ErrorCode::kUsernameTaken) {
        ++taken;
      } else {
        ++other;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(succeeded.load(), 1);
  EXPECT_EQ(taken.load(), kThreads - 1);
  EXPECT_EQ(other.load(), 0);
  auto all = ReadTx(store(), [](Tx& tx) { return tx.ListUsers({}); });
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->size(), 1u);
}

// --- consumers and tokens -------------------------------------------------------------------

TEST_P(StoreContractTest, ConsumersAreFoundByKeyDigest) {
  core::Consumer enabled{"c-1", "App One", "digest-1", true, At(1)};
  core::Consumer disabled{"c-2", "App Two", "digest-2", false, At(2)};
  ASSERT_TRUE(store()
                  .Write([&](Tx& tx) -> core::Result<void> {
                    if (auto inserted = tx.InsertConsumer(enabled); !inserted) return inserted;
                    return tx.InsertConsumer(disabled);
                  })
                  .has_value());

  auto found = ReadTx(store(), [](Tx& tx) { return tx.FindConsumerByKeyDigest("digest-2"); });
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->id, "c-2");
  EXPECT_EQ((*found)->name, "App Two");
  EXPECT_EQ((*found)->key_digest, "digest-2");
  EXPECT_FALSE((*found)->enabled);
  EXPECT_EQ((*found)->created_at, At(2));
  auto first = ReadTx(store(), [](Tx& tx) { return tx.FindConsumerByKeyDigest("digest-1"); });
  ASSERT_TRUE(first.has_value() && first->has_value());
  EXPECT_TRUE((*first)->enabled);
  auto missing = ReadTx(store(), [](Tx& tx) { return tx.FindConsumerByKeyDigest("digest-9"); });
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());
}

TEST_P(StoreContractTest, TokensAreFoundAndDeleted) {
  Seed(store(), {MakeUser("alice"), MakeUser("bob")});
  ASSERT_TRUE(store()
                  .Write([](Tx& tx) -> core::Result<void> {
                    for (const auto& token :
                         {core::Token{"t-1", "id-alice", "c-1", At(1), At(101)},
                          core::Token{"t-2", "id-alice", "c-1", At(2), At(102)},
                          core::Token{"t-3", "id-bob", "c-1", At(3), At(103)}}) {
                      if (auto inserted = tx.InsertToken(token); !inserted) return inserted;
                    }
                    return {};
                  })
                  .has_value());

  auto token = ReadTx(store(), [](Tx& tx) { return tx.FindToken("t-2"); });
  ASSERT_TRUE(token.has_value() && token->has_value());
  EXPECT_EQ((*token)->digest, "t-2");
  EXPECT_EQ((*token)->user_id, "id-alice");
  EXPECT_EQ((*token)->consumer_id, "c-1");
  EXPECT_EQ((*token)->created_at, At(2));
  EXPECT_EQ((*token)->expires_at, At(102));

  ASSERT_TRUE(WriteTx(store(), [](Tx& tx) { return tx.DeleteToken("t-1"); }).has_value());
  auto deleted = ReadTx(store(), [](Tx& tx) { return tx.FindToken("t-1"); });
  ASSERT_TRUE(deleted.has_value());
  EXPECT_FALSE(deleted->has_value());
  EXPECT_TRUE(WriteTx(store(), [](Tx& tx) { return tx.DeleteToken("t-1"); }).has_value());

  ASSERT_TRUE(
      WriteTx(store(), [](Tx& tx) { return tx.DeleteTokensOfUser("id-alice"); }).has_value());
  auto alice = ReadTx(store(), [](Tx& tx) { return tx.FindToken("t-2"); });
  ASSERT_TRUE(alice.has_value());
  EXPECT_FALSE(alice->has_value());
  auto bob = ReadTx(store(), [](Tx& tx) { return tx.FindToken("t-3"); });
  ASSERT_TRUE(bob.has_value());
  EXPECT_TRUE(bob->has_value());
}

// --- entitlements -----------------------------------------------------------------------------

TEST_P(StoreContractTest, EntitlementsRoundTripAndList) {
  Seed(store(), {MakeUser("alice"), MakeUser("bob")});
  ASSERT_TRUE(store()
                  .Write([](Tx& tx) -> core::Result<void> {
                    for (const auto& entitlement :
                         {MakeEntitlement("e-1", "id-alice", "bank-b", "CanGetUser"),
                          MakeEntitlement("e-2", "id-alice", "", "CanCreateBank"),
                          MakeEntitlement("e-3", "id-alice", "bank-a", "CanGetUser"),
                          MakeEntitlement("e-4", "id-bob", "bank-a", "CanCreateAccount")}) {
                      if (auto inserted = tx.InsertEntitlement(entitlement); !inserted)
                        return inserted;
                    }
                    return {};
                  })
                  .has_value());

  auto found = ReadTx(store(), [](Tx& tx) { return tx.FindEntitlement("e-2"); });
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->user_id, "id-alice");
  EXPECT_EQ((*found)->bank_id, "");
  EXPECT_EQ((*found)->role_name, "CanCreateBank");
  EXPECT_EQ((*found)->created_by_process, "manual");
  EXPECT_EQ((*found)->created_at, At(5));

  auto of_alice = ReadTx(store(), [](Tx& tx) { return tx.ListEntitlementsOfUser("id-alice"); });
  ASSERT_TRUE(of_alice.has_value());
  EXPECT_THAT(IdsOf(*of_alice), ElementsAre("e-2", "e-3", "e-1"));
  auto of_bank = ReadTx(store(), [](Tx& tx) { return tx.ListEntitlementsOfBank("bank-a"); });
  ASSERT_TRUE(of_bank.has_value());
  EXPECT_THAT(IdsOf(*of_bank), ElementsAre("e-4", "e-3"));
  auto of_nobody = ReadTx(store(), [](Tx& tx) { return tx.ListEntitlementsOfUser("id-x"); });
  ASSERT_TRUE(of_nobody.has_value());
  EXPECT_THAT(*of_nobody, IsEmpty());
  auto missing = ReadTx(store(), [](Tx& tx) { return tx.FindEntitlement("e-9"); });
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());
}

TEST_P(StoreContractTest, DuplicateEntitlementExists) {
  Seed(store(), {MakeUser("alice")});
  ASSERT_TRUE(
      store()
          .Write([](Tx& tx) -> core::Result<void> {
            if (auto a = tx.InsertEntitlement(MakeEntitlement("e-1", "id-alice", "", "CanGetUser"));
                !a) {
              return a;
            }
            return tx.InsertEntitlement(MakeEntitlement("e-2", "id-alice", "bank-a", "CanGetUser"));
          })
          .has_value());
  for (const std::string bank : {"", "bank-a"}) {
    auto duplicate = WriteTx(store(), [&](Tx& tx) {
      return tx.InsertEntitlement(MakeEntitlement("e-new", "id-alice", bank, "CanGetUser"));
    });
    ASSERT_FALSE(duplicate.has_value()) << "bank '" << bank << "'";
    EXPECT_EQ(duplicate.error().code, ErrorCode::kEntitlementExists);
  }
  auto listed = ReadTx(store(), [](Tx& tx) { return tx.ListEntitlementsOfUser("id-alice"); });
  ASSERT_TRUE(listed.has_value());
  EXPECT_EQ(listed->size(), 2u);
}

TEST_P(StoreContractTest, HasEntitlementMatchesUserBankAndRole) {
  Seed(store(), {MakeUser("alice"), MakeUser("bob")});
  ASSERT_TRUE(
      store()
          .Write([](Tx& tx) -> core::Result<void> {
            if (auto a = tx.InsertEntitlement(MakeEntitlement("e-1", "id-alice", "", "CanGetUser"));
                !a) {
              return a;
            }
            return tx.InsertEntitlement(
                MakeEntitlement("e-2", "id-alice", "bank-a", "CanCreateAccount"));
          })
          .has_value());
  auto has = [&](std::string_view user, std::string_view bank, std::string_view role) {
    auto result = ReadTx(store(), [&](Tx& tx) { return tx.HasEntitlement(user, bank, role); });
    EXPECT_TRUE(result.has_value());
    return result.value_or(false);
  };
  EXPECT_TRUE(has("id-alice", "", "CanGetUser"));
  EXPECT_TRUE(has("id-alice", "bank-a", "CanCreateAccount"));
  EXPECT_FALSE(has("id-alice", "bank-a", "CanGetUser"));
  EXPECT_FALSE(has("id-alice", "", "CanCreateAccount"));
  EXPECT_FALSE(has("id-alice", "bank-b", "CanCreateAccount"));
  EXPECT_FALSE(has("id-bob", "", "CanGetUser"));
}

TEST_P(StoreContractTest, DeleteEntitlement) {
  Seed(store(), {MakeUser("alice")});
  ASSERT_TRUE(WriteTx(store(), [](Tx& tx) {
                return tx.InsertEntitlement(MakeEntitlement("e-1", "id-alice", "", "CanGetUser"));
              }).has_value());
  ASSERT_TRUE(WriteTx(store(), [](Tx& tx) { return tx.DeleteEntitlement("e-1"); }).has_value());
  auto has =
      ReadTx(store(), [](Tx& tx) { return tx.HasEntitlement("id-alice", "", "CanGetUser"); });
  ASSERT_TRUE(has.has_value());
  EXPECT_FALSE(*has);
  auto again = WriteTx(store(), [](Tx& tx) { return tx.DeleteEntitlement("e-1"); });
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kEntitlementNotFound);
}

// --- banks ------------------------------------------------------------------------------------

TEST_P(StoreContractTest, BanksRoundTripListAndRejectDuplicates) {
  ASSERT_TRUE(store()
                  .Write([](Tx& tx) -> core::Result<void> {
                    if (auto b = tx.InsertBank({"bank-z", "Z", "Bank Zed", At(1)}); !b) return b;
                    return tx.InsertBank({"bank-a", "A", "Bank A", At(2)});
                  })
                  .has_value());
  auto found = ReadTx(store(), [](Tx& tx) { return tx.FindBank("bank-z"); });
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->short_name, "Z");
  EXPECT_EQ((*found)->full_name, "Bank Zed");
  EXPECT_EQ((*found)->created_at, At(1));
  auto missing = ReadTx(store(), [](Tx& tx) { return tx.FindBank("bank-q"); });
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());

  auto duplicate = WriteTx(store(), [](Tx& tx) {
    return tx.InsertBank({"bank-a", "A2", "Other", At(3)});
  });
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kBankExists);

  auto banks = ReadTx(store(), [](Tx& tx) { return tx.ListBanks(); });
  ASSERT_TRUE(banks.has_value());
  ASSERT_EQ(banks->size(), 2u);
  EXPECT_EQ((*banks)[0].id, "bank-a");
  EXPECT_EQ((*banks)[0].short_name, "A");
  EXPECT_EQ((*banks)[1].id, "bank-z");
}

// --- e-mail validations -----------------------------------------------------------------------

TEST_P(StoreContractTest, EmailValidationIsSingleUse) {
  Seed(store(), {MakeUser("alice")});
  ASSERT_TRUE(WriteTx(store(), [](Tx& tx) {
                return tx.InsertEmailValidation({"v-1", "id-alice", At(3600)});
              }).has_value());
  auto taken = WriteTx(store(), [](Tx& tx) { return tx.TakeEmailValidation("v-1"); });
  ASSERT_TRUE(taken.has_value() && taken->has_value());
  EXPECT_EQ((*taken)->digest, "v-1");
  EXPECT_EQ((*taken)->user_id, "id-alice");
  EXPECT_EQ((*taken)->expires_at, At(3600));
  auto again = WriteTx(store(), [](Tx& tx) { return tx.TakeEmailValidation("v-1"); });
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(again->has_value());
  auto unknown = WriteTx(store(), [](Tx& tx) { return tx.TakeEmailValidation("v-9"); });
  ASSERT_TRUE(unknown.has_value());
  EXPECT_FALSE(unknown->has_value());
}

TEST_P(StoreContractTest, EmailValidationTakenInARolledBackWriteRemains) {
  Seed(store(), {MakeUser("alice")});
  ASSERT_TRUE(WriteTx(store(), [](Tx& tx) {
                return tx.InsertEmailValidation({"v-1", "id-alice", At(3600)});
              }).has_value());
  auto failed = store().Write([](Tx& tx) -> core::Result<void> {
    auto taken = tx.TakeEmailValidation("v-1");
    if (!taken) return std::unexpected(taken.error());
    return core::Fail(ErrorCode::kValidationLinkInvalid);
  });
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, ErrorCode::kValidationLinkInvalid);
  auto taken = WriteTx(store(), [](Tx& tx) { return tx.TakeEmailValidation("v-1"); });
  ASSERT_TRUE(taken.has_value());
  EXPECT_TRUE(taken->has_value());
}

}  // namespace

}  // namespace roster::contract
