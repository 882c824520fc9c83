// The Store contract for the Apiture records (profiles, contact items, constraints, tracking ids,
// challenges, configuration values, encryption keys, OAuth2 access tokens), the trusted flag of
// consumers, and the purge of expired records of both dialects. Part of StoreContractTest: every
// implementation's instantiation runs these too.
#include <gmock/gmock.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "contract/store_contract.h"

namespace roster::contract {
namespace {

using core::ContactKind;
using core::ErrorCode;
using core::TimePoint;
using ports::ReadTx;
using ports::Tx;
using ports::WriteTx;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr TimePoint kT0{std::chrono::seconds{1'700'000'000}};

TimePoint At(int seconds) { return kT0 + std::chrono::seconds{seconds}; }

core::User MakeUser(const std::string& username) {
  core::User user;
  user.id = "id-" + username;
  user.username = username;
  user.provider = "https://roster.local";
  user.provider_id = username;
  user.email = username + "@example.com";
  user.created_at = At(0);
  user.updated_at = At(0);
  return user;
}

void Seed(ports::Store& store, const std::vector<std::string>& usernames) {
  auto done = store.Write([&](Tx& tx) -> core::Result<void> {
    for (const auto& username : usernames) {
      if (auto inserted = tx.InsertUser(MakeUser(username)); !inserted) return inserted;
    }
    return {};
  });
  ASSERT_TRUE(done.has_value()) << done.error().log;
}

// Commits a write; fails the test on error.
template <class F>
void Write(ports::Store& store, F&& fn) {
  auto done = WriteTx(store, std::forward<F>(fn));
  ASSERT_TRUE(done.has_value()) << done.error().log;
}

// The code a write that must fail failed with (and its detail through `detail`).
template <class F>
std::optional<ErrorCode> WriteFailure(ports::Store& store, F&& fn, std::string* detail = nullptr) {
  auto done = WriteTx(store, std::forward<F>(fn));
  if (done) {
    ADD_FAILURE() << "the write was expected to fail";
    return std::nullopt;
  }
  if (detail != nullptr) *detail = done.error().detail;
  return done.error().code;
}

// Reads one value; fails the test (and returns a default) on error.
template <class F>
auto Read(ports::Store& store, F&& fn) {
  auto read = ReadTx(store, std::forward<F>(fn));
  EXPECT_TRUE(read.has_value()) << read.error().log;
  using T = typename decltype(read)::value_type;
  return read ? std::move(*read) : T{};
}

// --- consumers: the trusted flag ---------------------------------------------------------------

TEST_P(StoreContractTest, ConsumerTrustedFlagRoundTrips) {
  Write(store(), [](Tx& tx) -> core::Result<void> {
    if (auto inserted = tx.InsertConsumer({"c-1", "Service", "digest-1", true, true, At(1)});
        !inserted) {
      return inserted;
    }
    return tx.InsertConsumer({"c-2", "App", "digest-2", false, false, At(2)});
  });
  auto trusted = Read(store(), [](Tx& tx) { return tx.FindConsumerByKeyDigest("digest-1"); });
  ASSERT_TRUE(trusted.has_value());
  EXPECT_EQ(trusted->id, "c-1");
  EXPECT_TRUE(trusted->enabled);
  EXPECT_TRUE(trusted->trusted);
  EXPECT_EQ(trusted->created_at, At(1));
  auto plain = Read(store(), [](Tx& tx) { return tx.FindConsumerByKeyDigest("digest-2"); });
  ASSERT_TRUE(plain.has_value());
  EXPECT_FALSE(plain->enabled);
  EXPECT_FALSE(plain->trusted);
  EXPECT_EQ(plain->created_at, At(2));
}

// --- profiles --------------------------------------------------------------------------------

core::UserProfile FullProfile(const std::string& user_id) {
  core::UserProfile profile;
  profile.user_id = user_id;
  profile.tax_id = "111-22-" + user_id;
  profile.customer_id = "cust-" + user_id;
  profile.occupation = "engineer";
  profile.preferred_address_id = "ha1";
  profile.tax_address_id = "ha2";
  profile.preferred_email_id = "pe1";
  profile.preferred_phone_id = "mp1";
  profile.last_logged_in_at = At(100);
  profile.last_contacted_at = At(200);
  profile.details_json = R"({"middleName":"Q","birthdate":"1990-01-02"})";
  return profile;
}

void ExpectSameProfile(const core::UserProfile& actual, const core::UserProfile& expected) {
  EXPECT_EQ(actual.user_id, expected.user_id);
  EXPECT_EQ(actual.tax_id, expected.tax_id);
  EXPECT_EQ(actual.customer_id, expected.customer_id);
  EXPECT_EQ(actual.occupation, expected.occupation);
  EXPECT_EQ(actual.preferred_address_id, expected.preferred_address_id);
  EXPECT_EQ(actual.tax_address_id, expected.tax_address_id);
  EXPECT_EQ(actual.preferred_email_id, expected.preferred_email_id);
  EXPECT_EQ(actual.preferred_phone_id, expected.preferred_phone_id);
  EXPECT_EQ(actual.last_logged_in_at, expected.last_logged_in_at);
  EXPECT_EQ(actual.last_contacted_at, expected.last_contacted_at);
  EXPECT_EQ(actual.details_json, expected.details_json);
}

TEST_P(StoreContractTest, UserProfilePutInsertsThenReplacesEveryField) {
  Seed(store(), {"alice"});
  auto none = Read(store(), [](Tx& tx) { return tx.FindUserProfile("id-alice"); });
  EXPECT_FALSE(none.has_value());

  const core::UserProfile full = FullProfile("id-alice");
  Write(store(), [&](Tx& tx) { return tx.PutUserProfile(full); });
  auto found = Read(store(), [](Tx& tx) { return tx.FindUserProfile("id-alice"); });
  ASSERT_TRUE(found.has_value());
  ExpectSameProfile(*found, full);

  core::UserProfile changed;
  changed.user_id = "id-alice";
  changed.tax_id = "999-88-7777";
  changed.occupation = "retired";
  changed.preferred_email_id = "pe2";
  changed.details_json = "{}";
  Write(store(), [&](Tx& tx) { return tx.PutUserProfile(changed); });
  auto replaced = Read(store(), [](Tx& tx) { return tx.FindUserProfile("id-alice"); });
  ASSERT_TRUE(replaced.has_value());
  ExpectSameProfile(*replaced, changed);
  EXPECT_FALSE(replaced->last_logged_in_at.has_value());
  EXPECT_FALSE(replaced->last_contacted_at.has_value());
  EXPECT_EQ(Read(store(), [](Tx& tx) { return tx.ListUserProfiles(); }).size(), 1u);
}

TEST_P(StoreContractTest, UserProfilesListByUserIdAndNeedAUser) {
  Seed(store(), {"zed", "alice", "mia"});
  Write(store(), [](Tx& tx) -> core::Result<void> {
    for (const char* id : {"id-zed", "id-alice", "id-mia"}) {
      if (auto put = tx.PutUserProfile(FullProfile(id)); !put) return put;
    }
    return {};
  });
  auto profiles = Read(store(), [](Tx& tx) { return tx.ListUserProfiles(); });
  std::vector<std::string> ids;
  for (const auto& profile : profiles) ids.push_back(profile.user_id);
  EXPECT_THAT(ids, ElementsAre("id-alice", "id-mia", "id-zed"));
  ASSERT_EQ(profiles.size(), 3u);
  ExpectSameProfile(profiles[1], FullProfile("id-mia"));

  EXPECT_EQ(
      WriteFailure(store(), [](Tx& tx) { return tx.PutUserProfile(FullProfile("id-ghost")); }),
      ErrorCode::kUserNotFound);
}

TEST_P(StoreContractTest, FindUserByTaxIdMatchesNonEmptyTaxIds) {
  Seed(store(), {"alice", "bob", "carol"});
  Write(store(), [](Tx& tx) -> core::Result<void> {
    auto alice = FullProfile("id-alice");
    alice.tax_id = "111-11-1111";
    auto bob = FullProfile("id-bob");
    bob.tax_id = "222-22-2222";
    auto carol = FullProfile("id-carol");
    carol.tax_id = "";
    for (const auto& profile : {alice, bob, carol}) {
      if (auto put = tx.PutUserProfile(profile); !put) return put;
    }
    return {};
  });
  EXPECT_EQ(Read(store(), [](Tx& tx) { return tx.FindUserByTaxId("222-22-2222"); }),
            std::optional<std::string>("id-bob"));
  EXPECT_EQ(Read(store(), [](Tx& tx) { return tx.FindUserByTaxId("111-11-1111"); }),
            std::optional<std::string>("id-alice"));
  EXPECT_FALSE(Read(store(), [](Tx& tx) { return tx.FindUserByTaxId("333-33-3333"); }));
  EXPECT_FALSE(Read(store(), [](Tx& tx) { return tx.FindUserByTaxId(""); }));

  // A changed tax id is found under its new value only.
  Write(store(), [](Tx& tx) {
    auto bob = FullProfile("id-bob");
    bob.tax_id = "444-44-4444";
    return tx.PutUserProfile(bob);
  });
  EXPECT_FALSE(Read(store(), [](Tx& tx) { return tx.FindUserByTaxId("222-22-2222"); }));
  EXPECT_EQ(Read(store(), [](Tx& tx) { return tx.FindUserByTaxId("444-44-4444"); }),
            std::optional<std::string>("id-bob"));
}

// --- contact items ---------------------------------------------------------------------------

core::ContactItem MakeItem(const std::string& user_id, ContactKind kind, const std::string& id,
                           int created) {
  core::ContactItem item;
  item.user_id = user_id;
  item.kind = kind;
  item.id = id;
  item.type = kind == ContactKind::kPhone ? "mobile" : "home";
  item.state = "pending";
  item.value = kind == ContactKind::kAddress ? "" : "value-" + id;
  item.replace_id = "old-" + id;
  item.details_json = kind == ContactKind::kAddress
                          ? R"({"addressLine1":"1 Main St","city":"Cary","postalCode":"27513"})"
                          : R"({"extension":"42"})";
  item.created_at = At(created);
  return item;
}

void ExpectSameItem(const core::ContactItem& actual, const core::ContactItem& expected) {
  EXPECT_EQ(actual.user_id, expected.user_id);
  EXPECT_EQ(actual.kind, expected.kind);
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.type, expected.type);
  EXPECT_EQ(actual.state, expected.state);
  EXPECT_EQ(actual.value, expected.value);
  EXPECT_EQ(actual.replace_id, expected.replace_id);
  EXPECT_EQ(actual.details_json, expected.details_json);
  EXPECT_EQ(actual.created_at, expected.created_at);
}

template <class T>
std::vector<std::string> IdsOf(const std::vector<T>& records) {
  std::vector<std::string> ids;
  for (const auto& record : records) ids.push_back(record.id);
  return ids;
}

TEST_P(StoreContractTest, ContactItemsRoundTripEveryKindAndField) {
  Seed(store(), {"alice"});
  const auto address = MakeItem("id-alice", ContactKind::kAddress, "ha1", 1);
  const auto email = MakeItem("id-alice", ContactKind::kEmail, "x1", 2);
  const auto phone = MakeItem("id-alice", ContactKind::kPhone, "x1", 3);  // same id, other kind
  Write(store(), [&](Tx& tx) -> core::Result<void> {
    for (const auto& item : {address, email, phone}) {
      if (auto inserted = tx.InsertContactItem(item); !inserted) return inserted;
    }
    return {};
  });
  for (const auto& expected : {address, email, phone}) {
    auto found = Read(store(), [&](Tx& tx) {
      return tx.FindContactItem(expected.user_id, expected.kind, expected.id);
    });
    ASSERT_TRUE(found.has_value()) << expected.id;
    ExpectSameItem(*found, expected);
  }
  EXPECT_FALSE(Read(
      store(), [](Tx& tx) { return tx.FindContactItem("id-alice", ContactKind::kAddress, "x1"); }));
  EXPECT_FALSE(Read(
      store(), [](Tx& tx) { return tx.FindContactItem("id-bob", ContactKind::kEmail, "x1"); }));
}

TEST_P(StoreContractTest, ContactItemsListByCreationThenInsertion) {
  Seed(store(), {"alice", "bob"});
  Write(store(), [](Tx& tx) -> core::Result<void> {
    for (const auto& item : {MakeItem("id-alice", ContactKind::kEmail, "late", 5),
                             MakeItem("id-bob", ContactKind::kPhone, "bob1", 2),
                             MakeItem("id-alice", ContactKind::kPhone, "zz", 3),
                             MakeItem("id-alice", ContactKind::kAddress, "aa", 3),
                             MakeItem("id-alice", ContactKind::kEmail, "early", 1)}) {
      if (auto inserted = tx.InsertContactItem(item); !inserted) return inserted;
    }
    return {};
  });
  EXPECT_THAT(IdsOf(Read(store(), [](Tx& tx) { return tx.ListContactItems("id-alice"); })),
              ElementsAre("early", "zz", "aa", "late"));
  EXPECT_THAT(IdsOf(Read(store(), [](Tx& tx) { return tx.ListContactItems(""); })),
              ElementsAre("early", "bob1", "zz", "aa", "late"));
  EXPECT_THAT(Read(store(), [](Tx& tx) { return tx.ListContactItems("id-carol"); }), IsEmpty());
}

TEST_P(StoreContractTest, DuplicateContactItemExistsAndUnknownUserIsNotFound) {
  Seed(store(), {"alice", "bob"});
  const auto original = MakeItem("id-alice", ContactKind::kEmail, "pe1", 1);
  Write(store(), [&](Tx& tx) { return tx.InsertContactItem(original); });

  auto clash = MakeItem("id-alice", ContactKind::kEmail, "pe1", 9);
  clash.value = "other@example.com";
  std::string detail;
  EXPECT_EQ(WriteFailure(
                store(), [&](Tx& tx) { return tx.InsertContactItem(clash); }, &detail),
            ErrorCode::kContactItemExists);
  EXPECT_EQ(detail, "pe1");
  auto kept = Read(
      store(), [](Tx& tx) { return tx.FindContactItem("id-alice", ContactKind::kEmail, "pe1"); });
  ASSERT_TRUE(kept.has_value());
  ExpectSameItem(*kept, original);

  // The key is (user, kind, id): the same id for another user or kind is a different item.
  Write(store(), [](Tx& tx) -> core::Result<void> {
    if (auto inserted = tx.InsertContactItem(MakeItem("id-bob", ContactKind::kEmail, "pe1", 2));
        !inserted) {
      return inserted;
    }
    return tx.InsertContactItem(MakeItem("id-alice", ContactKind::kAddress, "pe1", 3));
  });
  EXPECT_EQ(Read(store(), [](Tx& tx) { return tx.ListContactItems(""); }).size(), 3u);

  EXPECT_EQ(WriteFailure(store(),
                         [](Tx& tx) {
                           return tx.InsertContactItem(
                               MakeItem("id-ghost", ContactKind::kEmail, "pe1", 1));
                         }),
            ErrorCode::kUserNotFound);
}

TEST_P(StoreContractTest, UpdateAndDeleteContactItem) {
  Seed(store(), {"alice"});
  const auto original = MakeItem("id-alice", ContactKind::kPhone, "mp1", 1);
  const auto other = MakeItem("id-alice", ContactKind::kEmail, "mp1", 2);
  Write(store(), [&](Tx& tx) -> core::Result<void> {
    if (auto inserted = tx.InsertContactItem(original); !inserted) return inserted;
    return tx.InsertContactItem(other);
  });

  auto changed = original;
  changed.type = "work";
  changed.state = "approved";
  changed.value = "+19105550100";
  changed.replace_id = "";
  changed.details_json = R"({"extension":"7"})";
  changed.created_at = At(99);  // not a mutable field
  Write(store(), [&](Tx& tx) { return tx.UpdateContactItem(changed); });
  auto updated = Read(
      store(), [](Tx& tx) { return tx.FindContactItem("id-alice", ContactKind::kPhone, "mp1"); });
  ASSERT_TRUE(updated.has_value());
  auto expected = changed;
  expected.created_at = original.created_at;
  ExpectSameItem(*updated, expected);
  auto untouched = Read(
      store(), [](Tx& tx) { return tx.FindContactItem("id-alice", ContactKind::kEmail, "mp1"); });
  ASSERT_TRUE(untouched.has_value());
  ExpectSameItem(*untouched, other);

  auto missing = MakeItem("id-alice", ContactKind::kAddress, "mp1", 1);
  std::string detail;
  EXPECT_EQ(WriteFailure(
                store(), [&](Tx& tx) { return tx.UpdateContactItem(missing); }, &detail),
            ErrorCode::kContactItemNotFound);
  EXPECT_EQ(detail, "mp1");

  Write(store(),
        [](Tx& tx) { return tx.DeleteContactItem("id-alice", ContactKind::kPhone, "mp1"); });
  EXPECT_FALSE(Read(
      store(), [](Tx& tx) { return tx.FindContactItem("id-alice", ContactKind::kPhone, "mp1"); }));
  EXPECT_THAT(IdsOf(Read(store(), [](Tx& tx) { return tx.ListContactItems("id-alice"); })),
              ElementsAre("mp1"));
  EXPECT_EQ(WriteFailure(store(),
                         [](Tx& tx) {
                           return tx.DeleteContactItem("id-alice", ContactKind::kPhone, "mp1");
                         }),
            ErrorCode::kContactItemNotFound);
  EXPECT_EQ(WriteFailure(
                store(),
                [](Tx& tx) { return tx.DeleteContactItem("id-bob", ContactKind::kEmail, "mp1"); }),
            ErrorCode::kContactItemNotFound);
}

// --- constraints and configuration values ------------------------------------------------------

TEST_P(StoreContractTest, UserConstraintsPutInsertsThenReplaces) {
  Seed(store(), {"alice", "bob"});
  EXPECT_FALSE(Read(store(), [](Tx& tx) { return tx.FindUserConstraints("id-alice"); }));
  Write(store(), [](Tx& tx) {
    return tx.PutUserConstraints({"id-alice", R"({"transferLimit":"1000.00"})", 1, At(1)});
  });
  Write(store(), [](Tx& tx) {
    return tx.PutUserConstraints({"id-bob", R"({"transferLimit":"5.00"})", 1, At(2)});
  });
  Write(store(), [](Tx& tx) {
    return tx.PutUserConstraints({"id-alice", R"({"transferLimit":"250.00"})", 2, At(3)});
  });
  auto alice = Read(store(), [](Tx& tx) { return tx.FindUserConstraints("id-alice"); });
  ASSERT_TRUE(alice.has_value());
  EXPECT_EQ(alice->user_id, "id-alice");
  EXPECT_EQ(alice->body_json, R"({"transferLimit":"250.00"})");
  EXPECT_EQ(alice->version, 2);
  EXPECT_EQ(alice->updated_at, At(3));
  auto bob = Read(store(), [](Tx& tx) { return tx.FindUserConstraints("id-bob"); });
  ASSERT_TRUE(bob.has_value());
  EXPECT_EQ(bob->body_json, R"({"transferLimit":"5.00"})");
  EXPECT_EQ(bob->version, 1);
  EXPECT_EQ(bob->updated_at, At(2));
  EXPECT_EQ(WriteFailure(store(),
                         [](Tx& tx) {
                           return tx.PutUserConstraints({"id-ghost", "{}", 1, At(1)});
                         }),
            ErrorCode::kUserNotFound);
}

TEST_P(StoreContractTest, ConfigurationValuesPutInsertsThenReplacesPerGroup) {
  EXPECT_FALSE(Read(store(), [](Tx& tx) { return tx.FindConfigurationValues("basic"); }));
  Write(store(), [](Tx& tx) {
    return tx.PutConfigurationValues({"basic", R"({"maxTrackingIds":150})", 1, At(1)});
  });
  Write(store(), [](Tx& tx) {
    return tx.PutConfigurationValues({"mfa", R"({"codeLength":6})", 1, At(2)});
  });
  Write(store(), [](Tx& tx) {
    return tx.PutConfigurationValues({"basic", R"({"maxTrackingIds":20})", 2, At(3)});
  });
  auto basic = Read(store(), [](Tx& tx) { return tx.FindConfigurationValues("basic"); });
  ASSERT_TRUE(basic.has_value());
  EXPECT_EQ(basic->group, "basic");
  EXPECT_EQ(basic->values_json, R"({"maxTrackingIds":20})");
  EXPECT_EQ(basic->version, 2);
  EXPECT_EQ(basic->updated_at, At(3));
  auto mfa = Read(store(), [](Tx& tx) { return tx.FindConfigurationValues("mfa"); });
  ASSERT_TRUE(mfa.has_value());
  EXPECT_EQ(mfa->values_json, R"({"codeLength":6})");
  EXPECT_EQ(mfa->version, 1);
  EXPECT_EQ(mfa->updated_at, At(2));
}

// --- tracking ids ----------------------------------------------------------------------------

std::vector<std::string> ValuesOf(const std::vector<core::TrackingId>& ids) {
  std::vector<std::string> values;
  for (const auto& id : ids) values.push_back(id.value);
  return values;
}

TEST_P(StoreContractTest, TrackingIdsListOldestFirstAndIgnoreDuplicates) {
  Seed(store(), {"alice", "bob"});
  Write(store(), [](Tx& tx) -> core::Result<void> {
    for (const auto& id :
         {core::TrackingId{"id-alice", "v-late", At(5)}, core::TrackingId{"id-alice", "v-z", At(3)},
          core::TrackingId{"id-bob", "v-bob", At(1)}, core::TrackingId{"id-alice", "v-a", At(3)},
          core::TrackingId{"id-alice", "v-early", At(1)}}) {
      if (auto inserted = tx.InsertTrackingId(id); !inserted) return inserted;
    }
    return {};
  });
  auto alice = Read(store(), [](Tx& tx) { return tx.ListTrackingIds("id-alice"); });
  EXPECT_THAT(ValuesOf(alice), ElementsAre("v-early", "v-z", "v-a", "v-late"));
  ASSERT_EQ(alice.size(), 4u);
  EXPECT_EQ(alice[0].user_id, "id-alice");
  EXPECT_EQ(alice[0].created_at, At(1));
  EXPECT_EQ(alice[3].created_at, At(5));

  // A duplicate is a no-op (it keeps its creation date and place), and does not spoil the
  // transaction it is made in.
  Write(store(), [](Tx& tx) -> core::Result<void> {
    if (auto again = tx.InsertTrackingId({"id-alice", "v-late", At(0)}); !again) return again;
    return tx.InsertTrackingId({"id-alice", "v-new", At(6)});
  });
  alice = Read(store(), [](Tx& tx) { return tx.ListTrackingIds("id-alice"); });
  EXPECT_THAT(ValuesOf(alice), ElementsAre("v-early", "v-z", "v-a", "v-late", "v-new"));
  ASSERT_EQ(alice.size(), 5u);
  EXPECT_EQ(alice[3].created_at, At(5));

  Write(store(), [](Tx& tx) -> core::Result<void> {
    if (auto deleted = tx.DeleteTrackingId("id-alice", "v-z"); !deleted) return deleted;
    if (auto deleted = tx.DeleteTrackingId("id-alice", "v-missing"); !deleted) return deleted;
    return tx.DeleteTrackingId("id-alice", "v-bob");  // bob's value, not alice's
  });
  EXPECT_THAT(ValuesOf(Read(store(), [](Tx& tx) { return tx.ListTrackingIds("id-alice"); })),
              ElementsAre("v-early", "v-a", "v-late", "v-new"));
  EXPECT_THAT(ValuesOf(Read(store(), [](Tx& tx) { return tx.ListTrackingIds("id-bob"); })),
              ElementsAre("v-bob"));
  EXPECT_THAT(Read(store(), [](Tx& tx) { return tx.ListTrackingIds("id-carol"); }), IsEmpty());
  EXPECT_EQ(WriteFailure(store(),
                         [](Tx& tx) {
                           return tx.InsertTrackingId({"id-ghost", "v", At(1)});
                         }),
            ErrorCode::kUserNotFound);
}

// --- challenges ------------------------------------------------------------------------------

core::Challenge MakeChallenge(const std::string& id, const std::string& user_id) {
  core::Challenge challenge;
  challenge.id = id;
  challenge.user_id = user_id;
  challenge.context = "setPreferredPhoneNumber";
  challenge.reason = "Confirm your new phone number";
  challenge.minimum_authenticator_count = 2;
  challenge.maximum_redemption_count = 3;
  challenge.redemption_count = 0;
  core::Authenticator started;
  started.id = "z-auth";
  started.type = "email";
  started.state = "verified";
  started.code_digest = "digest-of-code";
  started.retry_count = 2;
  started.maximum_retries = 5;
  started.started_at = At(11);
  started.verified_at = At(12);
  started.failed_at = At(13);
  started.expires_at = At(600);
  core::Authenticator pending;
  pending.id = "a-auth";
  pending.type = "sms";
  pending.state = "pending";
  pending.expires_at = At(700);
  core::Authenticator third = pending;
  third.id = "m-auth";
  third.type = "email";
  third.failed_at = At(14);
  challenge.authenticators = {started, pending, third};
  challenge.created_at = At(10);
  challenge.expires_at = At(900);
  return challenge;
}

void ExpectSameAuthenticator(const core::Authenticator& actual,
                             const core::Authenticator& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.type, expected.type);
  EXPECT_EQ(actual.state, expected.state);
  EXPECT_EQ(actual.code_digest, expected.code_digest);
  EXPECT_EQ(actual.retry_count, expected.retry_count);
  EXPECT_EQ(actual.maximum_retries, expected.maximum_retries);
  EXPECT_EQ(actual.started_at, expected.started_at);
  EXPECT_EQ(actual.verified_at, expected.verified_at);
  EXPECT_EQ(actual.failed_at, expected.failed_at);
  EXPECT_EQ(actual.expires_at, expected.expires_at);
}

void ExpectSameChallenge(const core::Challenge& actual, const core::Challenge& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.user_id, expected.user_id);
  EXPECT_EQ(actual.context, expected.context);
  EXPECT_EQ(actual.reason, expected.reason);
  EXPECT_EQ(actual.minimum_authenticator_count, expected.minimum_authenticator_count);
  EXPECT_EQ(actual.maximum_redemption_count, expected.maximum_redemption_count);
  EXPECT_EQ(actual.redemption_count, expected.redemption_count);
  EXPECT_EQ(actual.redemption_history, expected.redemption_history);
  EXPECT_EQ(actual.created_at, expected.created_at);
  EXPECT_EQ(actual.expires_at, expected.expires_at);
  EXPECT_EQ(IdsOf(actual.authenticators), IdsOf(expected.authenticators));
  for (std::size_t i = 0; i < actual.authenticators.size() && i < expected.authenticators.size();
       ++i) {
    ExpectSameAuthenticator(actual.authenticators[i], expected.authenticators[i]);
  }
}

TEST_P(StoreContractTest, ChallengeRoundTripsWithAuthenticatorsInOrder) {
  Seed(store(), {"alice"});
  const auto challenge = MakeChallenge("ch-1", "id-alice");
  auto bare = MakeChallenge("ch-2", "id-alice");
  bare.authenticators.clear();
  bare.minimum_authenticator_count = 0;
  bare.redemption_count = 2;
  bare.redemption_history = {At(30), At(20)};  // kept as given, not sorted
  Write(store(), [&](Tx& tx) -> core::Result<void> {
    if (auto inserted = tx.InsertChallenge(challenge); !inserted) return inserted;
    return tx.InsertChallenge(bare);
  });
  auto found = Read(store(), [](Tx& tx) { return tx.FindChallenge("ch-1"); });
  ASSERT_TRUE(found.has_value());
  ExpectSameChallenge(*found, challenge);
  EXPECT_THAT(IdsOf(found->authenticators), ElementsAre("z-auth", "a-auth", "m-auth"));
  EXPECT_THAT(found->redemption_history, IsEmpty());
  auto found_bare = Read(store(), [](Tx& tx) { return tx.FindChallenge("ch-2"); });
  ASSERT_TRUE(found_bare.has_value());
  ExpectSameChallenge(*found_bare, bare);
  EXPECT_THAT(found_bare->authenticators, IsEmpty());

  EXPECT_FALSE(Read(store(), [](Tx& tx) { return tx.FindChallenge("ch-9"); }));
  EXPECT_EQ(
      WriteFailure(store(),
                   [](Tx& tx) { return tx.InsertChallenge(MakeChallenge("ch-3", "id-ghost")); }),
      ErrorCode::kUserNotFound);
}

TEST_P(StoreContractTest, UpdateChallengeReplacesRedemptionsAndAuthenticators) {
  Seed(store(), {"alice"});
  Write(store(), [](Tx& tx) -> core::Result<void> {
    if (auto inserted = tx.InsertChallenge(MakeChallenge("ch-1", "id-alice")); !inserted) {
      return inserted;
    }
    return tx.InsertChallenge(MakeChallenge("ch-2", "id-alice"));
  });

  auto changed = MakeChallenge("ch-1", "id-alice");
  changed.context = "setTaxAddress";
  changed.reason = "Confirm";
  changed.minimum_authenticator_count = 1;
  changed.maximum_redemption_count = 4;
  changed.redemption_count = 3;
  changed.redemption_history = {At(50), At(40), At(60)};
  changed.expires_at = At(1000);
  changed.authenticators[1].state = "started";
  changed.authenticators[1].code_digest = "new-digest";
  changed.authenticators[1].retry_count = 1;
  changed.authenticators[1].started_at = At(45);
  changed.authenticators.erase(changed.authenticators.begin());  // one fewer
  core::Authenticator added;
  added.id = "b-auth";
  added.type = "sms";
  added.state = "failed";
  added.failed_at = At(46);
  added.expires_at = At(800);
  changed.authenticators.push_back(added);
  Write(store(), [&](Tx& tx) { return tx.UpdateChallenge(changed); });

  auto found = Read(store(), [](Tx& tx) { return tx.FindChallenge("ch-1"); });
  ASSERT_TRUE(found.has_value());
  ExpectSameChallenge(*found, changed);
  EXPECT_THAT(IdsOf(found->authenticators), ElementsAre("a-auth", "m-auth", "b-auth"));
  EXPECT_EQ(found->redemption_history, (std::vector<TimePoint>{At(50), At(40), At(60)}));

  // The other challenge is untouched.
  auto other = Read(store(), [](Tx& tx) { return tx.FindChallenge("ch-2"); });
  ASSERT_TRUE(other.has_value());
  ExpectSameChallenge(*other, MakeChallenge("ch-2", "id-alice"));

  std::string detail;
  EXPECT_EQ(
      WriteFailure(
          store(), [](Tx& tx) { return tx.UpdateChallenge(MakeChallenge("ch-9", "id-alice")); },
          &detail),
      ErrorCode::kNoSuchChallenge);
  EXPECT_EQ(detail, "ch-9");
}

// --- encryption keys -------------------------------------------------------------------------

core::EncryptionKey MakeKey(const std::string& name, const std::string& alias, int created) {
  return core::EncryptionKey{
      name,
      alias,
      "-----BEGIN PUBLIC KEY-----\n" + alias + "\n-----END PUBLIC KEY-----\n",
      "-----BEGIN PRIVATE KEY-----\n" + alias + "\n-----END PRIVATE KEY-----\n",
      At(created),
      At(created + 3600)};
}

TEST_P(StoreContractTest, EncryptionKeysListByNameThenNewestFirst) {
  Write(store(), [](Tx& tx) -> core::Result<void> {
    for (const auto& key : {MakeKey("secret", "secret-1", 1), MakeKey("secret", "secret-2", 3),
                            MakeKey("pii", "pii-1", 2), MakeKey("secret", "secret-3", 2)}) {
      if (auto inserted = tx.InsertEncryptionKey(key); !inserted) return inserted;
    }
    return {};
  });
  auto keys = Read(store(), [](Tx& tx) { return tx.ListEncryptionKeys(); });
  std::vector<std::string> aliases;
  for (const auto& key : keys) aliases.push_back(key.alias);
  EXPECT_THAT(aliases, ElementsAre("pii-1", "secret-2", "secret-3", "secret-1"));

  auto found = Read(store(), [](Tx& tx) { return tx.FindEncryptionKeyByAlias("secret-3"); });
  ASSERT_TRUE(found.has_value());
  const auto expected = MakeKey("secret", "secret-3", 2);
  EXPECT_EQ(found->name, expected.name);
  EXPECT_EQ(found->alias, expected.alias);
  EXPECT_EQ(found->public_pem, expected.public_pem);
  EXPECT_EQ(found->private_pem, expected.private_pem);
  EXPECT_EQ(found->created_at, expected.created_at);
  EXPECT_EQ(found->expires_at, expected.expires_at);
  EXPECT_FALSE(Read(store(), [](Tx& tx) { return tx.FindEncryptionKeyByAlias("secret-9"); }));

  EXPECT_EQ(
      WriteFailure(store(),
                   [](Tx& tx) { return tx.InsertEncryptionKey(MakeKey("pii", "secret-1", 9)); }),
      ErrorCode::kInternal);
  auto kept = Read(store(), [](Tx& tx) { return tx.FindEncryptionKeyByAlias("secret-1"); });
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->name, "secret");
  EXPECT_EQ(kept->created_at, At(1));
}

