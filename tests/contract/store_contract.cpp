#include "contract/store_contract.h"

#include <gmock/gmock.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <latch>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
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

template <class T>
std::vector<std::string> IdsOf(const std::vector<T>& records) {
  std::vector<std::string> ids;
  for (const auto& record : records) ids.push_back(record.id);
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

// Changes alice's e-mail from another thread (another connection), while the caller waits.
void ChangeEmailElsewhere(ports::Store& store, const std::string& email) {
  core::Result<void> written;
  std::thread writer([&] {
    written = store.Write([&](Tx& tx) -> core::Result<void> {
      auto user = MakeUser("alice");
      user.email = email;
      user.version = 2;
      return tx.UpdateUser(user);
    });
  });
  writer.join();
  ASSERT_TRUE(written.has_value()) << written.error().log;
}

// Sets alice's e-mail address in a write transaction of this thread.
void ChangeEmailHere(ports::Store& store, const std::string& email) {
  auto written = WriteTx(store, [&](Tx& tx) -> core::Result<bool> {
    auto user = MakeUser("alice");
    user.email = email;
    user.version = 2;
    if (auto updated = tx.UpdateUser(user); !updated) return std::unexpected(updated.error());
    return true;
  });
  EXPECT_TRUE(written.has_value());
}

core::Result<std::string> EmailOfAlice(ports::Store& store) {
  auto user = ReadTx(store, [](Tx& tx) { return tx.FindUserById("id-alice"); });
  if (!user) return std::unexpected(user.error());
  if (!*user) return core::Fail(ErrorCode::kUserNotFound);
  return (*user)->email;
}

TEST_P(StoreContractTest, ReadScopeSharesOneTransactionBetweenReads) {
  Seed(store(), {MakeUser("alice")});
  std::vector<std::string> seen;
  auto result = ports::ReadScope(store(), [&]() -> core::Result<int> {
    seen.push_back(EmailOfAlice(store()).value_or("error"));
    ChangeEmailElsewhere(store(), "changed@example.com");
    seen.push_back(EmailOfAlice(store()).value_or("error"));  // the scope's snapshot
    return 7;
  });
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(*result, 7);
  EXPECT_THAT(seen, ElementsAre("alice@example.com", "alice@example.com"));
  EXPECT_EQ(EmailOfAlice(store()).value_or("error"), "changed@example.com");
}

TEST_P(StoreContractTest, ReadScopeReadsSeeAWriteMadeInsideIt) {
  Seed(store(), {MakeUser("alice")});
  std::vector<std::string> seen;
  ports::ReadScope(store(), [&] {
    seen.push_back(EmailOfAlice(store()).value_or("error"));
    ChangeEmailHere(store(), "mine@example.com");
    seen.push_back(EmailOfAlice(store()).value_or("error"));
    ChangeEmailElsewhere(store(), "elsewhere@example.com");
    seen.push_back(EmailOfAlice(store()).value_or("error"));  // no snapshot any more
    return 0;
  });
  EXPECT_THAT(seen, ElementsAre("alice@example.com", "mine@example.com", "elsewhere@example.com"));
}

TEST_P(StoreContractTest, ReadScopeGivesUpItsTransactionAfterAFailedRead) {
  Seed(store(), {MakeUser("alice")});
  std::vector<std::string> seen;
  ports::ReadScope(store(), [&] {
    seen.push_back(EmailOfAlice(store()).value_or("error"));
    auto failed = ReadTx(
        store(), [](Tx&) -> core::Result<int> { return core::Fail(ErrorCode::kUnavailable); });
    EXPECT_FALSE(failed.has_value());
    ChangeEmailElsewhere(store(), "changed@example.com");
    seen.push_back(EmailOfAlice(store()).value_or("error"));
    return 0;
  });
  EXPECT_THAT(seen, ElementsAre("alice@example.com", "changed@example.com"));
}

TEST_P(StoreContractTest, ReadScopeLeavesNothingBehindOnItsThread) {
  Seed(store(), {MakeUser("alice")});
  ports::ReadScope(store(), [&] { return EmailOfAlice(store()); });
  // Outside the scope every read is a transaction of its own again.
  EXPECT_EQ(EmailOfAlice(store()).value_or("error"), "alice@example.com");
  ChangeEmailElsewhere(store(), "changed@example.com");
  EXPECT_EQ(EmailOfAlice(store()).value_or("error"), "changed@example.com");
}

TEST_P(StoreContractTest, ShareReadsRunsEveryTaskOnceInOrderSharingASnapshot) {
  Seed(store(), {MakeUser("alice")});
  std::vector<std::string> seen;
  std::vector<std::size_t> order;
  ports::ShareReads(store(), 3, [&](std::size_t i) {
    order.push_back(i);
    seen.push_back(EmailOfAlice(store()).value_or("error"));
    if (i == 0) ChangeEmailElsewhere(store(), "changed@example.com");
  });
  EXPECT_THAT(order, ElementsAre(0u, 1u, 2u));
  // The tasks after the first read the snapshot the first one began.
  EXPECT_THAT(seen, ElementsAre("alice@example.com", "alice@example.com", "alice@example.com"));
  EXPECT_EQ(EmailOfAlice(store()).value_or("error"), "changed@example.com");
}

TEST_P(StoreContractTest, ShareReadsGivesTheTasksAfterAWriteAFreshSnapshot) {
  Seed(store(), {MakeUser("alice")});
  std::vector<std::string> seen;
  ports::ShareReads(store(), 4, [&](std::size_t i) {
    seen.push_back(EmailOfAlice(store()).value_or("error"));
    if (i == 1) ChangeEmailHere(store(), "mine@example.com");  // retires the shared snapshot
    if (i == 2) ChangeEmailElsewhere(store(), "elsewhere@example.com");
  });
  // Task 2 reads after task 1's write in a scope of its own; task 3 shares task 2's snapshot,
  // taken before the change made elsewhere.
  EXPECT_THAT(seen, ElementsAre("alice@example.com", "alice@example.com", "mine@example.com",
                                "mine@example.com"));
  EXPECT_EQ(EmailOfAlice(store()).value_or("error"), "elsewhere@example.com");
}

// A store that runs every read callback twice, as PostgreSQL does after a lost connection.
class RerunningStore final : public ports::Store {
 public:
  explicit RerunningStore(ports::Store& inner) : inner_(inner) {}
  core::Result<void> Read(const TxFn& fn) override {
    (void)inner_.Read(fn);
    return inner_.Read(fn);
  }
  core::Result<void> Write(const TxFn& fn) override { return inner_.Write(fn); }
  core::Result<void> Migrate() override { return inner_.Migrate(); }
  core::Result<int> SchemaVersion() override { return inner_.SchemaVersion(); }

 private:
  ports::Store& inner_;
};

TEST_P(StoreContractTest, ShareReadsRunsNoTaskTwiceWhenTheStoreRunsItsCallbackAgain) {
  RerunningStore rerunning(store());
  std::vector<std::size_t> order;
  ports::ShareReads(rerunning, 3, [&](std::size_t i) { order.push_back(i); });
  EXPECT_THAT(order, ElementsAre(0u, 1u, 2u));
}

TEST_P(StoreContractTest, ShareReadsOfNothingRunsNothing) {
  int runs = 0;
  ports::ShareReads(store(), 0, [&](std::size_t) { ++runs; });
  EXPECT_EQ(runs, 0);
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
  core::Consumer enabled{"c-1", "App One", "digest-1", true, false, At(1)};
  core::Consumer disabled{"c-2", "App Two", "digest-2", false, false, At(2)};
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

  auto token = ReadTx(store(), [](Tx& tx) { return tx.FindTokenWithUser("t-2"); });
  ASSERT_TRUE(token.has_value() && token->has_value());
  EXPECT_EQ((*token)->token.digest, "t-2");
  EXPECT_EQ((*token)->token.user_id, "id-alice");
  EXPECT_EQ((*token)->token.consumer_id, "c-1");
  EXPECT_EQ((*token)->token.created_at, At(2));
  EXPECT_EQ((*token)->token.expires_at, At(102));
  EXPECT_EQ((*token)->user.username, "alice");

  ASSERT_TRUE(WriteTx(store(), [](Tx& tx) { return tx.DeleteToken("t-1"); }).has_value());
  auto deleted = ReadTx(store(), [](Tx& tx) { return tx.FindTokenWithUser("t-1"); });
  ASSERT_TRUE(deleted.has_value());
  EXPECT_FALSE(deleted->has_value());
  EXPECT_TRUE(WriteTx(store(), [](Tx& tx) { return tx.DeleteToken("t-1"); }).has_value());

  ASSERT_TRUE(
      WriteTx(store(), [](Tx& tx) { return tx.DeleteTokensOfUser("id-alice"); }).has_value());
  auto alice = ReadTx(store(), [](Tx& tx) { return tx.FindTokenWithUser("t-2"); });
  ASSERT_TRUE(alice.has_value());
  EXPECT_FALSE(alice->has_value());
  auto bob = ReadTx(store(), [](Tx& tx) { return tx.FindTokenWithUser("t-3"); });
  ASSERT_TRUE(bob.has_value());
  EXPECT_TRUE(bob->has_value());
}

TEST_P(StoreContractTest, TokenWithUserReadsBothInOneLookup) {
  auto alice = MakeUser("alice", 5);
  alice.state = core::UserState::kLocked;
  alice.lock_type = "lock_via_api";
  alice.last_lock_date = At(6);
  alice.version = 3;
  Seed(store(), {alice, MakeUser("bob")});
  ASSERT_TRUE(WriteTx(store(), [](Tx& tx) {
                return tx.InsertToken({"t-1", "id-alice", "c-1", At(1), At(101)});
              }).has_value());

  auto found = ReadTx(store(), [](Tx& tx) { return tx.FindTokenWithUser("t-1"); });
  ASSERT_TRUE(found.has_value() && found->has_value()) << (found ? "" : found.error().log);
  EXPECT_EQ((*found)->token.digest, "t-1");
  EXPECT_EQ((*found)->token.user_id, "id-alice");
  EXPECT_EQ((*found)->token.consumer_id, "c-1");
  EXPECT_EQ((*found)->token.created_at, At(1));
  EXPECT_EQ((*found)->token.expires_at, At(101));
  ExpectSameUser((*found)->user, alice);

  auto missing = ReadTx(store(), [](Tx& tx) { return tx.FindTokenWithUser("t-9"); });
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());
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

// --- issue 3: helpers -------------------------------------------------------------------------

// Runs fn in a Write that must commit.
void MustWrite(ports::Store& store, const ports::Store::TxFn& fn) {
  auto done = store.Write(fn);
  ASSERT_TRUE(done.has_value()) << done.error().log;
}

// The code of the error a Write of fn fails with; nullopt (and a test failure) when it commits.
template <class F>
std::optional<ErrorCode> WriteFailure(ports::Store& store, F&& fn) {
  auto done = WriteTx(store, std::forward<F>(fn));
  if (done) {
    ADD_FAILURE() << "the write was expected to fail";
    return std::nullopt;
  }
  return done.error().code;
}

core::UserAttribute MakeAttribute(const std::string& id, const std::string& user_id, int created) {
  return core::UserAttribute{id,          user_id,       "name-" + id,
                             "STRING",    "value-" + id, created % 2 == 0,
                             At(created), At(created)};
}

core::UserAuthContext MakeAuthContext(const std::string& id, const std::string& user_id,
                                      const std::string& key, int created) {
  return core::UserAuthContext{id, user_id, key, "value-" + id, "consumer-1", At(created)};
}

core::AuthContextUpdate MakeAuthContextUpdate(const std::string& id, const std::string& user_id) {
  core::AuthContextUpdate update;
  update.id = id;
  update.user_id = user_id;
  update.bank_id = "bank-a";
  update.key = "CUSTOMER_NUMBER";
  update.value = "78987432";
  update.sca_method = "EMAIL";
  update.consumer_id = "consumer-1";
  update.status = "INITIATED";
  update.challenge_digest = "digest-of-" + id;
  update.failed_attempts = 0;
  update.created_at = At(10);
  update.expires_at = At(610);
  return update;
}

core::EntitlementRequest MakeRequest(const std::string& id, const std::string& user_id,
                                     const std::string& bank_id, const std::string& role,
                                     int created) {
  return core::EntitlementRequest{id, user_id, bank_id, role, At(created)};
}

core::Account MakeAccount(const std::string& bank_id, const std::string& id,
                          std::vector<core::AccountRouting> routings = {}) {
  core::Account account;
  account.bank_id = bank_id;
  account.id = id;
  account.owner_user_id = "id-alice";
  account.label = "Label " + id;
  account.product_code = "CURRENT";
  account.currency = "EUR";
  account.balance = "0";
  account.branch_id = "branch-1";
  account.routings = std::move(routings);
  account.created_at = At(20);
  return account;
}

core::AccountAccess MakeAccess(const std::string& bank_id, const std::string& account_id,
                               const std::string& view_id, const std::string& user_id,
                               int created = 30) {
  return core::AccountAccess{bank_id, account_id, view_id, user_id, At(created)};
}

std::vector<std::string> KeysOf(const std::vector<core::AccountAccess>& grants) {
  std::vector<std::string> keys;
  for (const auto& grant : grants) {
    keys.push_back(grant.bank_id + "/" + grant.account_id + "/" + grant.view_id + "/" +
                   grant.user_id);
  }
  return keys;
}

core::Customer MakeCustomer(const std::string& id, const std::string& bank_id,
                            const std::string& number, int created) {
  core::Customer customer;
  customer.id = id;
  customer.bank_id = bank_id;
  customer.customer_number = number;
  customer.legal_name = "Legal " + id;
  customer.mobile_phone_number = "+44 07972 444 876";
  customer.email = id + "@example.com";
  customer.details_json = R"({"title":"Dr.","kyc_status":true})";
  customer.created_at = At(created);
  return customer;
}

core::UserCustomerLink MakeLink(const std::string& id, const std::string& user_id,
                                const std::string& customer_id, int created) {
  return core::UserCustomerLink{id, user_id, customer_id, "bank-a", created % 2 == 0, At(created)};
}

// --- users by provider -----------------------------------------------------------------------

TEST_P(StoreContractTest, FindUserByProviderMatchesProviderAndProviderId) {
  auto dauth = MakeUser("carol");
  dauth.provider = "dauth.example";
  dauth.provider_id = "carol-at-dauth";
  Seed(store(), {MakeUser("alice"), dauth});
  auto found = ReadTx(
      store(), [](Tx& tx) { return tx.FindUserByProvider("dauth.example", "carol-at-dauth"); });
  ASSERT_TRUE(found.has_value()) << found.error().log;
  ASSERT_TRUE(found->has_value());
  ExpectSameUser(**found, dauth);
  for (const auto& [provider, provider_id] :
       std::vector<std::pair<std::string, std::string>>{{"dauth.example", "carol"},
                                                        {"https://roster.local", "carol-at-dauth"},
                                                        {"dauth.example", ""}}) {
    auto missing =
        ReadTx(store(), [&](Tx& tx) { return tx.FindUserByProvider(provider, provider_id); });
    ASSERT_TRUE(missing.has_value());
    EXPECT_FALSE(missing->has_value()) << provider << " " << provider_id;
  }
  auto local = ReadTx(
      store(), [](Tx& tx) { return tx.FindUserByProvider("https://roster.local", "alice"); });
  ASSERT_TRUE(local.has_value() && local->has_value());
  EXPECT_EQ((*local)->id, "id-alice");
}

// --- user attributes -------------------------------------------------------------------------

TEST_P(StoreContractTest, UserAttributesRoundTripAndListByCreation) {
  Seed(store(), {MakeUser("alice"), MakeUser("bob")});
  const auto first = MakeAttribute("attr-z", "id-alice", 1);
  MustWrite(store(), [&](Tx& tx) -> core::Result<void> {
    // Created out of id order; the last two in the same second keep their insertion order.
    for (const auto& attribute :
         {MakeAttribute("attr-m", "id-alice", 2), first, MakeAttribute("attr-b", "id-bob", 0),
          MakeAttribute("attr-y", "id-alice", 3), MakeAttribute("attr-a", "id-alice", 3)}) {
      if (auto inserted = tx.InsertUserAttribute(attribute); !inserted) return inserted;
    }
    return {};
  });
  auto found = ReadTx(store(), [](Tx& tx) { return tx.FindUserAttribute("attr-z"); });
  ASSERT_TRUE(found.has_value()) << found.error().log;
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, first.id);
  EXPECT_EQ((*found)->user_id, first.user_id);
  EXPECT_EQ((*found)->name, first.name);
  EXPECT_EQ((*found)->type, first.type);
  EXPECT_EQ((*found)->value, first.value);
  EXPECT_FALSE((*found)->is_personal);
  EXPECT_EQ((*found)->created_at, At(1));
  EXPECT_EQ((*found)->updated_at, At(1));
  auto personal = ReadTx(store(), [](Tx& tx) { return tx.FindUserAttribute("attr-m"); });
  ASSERT_TRUE(personal.has_value() && personal->has_value());
  EXPECT_TRUE((*personal)->is_personal);

  auto listed = ReadTx(store(), [](Tx& tx) { return tx.ListUserAttributes("id-alice"); });
  ASSERT_TRUE(listed.has_value()) << listed.error().log;
  EXPECT_THAT(IdsOf(*listed), ElementsAre("attr-z", "attr-m", "attr-y", "attr-a"));
  auto none = ReadTx(store(), [](Tx& tx) { return tx.ListUserAttributes("id-nobody"); });
  ASSERT_TRUE(none.has_value());
  EXPECT_THAT(*none, IsEmpty());
  auto missing = ReadTx(store(), [](Tx& tx) { return tx.FindUserAttribute("attr-q"); });
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());
}

