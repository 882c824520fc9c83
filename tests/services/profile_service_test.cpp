// ProfileService over a real SQLite store: creation rules, If-Match inside the write
// transaction (no lost updates), the state actions' side effects shared with OBP, search and
// lookup access.
#include "services/profile_service.h"

#include <thread>

#include "services/service_fixture.h"

namespace roster::testing {
namespace {

using core::ContactItem;
using core::ContactKind;
using core::ErrorCode;
using core::UserAction;
using core::UserState;
using services::NewProfileUser;
using services::ScopedPrincipal;
using services::UserChange;
using services::UserRecord;

class ProfileServiceTest : public ServiceTest {
 protected:
  services::ProfileService profiles() { return {ports(), settings_}; }

  static ScopedPrincipal Service() {
    return {.consumer = {.id = "svc", .trusted = true},
            .scopes = core::ScopeSet::Parse("admin/full profiles/full")};
  }
  static ScopedPrincipal Self(const core::User& user, std::string_view scopes = "profiles/full") {
    return {.consumer = {.id = "c"}, .user = user, .scopes = core::ScopeSet::Parse(scopes)};
  }

  static NewProfileUser Input(const std::string& username, const std::string& tax_id = "") {
    NewProfileUser input;
    input.fields = {.username = username,
                    .first_name = "Jane",
                    .last_name = "Doe",
                    .tax_id = tax_id,
                    .customer_id = "42"};
    input.items.push_back(
        ContactItem{.kind = ContactKind::kEmail, .type = "personal", .value = username + "@x.org"});
    input.items.push_back(
        ContactItem{.kind = ContactKind::kEmail, .id = "e0", .type = "work", .value = "w@x.org"});
    input.items.push_back(
        ContactItem{.kind = ContactKind::kPhone, .type = "mobile", .value = "+19105550155"});
    return input;
  }

  services::UserView Create(const std::string& username, const std::string& tax_id = "") {
    auto created = profiles().Create(Service(), Input(username, tax_id));
    EXPECT_TRUE(created.has_value()) << (created ? "" : core::ReasonOf(created.error().code));
    return *created;
  }