// --- OAuth2 access tokens --------------------------------------------------------------------

TEST_P(StoreContractTest, AccessTokensRoundTripAndDelete) {
  Seed(store(), {"alice"});
  const core::AccessToken access{"a-1", "access", "id-alice", "c-1", "profile/read profile/write",
                                 At(1), At(3601)};
  const core::AccessToken service{"a-2", "access", "", "c-9", "admin/read", At(2), At(602)};
  Write(store(), [&](Tx& tx) -> core::Result<void> {
    if (auto inserted = tx.InsertAccessToken(access); !inserted) return inserted;
    return tx.InsertAccessToken(service);  // a trusted service: no user
  });
  for (const auto& expected : {access, service}) {
    auto found = Read(store(), [&](Tx& tx) { return tx.FindAccessToken(expected.digest); });
    ASSERT_TRUE(found.has_value()) << expected.digest;
    EXPECT_EQ(found->digest, expected.digest);
    EXPECT_EQ(found->kind, expected.kind);
    EXPECT_EQ(found->user_id, expected.user_id);
    EXPECT_EQ(found->consumer_id, expected.consumer_id);
    EXPECT_EQ(found->scope, expected.scope);
    EXPECT_EQ(found->created_at, expected.created_at);
    EXPECT_EQ(found->expires_at, expected.expires_at);
  }
  EXPECT_FALSE(Read(store(), [](Tx& tx) { return tx.FindAccessToken("a-9"); }));

  Write(store(), [](Tx& tx) { return tx.DeleteAccessToken("a-1"); });
  EXPECT_FALSE(Read(store(), [](Tx& tx) { return tx.FindAccessToken("a-1"); }));
  EXPECT_TRUE(Read(store(), [](Tx& tx) { return tx.FindAccessToken("a-2"); }));
  Write(store(), [](Tx& tx) { return tx.DeleteAccessToken("a-1"); });  // already gone: no error
}