TEST_P(StoreContractTest, UpdateUserAttributeReplacesNameTypeValueAndUpdatedAt) {
  Seed(store(), {MakeUser("alice"), MakeUser("bob")});
  MustWrite(store(),
            [](Tx& tx) { return tx.InsertUserAttribute(MakeAttribute("attr-1", "id-alice", 0)); });
  core::UserAttribute changed{"attr-1",     "id-bob", "DOB",  "DATE_WITH_DAY",
                              "2001-02-03", false,    At(50), At(60)};
  MustWrite(store(), [&](Tx& tx) { return tx.UpdateUserAttribute(changed); });
  auto found = ReadTx(store(), [](Tx& tx) { return tx.FindUserAttribute("attr-1"); });
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->user_id, "id-alice");
  EXPECT_EQ((*found)->name, "DOB");
  EXPECT_EQ((*found)->type, "DATE_WITH_DAY");
  EXPECT_EQ((*found)->value, "2001-02-03");
  EXPECT_TRUE((*found)->is_personal);
  EXPECT_EQ((*found)->created_at, At(0));
  EXPECT_EQ((*found)->updated_at, At(60));

  changed.id = "attr-unknown";
  EXPECT_EQ(WriteFailure(store(), [&](Tx& tx) { return tx.UpdateUserAttribute(changed); }),
            ErrorCode::kAttributeNotFound);
  EXPECT_EQ(WriteFailure(store(),
                         [](Tx& tx) {
                           return tx.InsertUserAttribute(MakeAttribute("attr-2", "id-ghost", 0));
                         }),
            ErrorCode::kUserNotFound);
}