  // A PATCH-like edit that only changes the occupation.
  static services::UserEdit AppendToOccupation(std::string suffix) {
    return [suffix](const UserRecord& current) -> core::Result<UserChange> {
      UserChange change{.fields = {.username = current.user.username,
                                   .first_name = current.user.first_name,
                                   .last_name = current.user.last_name,
                                   .tax_id = current.profile.tax_id,
                                   .customer_id = current.profile.customer_id,
                                   .occupation = current.profile.occupation + suffix,
                                   .details_json = current.profile.details_json}};
      return change;
    };
  }
};

TEST_F(ProfileServiceTest, CreateStoresUserProfileAndApprovedItemsWithAssignedIds) {
  services::UserView view = Create("jane.doe.1", "112-22-3333");
  const UserRecord& record = view.record;
  EXPECT_EQ(record.user.state, UserState::kActive);
  EXPECT_TRUE(record.user.validated);
  EXPECT_TRUE(record.user.password_hash.empty());
  EXPECT_EQ(record.user.provider, settings_.hostname);
  EXPECT_EQ(record.user.version, 1);
  EXPECT_EQ(record.profile.tax_id, "112223333");
  ASSERT_EQ(record.items.size(), 3u);
  // Items without an id get a fresh one: type initial, kind letter, number (FreshItemId).
  EXPECT_EQ(record.items[0].id, "pe1");
  EXPECT_EQ(record.items[1].id, "e0");
  EXPECT_EQ(record.items[2].id, "mp1");
  for (const ContactItem& item : record.items) EXPECT_EQ(item.state, "approved");
  // The first e-mail is preferred by default and mirrored into User::email.
  EXPECT_EQ(record.profile.preferred_email_id, "pe1");
  EXPECT_EQ(record.profile.preferred_phone_id, "mp1");
  EXPECT_EQ(record.profile.tax_address_id, "");

  auto stored = ports::ReadTx(
      *store_, [&](ports::Tx& tx) { return services::LoadUserRecord(tx, record.user.id); });
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->user.email, "jane.doe.1@x.org");
  EXPECT_EQ(stored->items.size(), 3u);
  EXPECT_TRUE(stored->profile_stored);
}

TEST_F(ProfileServiceTest, CreateRefusesDuplicatesAndStoresNothing) {
  Create("first.user1", "111223333");
  auto same_name = profiles().Create(Service(), Input("first.user1", "999887777"));
  ASSERT_FALSE(same_name.has_value());
  EXPECT_EQ(same_name.error().code, ErrorCode::kUsernameTaken);
  auto same_tax = profiles().Create(Service(), Input("second.user2", "111223333"));
  ASSERT_FALSE(same_tax.has_value());
  EXPECT_EQ(same_tax.error().code, ErrorCode::kDuplicateTaxId);
  auto users = ports::ReadTx(*store_, [](ports::Tx& tx) { return tx.ListUsers({.limit = 100}); });
  ASSERT_TRUE(users.has_value());
  EXPECT_EQ(users->size(), 1u);
}

TEST_F(ProfileServiceTest, CreateValidatesPointersIdsAndPassword) {
  NewProfileUser input = Input("pointer.user");
  input.preferred_phone_id = "nope";
  auto bad_pointer = profiles().Create(Service(), input);
  ASSERT_FALSE(bad_pointer.has_value());
  EXPECT_EQ(bad_pointer.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(bad_pointer.error().detail, "preferredPhoneId");

  input = Input("pointer.user");
  input.items[0].id = "e0";  // twice
  auto repeated = profiles().Create(Service(), input);
  ASSERT_FALSE(repeated.has_value());
  EXPECT_EQ(repeated.error().detail, "_id");

  input = Input("pointer.user");
  input.password = "short";
  auto weak = profiles().Create(Service(), input);
  ASSERT_FALSE(weak.has_value());
  EXPECT_EQ(weak.error().code, ErrorCode::kInvalidPassword);

  input = Input("pointer.user");
  input.password = kPassword;
  auto with_password = profiles().Create(Service(), input);
  ASSERT_TRUE(with_password.has_value());
  EXPECT_TRUE(hasher_.Verify(with_password->record.user.password_hash, kPassword));
  auto consumer = auth().CreateConsumer("app", false);
  ASSERT_TRUE(consumer.has_value());
  EXPECT_TRUE(auth().LoginWithPassword("pointer.user", kPassword, *consumer).has_value());
}

TEST_F(ProfileServiceTest, CreateNeedsAnAdministrator) {
  services::UserDetails plain = MakeUser("plain.user1");
  auto refused = profiles().Create(Self(plain.user), Input("other.user1"));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
}

TEST_F(ProfileServiceTest, IfMatchIsCheckedInsideTheWriteTransaction) {
  services::UserView view = Create("etag.user1");
  const std::int64_t version = view.record.user.version;
  auto first = profiles().Update(Service(), view.record.user.id, version, AppendToOccupation("a"));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->record.user.version, version + 1);
  auto stale = profiles().Update(Service(), view.record.user.id, version, AppendToOccupation("b"));
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kPreconditionFailed);
  auto stale_action =
      profiles().ChangeState(Service(), view.record.user.id, UserAction::kLock, version);
  ASSERT_FALSE(stale_action.has_value());
  EXPECT_EQ(stale_action.error().code, ErrorCode::kPreconditionFailed);
}

TEST_F(ProfileServiceTest, ConcurrentUpdatesNeverLoseAWrite) {
  services::UserView view = Create("race.user1");
  constexpr int kThreads = 4;
  constexpr int kEach = 15;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        auto done = profiles().Update(Service(), view.record.user.id, std::nullopt,
                                      AppendToOccupation("x"));
        EXPECT_TRUE(done.has_value());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  auto final = profiles().Get(Service(), view.record.user.id);
  ASSERT_TRUE(final.has_value());
  EXPECT_EQ(final->record.profile.occupation, std::string(kThreads * kEach, 'x'));
  EXPECT_EQ(final->record.user.version, view.record.user.version + kThreads * kEach);
}