TEST_P(StoreContractTest, FindAccessTokenWithUserReadsTheTokenAndItsUserIfAny) {
  Seed(store(), {"alice"});
  const core::AccessToken mine{"a-alice",      "access", "id-alice", "c-1",
                               "profile/read", At(1),    At(600)};
  const core::AccessToken service{"a-service", "access", "", "c-9", "admin/read", At(2), At(602)};
  const core::AccessToken orphan{"a-ghost", "refresh", "id-ghost", "c-1", "s", At(3), At(603)};
  Write(store(), [&](Tx& tx) -> core::Result<void> {
    for (const auto& token : {mine, service, orphan}) {
      if (auto inserted = tx.InsertAccessToken(token); !inserted) return inserted;
    }
    return {};
  });
  auto expect_token = [](const core::AccessToken& actual, const core::AccessToken& expected) {
    EXPECT_EQ(actual.digest, expected.digest);
    EXPECT_EQ(actual.kind, expected.kind);
    EXPECT_EQ(actual.user_id, expected.user_id);
    EXPECT_EQ(actual.consumer_id, expected.consumer_id);
    EXPECT_EQ(actual.scope, expected.scope);
    EXPECT_EQ(actual.created_at, expected.created_at);
    EXPECT_EQ(actual.expires_at, expected.expires_at);
  };

  auto found = Read(store(), [](Tx& tx) { return tx.FindAccessTokenWithUser("a-alice"); });
  ASSERT_TRUE(found.has_value());
  expect_token(found->token, mine);
  ASSERT_TRUE(found->user.has_value());
  EXPECT_EQ(found->user->id, "id-alice");
  EXPECT_EQ(found->user->username, "alice");
  EXPECT_EQ(found->user->email, "alice@example.com");
  EXPECT_EQ(found->user->created_at, At(0));

  // A trusted service's token has no user; nor has a token whose user does not exist.
  auto for_service = Read(store(), [](Tx& tx) { return tx.FindAccessTokenWithUser("a-service"); });
  ASSERT_TRUE(for_service.has_value());
  expect_token(for_service->token, service);
  EXPECT_FALSE(for_service->user.has_value());
  auto of_ghost = Read(store(), [](Tx& tx) { return tx.FindAccessTokenWithUser("a-ghost"); });
  ASSERT_TRUE(of_ghost.has_value());
  expect_token(of_ghost->token, orphan);
  EXPECT_FALSE(of_ghost->user.has_value());

  EXPECT_FALSE(Read(store(), [](Tx& tx) { return tx.FindAccessTokenWithUser("a-none"); }));
}