// --- auth contexts ---------------------------------------------------------------------------

TEST_P(StoreContractTest, AuthContextsListByCreationAndDelete) {
  Seed(store(), {MakeUser("alice"), MakeUser("bob")});
  MustWrite(store(), [](Tx& tx) -> core::Result<void> {
    for (const auto& context : {MakeAuthContext("ctx-c", "id-alice", "CUSTOMER_NUMBER", 2),
                                MakeAuthContext("ctx-b", "id-alice", "CUSTOMER_NUMBER", 1),
                                MakeAuthContext("ctx-a", "id-bob", "CUSTOMER_NUMBER", 0),
                                MakeAuthContext("ctx-x", "id-alice", "TOKEN", 2)}) {
      if (auto inserted = tx.InsertAuthContext(context); !inserted) return inserted;
    }
    return {};
  });
  auto listed = ReadTx(store(), [](Tx& tx) { return tx.ListAuthContexts("id-alice"); });
  ASSERT_TRUE(listed.has_value()) << listed.error().log;
  EXPECT_THAT(IdsOf(*listed), ElementsAre("ctx-b", "ctx-c", "ctx-x"));
  const auto& first = listed->front();
  EXPECT_EQ(first.user_id, "id-alice");
  EXPECT_EQ(first.key, "CUSTOMER_NUMBER");
  EXPECT_EQ(first.value, "value-ctx-b");
  EXPECT_EQ(first.consumer_id, "consumer-1");
  EXPECT_EQ(first.created_at, At(1));

  MustWrite(store(), [](Tx& tx) { return tx.DeleteAuthContext("ctx-c"); });
  EXPECT_EQ(WriteFailure(store(), [](Tx& tx) { return tx.DeleteAuthContext("ctx-c"); }),
            ErrorCode::kAuthContextNotFound);
  listed = ReadTx(store(), [](Tx& tx) { return tx.ListAuthContexts("id-alice"); });
  ASSERT_TRUE(listed.has_value());
  EXPECT_THAT(IdsOf(*listed), ElementsAre("ctx-b", "ctx-x"));

  MustWrite(store(), [](Tx& tx) { return tx.DeleteAuthContextsOfUser("id-alice"); });
  MustWrite(store(), [](Tx& tx) { return tx.DeleteAuthContextsOfUser("id-alice"); });
  listed = ReadTx(store(), [](Tx& tx) { return tx.ListAuthContexts("id-alice"); });
  ASSERT_TRUE(listed.has_value());
  EXPECT_THAT(*listed, IsEmpty());
  auto bobs = ReadTx(store(), [](Tx& tx) { return tx.ListAuthContexts("id-bob"); });
  ASSERT_TRUE(bobs.has_value());
  EXPECT_THAT(IdsOf(*bobs), ElementsAre("ctx-a"));

  EXPECT_EQ(WriteFailure(store(),
                         [](Tx& tx) {
                           return tx.InsertAuthContext(
                               MakeAuthContext("ctx-g", "id-ghost", "CUSTOMER_NUMBER", 0));
                         }),
            ErrorCode::kUserNotFound);
}

