// ContactService and ChallengeService over a real SQLite store with a fixed clock: redemption
// happens in the change's transaction (a failed change keeps the challenge), expiry and
// redemption limits issue new challenges, approval carries out replaceId, ids are fresh, and the
// P.O. box / id helpers.
#include "services/contact_service.h"

#include <optional>

#include "services/challenge_service.h"
#include "services/service_fixture.h"

namespace roster::testing {
namespace {

using core::ContactItem;
using core::ContactKind;
using core::ErrorCode;
using services::ChallengeService;
using services::ContactPointer;
using services::ContactService;
using services::ScopedPrincipal;

class ContactServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    challenges_.emplace(ports(), settings_);
    contacts_.emplace(ports(), settings_, *challenges_);
    user_ = MakeUser("contactuser").user;
  }

  ScopedPrincipal Self(std::string_view scopes = "profiles/full") const {
    return {.consumer = {.id = "c"}, .user = user_, .scopes = core::ScopeSet::Parse(scopes)};
  }
  static ScopedPrincipal Service() {
    return {.consumer = {.id = "svc", .trusted = true},
            .scopes = core::ScopeSet::Parse("admin/full profiles/full")};
  }

  static ContactItem Email(std::string value, std::string type = "personal") {
    return {.kind = ContactKind::kEmail, .type = std::move(type), .value = std::move(value)};
  }
  static ContactItem Address(std::string line1, std::string type = "home") {
    return {.kind = ContactKind::kAddress,
            .type = std::move(type),
            .details_json = R"({"addressLine1":")" + line1 + R"(","city":"Wilmington"})"};
  }

  // Creates and approves an item as the service; returns its id.
  std::string Approved(ContactItem item) {
    auto created = contacts_->Create(Service(), user_.id, std::move(item), std::nullopt,
                                     std::nullopt, "createEmailAddress");
    EXPECT_TRUE(created.has_value());
    if (!created) return "";
    auto approved = contacts_->Approve(Service(), user_.id, created->item.kind, created->item.id);
    EXPECT_TRUE(approved.has_value());
    return created->item.id;
  }

  // Starts and verifies the e-mail authenticator of challenge `id` with the code sent.
  void Verify(const std::string& id) {
    auto view = challenges_->Get(Self(), id);
    ASSERT_TRUE(view.has_value());
    const std::string authenticator = view->challenge.authenticators.at(0).id;
    notifier_.Clear();
    ASSERT_TRUE(challenges_->Start(Self(), id, authenticator).has_value());
    ASSERT_EQ(notifier_.Messages().size(), 1u);
    const std::string body = notifier_.Messages().at(0).body;
    const std::string code = body.substr(body.find("is ") + 3, 6);
    auto verified = challenges_->Verify(Self(), id, authenticator, code);
    ASSERT_TRUE(verified.has_value());
    ASSERT_EQ(services::ChallengeStateOf(verified->challenge, clock_.now), "verified");
  }

  core::User user_;
  std::optional<ChallengeService> challenges_;
  std::optional<ContactService> contacts_;
};

TEST_F(ContactServiceTest, HelpersRecogniseIdsAndPostOfficeBoxes) {
  EXPECT_TRUE(services::IsValidItemId("ha1"));
  EXPECT_TRUE(services::IsValidItemId("a-b_C123"));
  EXPECT_FALSE(services::IsValidItemId(""));
  EXPECT_FALSE(services::IsValidItemId("123456789"));
  EXPECT_FALSE(services::IsValidItemId("a b"));
  for (const char* line : {"PO Box 1", "P.O. Box 12", "p o box 3", "Post Office Box 4"}) {
    EXPECT_TRUE(services::IsPoBox(Address(line, "mailing"))) << line;
  }
  EXPECT_TRUE(services::IsPoBox(Address("1 Main Street", "poBox")));
  EXPECT_FALSE(services::IsPoBox(Address("1 Post Road", "mailing")));
  EXPECT_FALSE(services::IsPoBox(Address("Box Hill 1", "home")));
  EXPECT_FALSE(services::IsPoBox(Email("pobox@example.com")));
}

TEST_F(ContactServiceTest, FreshIdsFollowTypeAndKindAndAreNotReused) {
  EXPECT_EQ(Approved(Email("a@bank.test")), "pe1");
  EXPECT_EQ(Approved(Email("b@bank.test", "work")), "we1");
  EXPECT_EQ(Approved(Email("c@bank.test")), "pe2");
  ASSERT_TRUE(contacts_->Delete(Service(), user_.id, ContactKind::kEmail, "pe1").has_value());
  EXPECT_EQ(Approved(Email("d@bank.test")), "pe3");
}