TEST_F(ProfileServiceTest, UpdateRulesForKeyFields) {
  services::UserView view = Create("key.fields1", "123456789");
  Create("taken.name1");
  const std::string id = view.record.user.id;
  auto change = [](auto mutate) {
    return [mutate](const UserRecord& current) -> core::Result<UserChange> {
      UserChange change{.fields = {.username = current.user.username,
                                   .first_name = current.user.first_name,
                                   .last_name = current.user.last_name,
                                   .tax_id = current.profile.tax_id,
                                   .customer_id = current.profile.customer_id,
                                   .occupation = current.profile.occupation,
                                   .details_json = current.profile.details_json}};
      mutate(change);
      return change;
    };
  };
  auto expect = [&](const services::UserEdit& edit, ErrorCode code, const ScopedPrincipal& who) {
    auto result = profiles().Update(who, id, std::nullopt, edit);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, code) << core::ReasonOf(result.error().code);
  };
  expect(change([](UserChange& c) { c.fields.tax_id = "987654321"; }), ErrorCode::kCannotChangeId,
         Service());
  expect(change([](UserChange& c) { c.fields.tax_id = ""; }), ErrorCode::kCannotChangeId,
         Service());
  expect(change([](UserChange& c) { c.id = "another"; }), ErrorCode::kCannotChangeId, Service());
  expect(change([](UserChange& c) { c.state = "locked"; }), ErrorCode::kCannotUpdateState,
         Service());
  expect(change([](UserChange& c) { c.fields.username = "taken.name1"; }),
         ErrorCode::kUsernameTaken, Service());
  expect(change([](UserChange& c) { c.fields.first_name = " "; }), ErrorCode::kInvalidInput,
         Service());
  expect(change([](UserChange& c) { c.fields.customer_id = "7"; }), ErrorCode::kForbidden,
         Self(view.record.user));

  // Same state and same id are fine; a new username moves the OBP provider_id along.
  auto renamed = profiles().Update(Service(), id, std::nullopt, change([&](UserChange& c) {
                                     c.state = "active";
                                     c.id = id;
                                     c.fields.username = "renamed.user1";
                                   }));
  ASSERT_TRUE(renamed.has_value());
  EXPECT_EQ(renamed->record.user.username, "renamed.user1");
  EXPECT_EQ(renamed->record.user.provider_id, "renamed.user1");
}

TEST_F(ProfileServiceTest, UserWithoutTaxIdMayGetOneUnlessTaken) {
  Create("has.taxid1", "555443333");
  services::UserView view = Create("no.taxid1");
  auto set = [](std::string tax_id) {
    return [tax_id](const UserRecord& current) -> core::Result<UserChange> {
      return UserChange{.fields = {.username = current.user.username,
                                   .first_name = current.user.first_name,
                                   .last_name = current.user.last_name,
                                   .tax_id = tax_id,
                                   .customer_id = current.profile.customer_id}};
    };
  };
  auto taken = profiles().Update(Service(), view.record.user.id, std::nullopt, set("555443333"));
  ASSERT_FALSE(taken.has_value());
  EXPECT_EQ(taken.error().code, ErrorCode::kDuplicateTaxId);
  auto fresh = profiles().Update(Service(), view.record.user.id, std::nullopt, set("555440000"));
  ASSERT_TRUE(fresh.has_value());
  EXPECT_EQ(fresh->record.profile.tax_id, "555440000");
}

TEST_F(ProfileServiceTest, LockAndActivateShareTheObpLockBookkeeping) {
  services::UserDetails user = MakeUser("lock.share1");
  // Two bad logins on record.
  ASSERT_TRUE(ports::WriteTx(*store_, [&](ports::Tx& tx) {
                return tx.RecordFailedLogin(user.user.provider, user.user.username, clock_.now);
              }).has_value());
  auto locked = profiles().ChangeState(Service(), user.user.id, UserAction::kLock, std::nullopt);
  ASSERT_TRUE(locked.has_value());
  EXPECT_EQ(locked->record.user.state, UserState::kLocked);
  EXPECT_EQ(locked->record.user.lock_type, "lock_via_api");
  EXPECT_EQ(locked->record.user.last_lock_date, clock_.now);

  services::Principal super{.user = MakeUser("super.user1", true).user, .consumer_id = "c"};
  auto status = users().GetLockStatus(super, "lock.share1");
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->bad_attempts, 1);

  auto active =
      profiles().ChangeState(Service(), user.user.id, UserAction::kActivate, std::nullopt);
  ASSERT_TRUE(active.has_value());
  EXPECT_EQ(active->record.user.state, UserState::kActive);
  EXPECT_EQ(active->record.user.lock_type, "");
  EXPECT_FALSE(active->record.user.last_lock_date.has_value());
  status = users().GetLockStatus(super, "lock.share1");
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->bad_attempts, 0);
  // Unlocked in both dialects: the password login works again.
  auto consumer = auth().CreateConsumer("app", false);
  ASSERT_TRUE(consumer.has_value());
  EXPECT_TRUE(auth().LoginWithPassword("lock.share1", kPassword, *consumer).has_value());
}

TEST_F(ProfileServiceTest, RemoveRevokesTokensAndIsFinal) {
  services::UserDetails user = MakeUser("remove.me1");
  auto consumer = auth().CreateConsumer("app", false);
  ASSERT_TRUE(consumer.has_value());
  auto token = auth().LoginWithPassword("remove.me1", kPassword, *consumer);
  ASSERT_TRUE(token.has_value());
  auto removed =
      profiles().ChangeState(Self(user.user), user.user.id, UserAction::kRemove, std::nullopt);
  ASSERT_TRUE(removed.has_value());
  EXPECT_EQ(removed->record.user.state, UserState::kRemoved);
  EXPECT_TRUE(removed->actions.empty());
  auto record = ports::ReadTx(
      *store_, [&](ports::Tx& tx) { return tx.FindTokenWithUser(digest_.Digest(*token)); });
  ASSERT_TRUE(record.has_value());
  EXPECT_FALSE(record->has_value());
  for (UserAction action : core::kAllUserActions) {
    auto again = profiles().ChangeState(Service(), user.user.id, action, std::nullopt);
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, ErrorCode::kInvalidStateChange);
  }
  auto update = profiles().Update(Service(), user.user.id, std::nullopt, AppendToOccupation("x"));
  ASSERT_FALSE(update.has_value());
  EXPECT_EQ(update.error().code, ErrorCode::kInvalidStateChange);
}