TEST_P(StoreContractTest, AuthContextUpdatesRoundTripAndUpdateStatusAndAttempts) {
  Seed(store(), {MakeUser("alice")});
  const auto update = MakeAuthContextUpdate("upd-1", "id-alice");
  MustWrite(store(), [&](Tx& tx) { return tx.InsertAuthContextUpdate(update); });
  auto found = ReadTx(store(), [](Tx& tx) { return tx.FindAuthContextUpdate("upd-1"); });
  ASSERT_TRUE(found.has_value()) << found.error().log;
  ASSERT_TRUE(found->has_value());
  const auto& got = **found;
  EXPECT_EQ(got.id, update.id);
  EXPECT_EQ(got.user_id, update.user_id);
  EXPECT_EQ(got.bank_id, update.bank_id);
  EXPECT_EQ(got.key, update.key);
  EXPECT_EQ(got.value, update.value);
  EXPECT_EQ(got.sca_method, update.sca_method);
  EXPECT_EQ(got.consumer_id, update.consumer_id);
  EXPECT_EQ(got.status, update.status);
  EXPECT_EQ(got.challenge_digest, update.challenge_digest);
  EXPECT_EQ(got.failed_attempts, 0);
  EXPECT_EQ(got.created_at, update.created_at);
  EXPECT_EQ(got.expires_at, update.expires_at);

  auto changed = update;
  changed.status = "REJECTED";
  changed.failed_attempts = 3;
  changed.value = "other";
  changed.challenge_digest = "other";
  changed.expires_at = At(9999);
  MustWrite(store(), [&](Tx& tx) { return tx.UpdateAuthContextUpdate(changed); });
  found = ReadTx(store(), [](Tx& tx) { return tx.FindAuthContextUpdate("upd-1"); });
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->status, "REJECTED");
  EXPECT_EQ((*found)->failed_attempts, 3);
  EXPECT_EQ((*found)->value, update.value);
  EXPECT_EQ((*found)->challenge_digest, update.challenge_digest);
  EXPECT_EQ((*found)->expires_at, update.expires_at);

  auto missing = ReadTx(store(), [](Tx& tx) { return tx.FindAuthContextUpdate("upd-9"); });
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());
  changed.id = "upd-9";
  EXPECT_EQ(WriteFailure(store(), [&](Tx& tx) { return tx.UpdateAuthContextUpdate(changed); }),
            ErrorCode::kAuthContextUpdateNotFound);
  EXPECT_EQ(
      WriteFailure(store(),
                   [](Tx& tx) {
                     return tx.InsertAuthContextUpdate(MakeAuthContextUpdate("upd-2", "id-ghost"));
                   }),
      ErrorCode::kUserNotFound);
}