TEST_P(StoreContractTest, DeleteTokensOfUserAlsoDeletesItsAccessTokens) {
  Seed(store(), {"alice", "bob"});
  Write(store(), [](Tx& tx) -> core::Result<void> {
    for (const auto& token :
         {core::AccessToken{"a-alice", "access", "id-alice", "c-1", "s", At(1), At(100)},
          core::AccessToken{"r-alice", "refresh", "id-alice", "c-1", "s", At(1), At(900)},
          core::AccessToken{"a-bob", "access", "id-bob", "c-1", "s", At(1), At(100)},
          core::AccessToken{"a-service", "access", "", "c-9", "s", At(1), At(100)}}) {
      if (auto inserted = tx.InsertAccessToken(token); !inserted) return inserted;
    }
    return tx.InsertToken({"t-alice", "id-alice", "c-1", At(1), At(100)});
  });
  Write(store(), [](Tx& tx) { return tx.DeleteTokensOfUser("id-alice"); });
  EXPECT_FALSE(Read(store(), [](Tx& tx) { return tx.FindAccessToken("a-alice"); }));
  EXPECT_FALSE(Read(store(), [](Tx& tx) { return tx.FindAccessToken("r-alice"); }));
  EXPECT_FALSE(Read(store(), [](Tx& tx) { return tx.FindTokenWithUser("t-alice"); }));
  EXPECT_TRUE(Read(store(), [](Tx& tx) { return tx.FindAccessToken("a-bob"); }));
  EXPECT_TRUE(Read(store(), [](Tx& tx) { return tx.FindAccessToken("a-service"); }));
}