TEST_F(ProfileServiceTest, ActionsOfferedDependOnCallerAndState) {
  services::UserDetails user = MakeUser("links.user1");
  auto names = [](const services::UserView& view) {
    std::vector<std::string> out;
    for (UserAction action : view.actions) out.emplace_back(core::ToString(action));
    return out;
  };
  auto as_admin = profiles().Get(Service(), user.user.id);
  ASSERT_TRUE(as_admin.has_value());
  EXPECT_EQ(names(*as_admin), (std::vector<std::string>{"deactivate", "lock", "freeze", "remove"}));
  auto as_self = profiles().Get(Self(user.user), user.user.id);
  ASSERT_TRUE(as_self.has_value());
  EXPECT_EQ(names(*as_self), (std::vector<std::string>{"deactivate", "lock", "remove"}));
  auto read_only = profiles().Get(Self(user.user, "profiles/read"), user.user.id);
  ASSERT_TRUE(read_only.has_value());
  EXPECT_TRUE(read_only->actions.empty());
  EXPECT_FALSE(read_only->pii);

  ASSERT_TRUE(profiles()
                  .ChangeState(Service(), user.user.id, UserAction::kFreeze, std::nullopt)
                  .has_value());
  as_admin = profiles().Get(Service(), user.user.id);
  EXPECT_EQ(names(*as_admin), (std::vector<std::string>{"activate", "remove"}));
}

TEST_F(ProfileServiceTest, OnlyAnAdministratorActivatesALockedOrFrozenUser) {
  services::UserDetails user = MakeUser("self.activate1");
  for (UserAction into : {UserAction::kLock, UserAction::kFreeze}) {
    ASSERT_TRUE(profiles().ChangeState(Service(), user.user.id, into, std::nullopt).has_value());
    // The user themself (a token issued before the lock, say) may not undo it.
    auto refused =
        profiles().ChangeState(Self(user.user), user.user.id, UserAction::kActivate, std::nullopt);
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidStateChange);
    EXPECT_EQ(refused.error().detail, "inactive");
    ASSERT_TRUE(profiles()
                    .ChangeState(Service(), user.user.id, UserAction::kActivate, std::nullopt)
                    .has_value());
  }
  ASSERT_TRUE(profiles()
                  .ChangeState(Self(user.user), user.user.id, UserAction::kDeactivate, std::nullopt)
                  .has_value());
  auto back =
      profiles().ChangeState(Self(user.user), user.user.id, UserAction::kActivate, std::nullopt);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->record.user.state, UserState::kActive);
}

TEST_F(ProfileServiceTest, UnknownUserOfAStateActionIsBadInputNotNotFound) {
  auto missing = profiles().ChangeState(Service(), "no-such-user", UserAction::kLock, std::nullopt);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(missing.error().detail, "user");
}

TEST_F(ProfileServiceTest, LookupNeedsPiiScopeForTaxIds) {
  Create("lookup.user1", "444556666");
  auto found = profiles().Lookup(Service(), {.tax_id = "444-55-6666"});
  ASSERT_TRUE(found.has_value());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].record.user.username, "lookup.user1");
  EXPECT_TRUE(profiles().Lookup(Service(), {.tax_id = "000000000"})->empty());
  auto nothing = profiles().Lookup(Service(), {});
  ASSERT_FALSE(nothing.has_value());
  EXPECT_EQ(nothing.error().code, ErrorCode::kInvalidInput);

  ScopedPrincipal admin_no_pii{.consumer = {.id = "c"},
                               .user = MakeUser("admin.reader1").user,
                               .scopes = core::ScopeSet::Parse("admin/read profiles/read")};
  auto refused = profiles().Lookup(admin_no_pii, {.tax_id = "444556666"});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kInsufficientScope);
  auto by_name = profiles().Lookup(admin_no_pii, {.username = "LOOKUP.user1"});
  ASSERT_TRUE(by_name.has_value());
  EXPECT_EQ(by_name->size(), 1u);
}

}  // namespace
}  // namespace roster::testing