// --- entitlement requests --------------------------------------------------------------------

TEST_P(StoreContractTest, EntitlementRequestsListByCreationForOneUserOrAll) {
  Seed(store(), {MakeUser("alice"), MakeUser("bob")});
  MustWrite(store(), [](Tx& tx) -> core::Result<void> {
    for (const auto& request : {MakeRequest("req-c", "id-alice", "", "CanGetUser", 3),
                                MakeRequest("req-b", "id-bob", "bank-a", "CanGetUser", 1),
                                MakeRequest("req-a", "id-alice", "bank-a", "CanGetUser", 2),
                                MakeRequest("req-z", "id-bob", "", "CanGetUser", 3)}) {
      if (auto inserted = tx.InsertEntitlementRequest(request); !inserted) return inserted;
    }
    return {};
  });
  auto alices = ReadTx(store(), [](Tx& tx) { return tx.ListEntitlementRequests("id-alice"); });
  ASSERT_TRUE(alices.has_value()) << alices.error().log;
  EXPECT_THAT(IdsOf(*alices), ElementsAre("req-a", "req-c"));
  auto all = ReadTx(store(), [](Tx& tx) { return tx.ListEntitlementRequests(""); });
  ASSERT_TRUE(all.has_value()) << all.error().log;
  EXPECT_THAT(IdsOf(*all), ElementsAre("req-b", "req-a", "req-c", "req-z"));

  auto found = ReadTx(store(), [](Tx& tx) { return tx.FindEntitlementRequest("req-b"); });
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->user_id, "id-bob");
  EXPECT_EQ((*found)->bank_id, "bank-a");
  EXPECT_EQ((*found)->role_name, "CanGetUser");
  EXPECT_EQ((*found)->created_at, At(1));
  auto missing = ReadTx(store(), [](Tx& tx) { return tx.FindEntitlementRequest("req-q"); });
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());
}

TEST_P(StoreContractTest, EntitlementRequestErrors) {
  Seed(store(), {MakeUser("alice")});
  MustWrite(store(), [](Tx& tx) -> core::Result<void> {
    if (auto a = tx.InsertEntitlementRequest(MakeRequest("req-1", "id-alice", "", "CanGetUser", 0));
        !a) {
      return a;
    }
    return tx.InsertEntitlementRequest(MakeRequest("req-2", "id-alice", "bank-a", "CanGetUser", 0));
  });
  for (const std::string bank : {"", "bank-a"}) {
    EXPECT_EQ(WriteFailure(store(),
                           [&](Tx& tx) {
                             return tx.InsertEntitlementRequest(
                                 MakeRequest("req-new", "id-alice", bank, "CanGetUser", 1));
                           }),
              ErrorCode::kEntitlementRequestExists)
        << "bank '" << bank << "'";
  }
  EXPECT_EQ(WriteFailure(store(),
                         [](Tx& tx) {
                           return tx.InsertEntitlementRequest(
                               MakeRequest("req-3", "id-ghost", "", "CanGetUser", 0));
                         }),
            ErrorCode::kUserNotFound);

  MustWrite(store(), [](Tx& tx) { return tx.DeleteEntitlementRequest("req-1"); });
  EXPECT_EQ(WriteFailure(store(), [](Tx& tx) { return tx.DeleteEntitlementRequest("req-1"); }),
            ErrorCode::kEntitlementRequestNotFound);
  auto all = ReadTx(store(), [](Tx& tx) { return tx.ListEntitlementRequests(""); });
  ASSERT_TRUE(all.has_value());
  EXPECT_THAT(IdsOf(*all), ElementsAre("req-2"));
  // The deleted request may be made again.
  MustWrite(store(), [](Tx& tx) {
    return tx.InsertEntitlementRequest(MakeRequest("req-4", "id-alice", "", "CanGetUser", 5));
  });
}

// --- accounts --------------------------------------------------------------------------------