// --- purging expired records (OBP and Apiture) --------------------------------------------------

// One record of every kind PurgeExpired covers, expiring at `expires`, named `<kind>-<suffix>`.
core::Result<void> InsertExpiring(Tx& tx, const std::string& suffix, TimePoint expires) {
  auto challenge = MakeChallenge("ch-" + suffix, "id-alice");  // three authenticators
  challenge.expires_at = expires;
  core::AuthContextUpdate update{.id = "u-" + suffix,
                                 .user_id = "id-alice",
                                 .bank_id = "bank",
                                 .key = "CUSTOMER_NUMBER",
                                 .value = "1",
                                 .sca_method = "EMAIL",
                                 .consumer_id = "c-1",
                                 .status = "INITIATED",
                                 .challenge_digest = "d",
                                 .created_at = At(1),
                                 .expires_at = expires};
  std::vector<core::Result<void>> steps;
  steps.push_back(tx.InsertToken({"t-" + suffix, "id-alice", "c-1", At(1), expires}));
  steps.push_back(
      tx.InsertAccessToken({"a-" + suffix, "access", "id-alice", "c-1", "s", At(1), expires}));
  steps.push_back(tx.InsertEmailValidation({"v-" + suffix, "id-alice", expires}));
  steps.push_back(tx.InsertPasswordReset({"p-" + suffix, "id-alice", expires}));
  steps.push_back(tx.InsertChallenge(challenge));
  steps.push_back(tx.InsertAuthContextUpdate(update));
  for (auto& step : steps) {
    if (!step) return step;
  }
  return {};
}