TEST_F(ContactServiceTest, AFailedChangeDoesNotConsumeTheChallenge) {
  const std::string id = Approved(Email("new@bank.test"));
  auto missing = contacts_->SetPointer(Self(), user_.id, ContactPointer::kPreferredEmail, id,
                                       std::nullopt, "setPreferredEmailAddress");
  ASSERT_FALSE(missing.has_value());
  ASSERT_EQ(missing.error().code, ErrorCode::kMissingChallengeHeader);
  const std::string challenge = missing.error().detail;
  Verify(challenge);

  // A pending target fails after the challenge was checked: nothing is consumed.
  auto pending = contacts_->Create(Self(), user_.id, Email("p@bank.test"), std::nullopt,
                                   std::nullopt, "createEmailAddress");
  ASSERT_TRUE(pending.has_value());
  auto refused = contacts_->SetPointer(Self(), user_.id, ContactPointer::kPreferredEmail,
                                       pending->item.id, challenge, "setPreferredEmailAddress");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kItemStillPending);
  auto view = challenges_->Get(Self(), challenge);
  ASSERT_TRUE(view.has_value());
  EXPECT_EQ(view->challenge.redemption_count, 0);

  auto done = contacts_->SetPointer(Self(), user_.id, ContactPointer::kPreferredEmail, id,
                                    challenge, "setPreferredEmailAddress");
  ASSERT_TRUE(done.has_value());
  EXPECT_EQ(done->record.user.email, "new@bank.test");
  view = challenges_->Get(Self(), challenge);
  EXPECT_EQ(view->challenge.redemption_count, 1);
  EXPECT_EQ(view->challenge.redemption_history.size(), 1u);

  auto again = contacts_->SetPointer(Self(), user_.id, ContactPointer::kPreferredEmail, "e0",
                                     challenge, "setPreferredEmailAddress");
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kChallengeAlreadyRedeemed);
  EXPECT_NE(again.error().detail, challenge);
}

TEST_F(ContactServiceTest, AnExpiredChallengeIsReplaced) {
  settings_.challenge_ttl = std::chrono::seconds(60);
  const std::string id = Approved(Email("late@bank.test"));
  auto missing = contacts_->SetPointer(Self(), user_.id, ContactPointer::kPreferredEmail, id,
                                       std::nullopt, "setPreferredEmailAddress");
  ASSERT_FALSE(missing.has_value());
  const std::string challenge = missing.error().detail;
  Verify(challenge);
  clock_.now += std::chrono::seconds(60);
  auto expired = contacts_->SetPointer(Self(), user_.id, ContactPointer::kPreferredEmail, id,
                                       challenge, "setPreferredEmailAddress");
  ASSERT_FALSE(expired.has_value());
  EXPECT_EQ(expired.error().code, ErrorCode::kChallengeRedeemExpired);
  EXPECT_NE(expired.error().detail, challenge);
  auto fresh = challenges_->Get(Self(), expired.error().detail);
  ASSERT_TRUE(fresh.has_value());
  EXPECT_EQ(services::ChallengeStateOf(fresh->challenge, clock_.now), "pending");
  auto old = challenges_->Get(Self(), challenge);
  EXPECT_EQ(services::ChallengeStateOf(old->challenge, clock_.now), "expired");
}

TEST_F(ContactServiceTest, ApprovalCarriesOutReplaceIdAndMovesPointers) {
  const std::string home = Approved(Address("1 Main Street"));
  ASSERT_TRUE(contacts_
                  ->SetPointer(Service(), user_.id, ContactPointer::kTaxAddress, home, std::nullopt,
                               "setTaxAddress")
                  .has_value());
  auto replacement = contacts_->Create(Service(), user_.id, Address("2 Main Street"),
                                       std::string(home), std::nullopt, "createAddress");
  ASSERT_TRUE(replacement.has_value());
  EXPECT_EQ(replacement->item.replace_id, home);
  auto approved =
      contacts_->Approve(Service(), user_.id, ContactKind::kAddress, replacement->item.id);
  ASSERT_TRUE(approved.has_value());
  EXPECT_EQ(approved->profile.preferred_address_id, replacement->item.id);
  EXPECT_EQ(approved->profile.tax_address_id, replacement->item.id);
  EXPECT_TRUE(approved->item.replace_id.empty());
  auto gone = contacts_->Get(Service(), user_.id, ContactKind::kAddress, home);
  ASSERT_FALSE(gone.has_value());
  EXPECT_EQ(gone.error().code, ErrorCode::kContactItemNotFound);
}

TEST_F(ContactServiceTest, AccessIsCheckedBeforeTheUserIsLookedUp) {
  auto list = contacts_->List(Self("profiles/read"), "no-such-user", ContactKind::kEmail);
  ASSERT_FALSE(list.has_value());
  EXPECT_EQ(list.error().code, ErrorCode::kForbidden);
  list = contacts_->List(Self("profiles/read"), user_.id, ContactKind::kEmail);
  ASSERT_FALSE(list.has_value());
  EXPECT_EQ(list.error().code, ErrorCode::kInsufficientScope);
  auto approve = contacts_->Approve(Self(), user_.id, ContactKind::kEmail, "e0");
  ASSERT_FALSE(approve.has_value());
  EXPECT_EQ(approve.error().code, ErrorCode::kForbidden);
}

}  // namespace
}  // namespace roster::testing