TEST_P(StoreContractTest, AccountsRoundTripWithRoutingsInOrder) {
  const auto account = MakeAccount(
      "bank-a", "acc-1", {{"IBAN", "DE89370400440532013000"}, {"AccountNumber", "0532013000"}});
  MustWrite(store(), [&](Tx& tx) -> core::Result<void> {
    if (auto a = tx.InsertAccount(account); !a) return a;
    return tx.InsertAccount(MakeAccount("bank-b", "acc-1"));  // the same id at another bank
  });
  auto found = ReadTx(store(), [](Tx& tx) { return tx.FindAccount("bank-a", "acc-1"); });
  ASSERT_TRUE(found.has_value()) << found.error().log;
  ASSERT_TRUE(found->has_value());
  const auto& got = **found;
  EXPECT_EQ(got.bank_id, "bank-a");
  EXPECT_EQ(got.id, "acc-1");
  EXPECT_EQ(got.owner_user_id, account.owner_user_id);
  EXPECT_EQ(got.label, account.label);
  EXPECT_EQ(got.product_code, account.product_code);
  EXPECT_EQ(got.currency, account.currency);
  EXPECT_EQ(got.balance, account.balance);
  EXPECT_EQ(got.branch_id, account.branch_id);
  EXPECT_EQ(got.created_at, account.created_at);
  ASSERT_EQ(got.routings.size(), 2u);
  EXPECT_EQ(got.routings[0].scheme, "IBAN");
  EXPECT_EQ(got.routings[0].address, "DE89370400440532013000");
  EXPECT_EQ(got.routings[1].scheme, "AccountNumber");
  EXPECT_EQ(got.routings[1].address, "0532013000");

  auto other = ReadTx(store(), [](Tx& tx) { return tx.FindAccount("bank-b", "acc-1"); });
  ASSERT_TRUE(other.has_value() && other->has_value());
  EXPECT_THAT((*other)->routings, IsEmpty());
  auto missing = ReadTx(store(), [](Tx& tx) { return tx.FindAccount("bank-c", "acc-1"); });
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());
}

TEST_P(StoreContractTest, AccountDuplicatesAreRefusedAndLeaveNothing) {
  MustWrite(store(), [](Tx& tx) {
    return tx.InsertAccount(MakeAccount("bank-a", "acc-1", {{"IBAN", "DE1"}}));
  });
  EXPECT_EQ(WriteFailure(store(),
                         [](Tx& tx) { return tx.InsertAccount(MakeAccount("bank-a", "acc-1")); }),
            ErrorCode::kAccountExists);
  EXPECT_EQ(WriteFailure(store(),
                         [](Tx& tx) {
                           return tx.InsertAccount(
                               MakeAccount("bank-b", "acc-2", {{"BBAN", "X"}, {"IBAN", "DE1"}}));
                         }),
            ErrorCode::kAccountRoutingTaken);
  // A refused InsertAccount leaves no row behind, even when the caller goes on and commits.
  auto ignored = store().Write([](Tx& tx) -> core::Result<void> {
    auto refused =
        tx.InsertAccount(MakeAccount("bank-b", "acc-3", {{"BBAN", "Y"}, {"IBAN", "DE1"}}));
    EXPECT_FALSE(refused.has_value());
    if (!refused) {
      EXPECT_EQ(refused.error().code, ErrorCode::kAccountRoutingTaken);
    }
    return {};
  });
  (void)ignored;  // SQLite commits the rest of the transaction; PostgreSQL refuses to commit
  for (const char* id : {"acc-2", "acc-3"}) {
    auto absent = ReadTx(store(), [&](Tx& tx) { return tx.FindAccount("bank-b", id); });
    ASSERT_TRUE(absent.has_value());
    EXPECT_FALSE(absent->has_value()) << id;
  }
  // The routings of the refused accounts were not kept either.
  MustWrite(store(), [](Tx& tx) {
    return tx.InsertAccount(MakeAccount("bank-b", "acc-4", {{"BBAN", "X"}, {"BBAN", "Y"}}));
  });
  // The same address under another scheme is another routing.
  MustWrite(store(), [](Tx& tx) {
    return tx.InsertAccount(MakeAccount("bank-b", "acc-5", {{"AccountNumber", "DE1"}}));
  });
}

// --- account access --------------------------------------------------------------------------

TEST_P(StoreContractTest, GrantAccessIsIdempotentAndListsAreOrdered) {
  Seed(store(), {MakeUser("alice"), MakeUser("bob")});
  MustWrite(store(), [](Tx& tx) -> core::Result<void> {
    for (const auto& grant : {MakeAccess("bank-b", "acc-1", "owner", "id-alice"),
                              MakeAccess("bank-a", "acc-2", "owner", "id-alice"),
                              MakeAccess("bank-a", "acc-1", "owner", "id-bob"),
                              MakeAccess("bank-a", "acc-1", "auditor", "id-alice"),
                              MakeAccess("bank-a", "acc-1", "owner", "id-alice", 31)}) {
      if (auto granted = tx.GrantAccess(grant); !granted) return granted;
    }
    return {};
  });
  // Granted again: no error, no second row, the first grant's date stays.
  MustWrite(store(), [](Tx& tx) {
    return tx.GrantAccess(MakeAccess("bank-a", "acc-1", "owner", "id-alice", 99));
  });
  auto to_account =
      ReadTx(store(), [](Tx& tx) { return tx.ListAccessToAccount("bank-a", "acc-1"); });
  ASSERT_TRUE(to_account.has_value()) << to_account.error().log;
  EXPECT_THAT(KeysOf(*to_account),
              ElementsAre("bank-a/acc-1/auditor/id-alice", "bank-a/acc-1/owner/id-alice",
                          "bank-a/acc-1/owner/id-bob"));
  EXPECT_EQ((*to_account)[1].created_at, At(31));
  auto of_user = ReadTx(store(), [](Tx& tx) { return tx.ListAccessOfUser("id-alice"); });
  ASSERT_TRUE(of_user.has_value()) << of_user.error().log;
  EXPECT_THAT(KeysOf(*of_user),
              ElementsAre("bank-a/acc-1/auditor/id-alice", "bank-a/acc-1/owner/id-alice",
                          "bank-a/acc-2/owner/id-alice", "bank-b/acc-1/owner/id-alice"));
  auto none = ReadTx(store(), [](Tx& tx) { return tx.ListAccessToAccount("bank-c", "acc-1"); });
  ASSERT_TRUE(none.has_value());
  EXPECT_THAT(*none, IsEmpty());

  EXPECT_EQ(
      WriteFailure(store(),
                   [](Tx& tx) {
                     return tx.GrantAccess(MakeAccess("bank-a", "acc-1", "owner", "id-ghost"));
                   }),
      ErrorCode::kUserNotFound);
}