// How many of the six records InsertExpiring made with `suffix` are still stored. Consumes the
// single-use links it finds.
int Present(ports::Store& store, const std::string& suffix) {
  int present = 0;
  auto counted = WriteTx(store, [&](Tx& tx) -> core::Result<void> {
    present = 0;
    auto token = tx.FindTokenWithUser("t-" + suffix);
    auto access = tx.FindAccessToken("a-" + suffix);
    auto validation = tx.TakeEmailValidation("v-" + suffix);
    auto reset = tx.TakePasswordReset("p-" + suffix);
    auto challenge = tx.FindChallenge("ch-" + suffix);
    auto update = tx.FindAuthContextUpdate("u-" + suffix);
    if (!token || !access || !validation || !reset || !challenge || !update) {
      return core::Fail(ErrorCode::kInternal, "a read failed");
    }
    present = int{token->has_value()} + int{access->has_value()} + int{validation->has_value()} +
              int{reset->has_value()} + int{challenge->has_value()} + int{update->has_value()};
    return {};
  });
  EXPECT_TRUE(counted.has_value()) << counted.error().log;
  return present;
}

std::int64_t Purge(ports::Store& store, TimePoint cutoff, int limit) {
  auto purged = WriteTx(store, [&](Tx& tx) { return tx.PurgeExpired(cutoff, limit); });
  EXPECT_TRUE(purged.has_value()) << purged.error().log;
  return purged.value_or(-1);
}