TEST_P(StoreContractTest, RevokeAccessSaysWhetherAGrantWasRemoved) {
  Seed(store(), {MakeUser("alice")});
  MustWrite(store(), [](Tx& tx) -> core::Result<void> {
    if (auto a = tx.GrantAccess(MakeAccess("bank-a", "acc-1", "owner", "id-alice")); !a) return a;
    return tx.GrantAccess(MakeAccess("bank-a", "acc-1", "auditor", "id-alice"));
  });
  auto revoked = WriteTx(
      store(), [](Tx& tx) { return tx.RevokeAccess("bank-a", "acc-1", "owner", "id-alice"); });
  ASSERT_TRUE(revoked.has_value()) << revoked.error().log;
  EXPECT_TRUE(*revoked);
  auto again = WriteTx(
      store(), [](Tx& tx) { return tx.RevokeAccess("bank-a", "acc-1", "owner", "id-alice"); });
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(*again);
  auto unknown = WriteTx(
      store(), [](Tx& tx) { return tx.RevokeAccess("bank-a", "acc-9", "auditor", "id-alice"); });
  ASSERT_TRUE(unknown.has_value());
  EXPECT_FALSE(*unknown);
  auto left = ReadTx(store(), [](Tx& tx) { return tx.ListAccessOfUser("id-alice"); });
  ASSERT_TRUE(left.has_value());
  EXPECT_THAT(KeysOf(*left), ElementsAre("bank-a/acc-1/auditor/id-alice"));
}

// --- customers and user-customer links -------------------------------------------------------

TEST_P(StoreContractTest, CustomersRoundTripAndListByBankThenCreation) {
  const auto customer = MakeCustomer("cust-1", "bank-b", "5987953", 1);
  MustWrite(store(), [&](Tx& tx) -> core::Result<void> {
    for (const auto& record :
         {customer, MakeCustomer("cust-2", "bank-a", "100", 3),
          MakeCustomer("cust-3", "bank-a", "200", 2), MakeCustomer("cust-4", "bank-b", "100", 0),
          MakeCustomer("cust-0", "bank-a", "300", 3)}) {
      if (auto inserted = tx.InsertCustomer(record); !inserted) return inserted;
    }
    return {};
  });
  auto found = ReadTx(store(), [](Tx& tx) { return tx.FindCustomer("cust-1"); });
  ASSERT_TRUE(found.has_value()) << found.error().log;
  ASSERT_TRUE(found->has_value());
  const auto& got = **found;
  EXPECT_EQ(got.bank_id, customer.bank_id);
  EXPECT_EQ(got.customer_number, customer.customer_number);
  EXPECT_EQ(got.legal_name, customer.legal_name);
  EXPECT_EQ(got.mobile_phone_number, customer.mobile_phone_number);
  EXPECT_EQ(got.email, customer.email);
  EXPECT_EQ(got.details_json, customer.details_json);
  EXPECT_EQ(got.created_at, customer.created_at);

  auto by_number = ReadTx(store(), [](Tx& tx) { return tx.FindCustomerByNumber("bank-b", "100"); });
  ASSERT_TRUE(by_number.has_value() && by_number->has_value());
  EXPECT_EQ((*by_number)->id, "cust-4");
  auto no_number = ReadTx(store(), [](Tx& tx) { return tx.FindCustomerByNumber("bank-b", "200"); });
  ASSERT_TRUE(no_number.has_value());
  EXPECT_FALSE(no_number->has_value());
  auto no_id = ReadTx(store(), [](Tx& tx) { return tx.FindCustomer("cust-9"); });
  ASSERT_TRUE(no_id.has_value());
  EXPECT_FALSE(no_id->has_value());

  auto all = ReadTx(store(), [](Tx& tx) { return tx.ListCustomers(""); });
  ASSERT_TRUE(all.has_value()) << all.error().log;
  EXPECT_THAT(IdsOf(*all), ElementsAre("cust-3", "cust-2", "cust-0", "cust-4", "cust-1"));
  auto bank_a = ReadTx(store(), [](Tx& tx) { return tx.ListCustomers("bank-a"); });
  ASSERT_TRUE(bank_a.has_value());
  EXPECT_THAT(IdsOf(*bank_a), ElementsAre("cust-3", "cust-2", "cust-0"));
  auto bank_c = ReadTx(store(), [](Tx& tx) { return tx.ListCustomers("bank-c"); });
  ASSERT_TRUE(bank_c.has_value());
  EXPECT_THAT(*bank_c, IsEmpty());

  EXPECT_EQ(WriteFailure(store(),
                         [](Tx& tx) {
                           return tx.InsertCustomer(MakeCustomer("cust-5", "bank-a", "100", 4));
                         }),
            ErrorCode::kCustomerNumberTaken);
}

TEST_P(StoreContractTest, UserCustomerLinksListByCreationAndRefuseDuplicates) {
  Seed(store(), {MakeUser("alice"), MakeUser("bob")});
  MustWrite(store(), [](Tx& tx) -> core::Result<void> {
    for (const auto& customer :
         {MakeCustomer("cust-1", "bank-a", "1", 0), MakeCustomer("cust-2", "bank-a", "2", 0)}) {
      if (auto inserted = tx.InsertCustomer(customer); !inserted) return inserted;
    }
    for (const auto& link :
         {MakeLink("link-z", "id-alice", "cust-2", 2), MakeLink("link-y", "id-alice", "cust-1", 1),
          MakeLink("link-x", "id-bob", "cust-1", 0)}) {
      if (auto inserted = tx.InsertUserCustomerLink(link); !inserted) return inserted;
    }
    return {};
  });
  auto links = ReadTx(store(), [](Tx& tx) { return tx.ListCustomerLinksOfUser("id-alice"); });
  ASSERT_TRUE(links.has_value()) << links.error().log;
  EXPECT_THAT(IdsOf(*links), ElementsAre("link-y", "link-z"));
  const auto& first = links->front();
  EXPECT_EQ(first.user_id, "id-alice");
  EXPECT_EQ(first.customer_id, "cust-1");
  EXPECT_EQ(first.bank_id, "bank-a");
  EXPECT_FALSE(first.is_active);
  EXPECT_TRUE(links->back().is_active);
  EXPECT_EQ(first.created_at, At(1));
  auto none = ReadTx(store(), [](Tx& tx) { return tx.ListCustomerLinksOfUser("id-carol"); });
  ASSERT_TRUE(none.has_value());
  EXPECT_THAT(*none, IsEmpty());

  EXPECT_EQ(WriteFailure(store(),
                         [](Tx& tx) {
                           return tx.InsertUserCustomerLink(
                               MakeLink("link-new", "id-alice", "cust-1", 5));
                         }),
            ErrorCode::kCustomerLinkExists);
  EXPECT_EQ(WriteFailure(store(),
                         [](Tx& tx) {
                           return tx.InsertUserCustomerLink(
                               MakeLink("link-new", "id-ghost", "cust-1", 5));
                         }),
            ErrorCode::kUserNotFound);
  EXPECT_EQ(WriteFailure(store(),
                         [](Tx& tx) {
                           return tx.InsertUserCustomerLink(
                               MakeLink("link-new", "id-alice", "cust-9", 5));
                         }),
            ErrorCode::kCustomerNotFound);
}