TEST_P(StoreContractTest, PurgeExpiredDeletesEveryKindExpiredAtTheCutoffAndNothingLater) {
  Seed(store(), {"alice"});
  Write(store(), [](Tx& tx) -> core::Result<void> {
    if (auto old = InsertExpiring(tx, "old", At(100)); !old) return old;
    return InsertExpiring(tx, "new", At(101));
  });

  // Six records of the old generation plus the challenge's three authenticators.
  EXPECT_EQ(Purge(store(), At(100), 1000), 9);
  EXPECT_EQ(Purge(store(), At(100), 1000), 0);

  EXPECT_EQ(Present(store(), "old"), 0);
  auto kept = Read(store(), [](Tx& tx) { return tx.FindChallenge("ch-new"); });
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->authenticators.size(), 3u);
  EXPECT_EQ(Present(store(), "new"), 6);

  // Nothing of the purged challenge was left behind: its id and authenticators can come again.
  Write(store(), [](Tx& tx) { return tx.InsertChallenge(MakeChallenge("ch-old", "id-alice")); });
}

TEST_P(StoreContractTest, PurgeExpiredTakesAtMostTheLimitOfEachKindWithWholeChallenges) {
  Seed(store(), {"alice"});
  Write(store(), [](Tx& tx) -> core::Result<void> {
    for (const std::string suffix : {"1", "2", "3"}) {
      if (auto inserted = InsertExpiring(tx, suffix, At(50)); !inserted) return inserted;
    }
    return {};
  });

  // Two of each of the six kinds, and the three authenticators of each of two challenges.
  EXPECT_EQ(Purge(store(), At(100), 2), 2 * 6 + 2 * 3);
  int challenges_left = 0;
  for (const std::string id : {"ch-1", "ch-2", "ch-3"}) {
    auto challenge = Read(store(), [&](Tx& tx) { return tx.FindChallenge(id); });
    if (!challenge) continue;
    ++challenges_left;
    EXPECT_EQ(challenge->authenticators.size(), 3u) << id;
  }
  EXPECT_EQ(challenges_left, 1);
  EXPECT_EQ(Purge(store(), At(100), 2), 6 + 3);
  EXPECT_EQ(Purge(store(), At(100), 2), 0);
}