// --- password resets -------------------------------------------------------------------------

TEST_P(StoreContractTest, PasswordResetIsSingleUse) {
  Seed(store(), {MakeUser("alice")});
  MustWrite(store(), [](Tx& tx) { return tx.InsertPasswordReset({"r-1", "id-alice", At(900)}); });
  // Taken in a write that then fails: the link stays.
  auto failed = store().Write([](Tx& tx) -> core::Result<void> {
    auto taken = tx.TakePasswordReset("r-1");
    if (!taken) return std::unexpected(taken.error());
    return core::Fail(ErrorCode::kResetLinkInvalid);
  });
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, ErrorCode::kResetLinkInvalid);
  auto taken = WriteTx(store(), [](Tx& tx) { return tx.TakePasswordReset("r-1"); });
  ASSERT_TRUE(taken.has_value()) << taken.error().log;
  ASSERT_TRUE(taken->has_value());
  EXPECT_EQ((*taken)->digest, "r-1");
  EXPECT_EQ((*taken)->user_id, "id-alice");
  EXPECT_EQ((*taken)->expires_at, At(900));
  auto again = WriteTx(store(), [](Tx& tx) { return tx.TakePasswordReset("r-1"); });
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(again->has_value());
  auto unknown = WriteTx(store(), [](Tx& tx) { return tx.TakePasswordReset("r-9"); });
  ASSERT_TRUE(unknown.has_value());
  EXPECT_FALSE(unknown->has_value());
  EXPECT_EQ(WriteFailure(store(),
                         [](Tx& tx) {
                           return tx.InsertPasswordReset({"r-2", "id-ghost", At(1)});
                         }),
            ErrorCode::kUserNotFound);
}

// --- rollback across the issue-3 records ------------------------------------------------------

TEST_P(StoreContractTest, FailedWriteLeavesNoneOfTheIssue3Records) {
  Seed(store(), {MakeUser("alice")});
  auto done = store().Write([](Tx& tx) -> core::Result<void> {
    std::vector<core::Result<void>> steps;
    steps.push_back(tx.InsertUserAttribute(MakeAttribute("attr-1", "id-alice", 0)));
    steps.push_back(tx.InsertAuthContext(MakeAuthContext("ctx-1", "id-alice", "K", 0)));
    steps.push_back(tx.InsertAuthContextUpdate(MakeAuthContextUpdate("upd-1", "id-alice")));
    steps.push_back(
        tx.InsertEntitlementRequest(MakeRequest("req-1", "id-alice", "", "CanGetUser", 0)));
    steps.push_back(tx.InsertAccount(MakeAccount("bank-a", "acc-1", {{"IBAN", "DE1"}})));
    steps.push_back(tx.GrantAccess(MakeAccess("bank-a", "acc-1", "owner", "id-alice")));
    steps.push_back(tx.InsertCustomer(MakeCustomer("cust-1", "bank-a", "1", 0)));
    steps.push_back(tx.InsertUserCustomerLink(MakeLink("link-1", "id-alice", "cust-1", 0)));
    steps.push_back(tx.InsertPasswordReset({"r-1", "id-alice", At(900)}));
    for (auto& step : steps) {
      if (!step) return step;
    }
    return core::Fail(ErrorCode::kInvalidInput, "late");
  });
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code, ErrorCode::kInvalidInput) << done.error().log;

  auto state = store().Write([](Tx& tx) -> core::Result<void> {
    auto attributes = tx.ListUserAttributes("id-alice");
    EXPECT_TRUE(attributes.has_value() && attributes->empty());
    auto contexts = tx.ListAuthContexts("id-alice");
    EXPECT_TRUE(contexts.has_value() && contexts->empty());
    auto update = tx.FindAuthContextUpdate("upd-1");
    EXPECT_TRUE(update.has_value() && !update->has_value());
    auto requests = tx.ListEntitlementRequests("");
    EXPECT_TRUE(requests.has_value() && requests->empty());
    auto account = tx.FindAccount("bank-a", "acc-1");
    EXPECT_TRUE(account.has_value() && !account->has_value());
    auto access = tx.ListAccessOfUser("id-alice");
    EXPECT_TRUE(access.has_value() && access->empty());
    auto customers = tx.ListCustomers("");
    EXPECT_TRUE(customers.has_value() && customers->empty());
    auto links = tx.ListCustomerLinksOfUser("id-alice");
    EXPECT_TRUE(links.has_value() && links->empty());
    auto reset = tx.TakePasswordReset("r-1");
    EXPECT_TRUE(reset.has_value() && !reset->has_value());
    // The routing was rolled back with its account: it can be used again.
    return tx.InsertAccount(MakeAccount("bank-b", "acc-2", {{"IBAN", "DE1"}}));
  });
  EXPECT_TRUE(state.has_value()) << state.error().log;
}

}  // namespace

}  // namespace roster::contract