// --- rollback across the Apiture records -------------------------------------------------------

TEST_P(StoreContractTest, FailedWriteLeavesNoneOfTheApitureRecords) {
  Seed(store(), {"alice"});
  auto done = store().Write([](Tx& tx) -> core::Result<void> {
    std::vector<core::Result<void>> steps;
    steps.push_back(tx.PutUserProfile(FullProfile("id-alice")));
    steps.push_back(tx.InsertContactItem(MakeItem("id-alice", ContactKind::kEmail, "pe1", 1)));
    steps.push_back(tx.PutUserConstraints({"id-alice", "{}", 1, At(1)}));
    steps.push_back(tx.InsertTrackingId({"id-alice", "v-1", At(1)}));
    steps.push_back(tx.InsertChallenge(MakeChallenge("ch-1", "id-alice")));
    steps.push_back(tx.PutConfigurationValues({"basic", "{}", 1, At(1)}));
    steps.push_back(tx.InsertEncryptionKey(MakeKey("secret", "secret-1", 1)));
    steps.push_back(tx.InsertAccessToken({"a-1", "access", "", "c-1", "s", At(1), At(2)}));
    steps.push_back(tx.InsertConsumer({"c-1", "Service", "digest-1", true, true, At(1)}));
    for (auto& step : steps) {
      if (!step) return step;
    }
    return core::Fail(ErrorCode::kInvalidInput, "late");
  });
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code, ErrorCode::kInvalidInput) << done.error().log;

  auto state = store().Read([](Tx& tx) -> core::Result<void> {
    auto profile = tx.FindUserProfile("id-alice");
    EXPECT_TRUE(profile.has_value() && !profile->has_value());
    auto by_tax = tx.FindUserByTaxId(FullProfile("id-alice").tax_id);
    EXPECT_TRUE(by_tax.has_value() && !by_tax->has_value());
    auto items = tx.ListContactItems("");
    EXPECT_TRUE(items.has_value() && items->empty());
    auto constraints = tx.FindUserConstraints("id-alice");
    EXPECT_TRUE(constraints.has_value() && !constraints->has_value());
    auto tracking = tx.ListTrackingIds("id-alice");
    EXPECT_TRUE(tracking.has_value() && tracking->empty());
    auto challenge = tx.FindChallenge("ch-1");
    EXPECT_TRUE(challenge.has_value() && !challenge->has_value());
    auto values = tx.FindConfigurationValues("basic");
    EXPECT_TRUE(values.has_value() && !values->has_value());
    auto keys = tx.ListEncryptionKeys();
    EXPECT_TRUE(keys.has_value() && keys->empty());
    auto token = tx.FindAccessToken("a-1");
    EXPECT_TRUE(token.has_value() && !token->has_value());
    auto consumer = tx.FindConsumerByKeyDigest("digest-1");
    EXPECT_TRUE(consumer.has_value() && !consumer->has_value());
    return {};
  });
  EXPECT_TRUE(state.has_value()) << state.error().log;
}

}  // namespace
}  // namespace roster::contract
