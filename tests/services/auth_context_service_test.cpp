#include "services/auth_context_service.h"

#include <gtest/gtest.h>

#include "services/service_fixture.h"

namespace roster::testing {
namespace {

using core::AuthContextUpdate;
using core::ErrorCode;

// Fails every send: for the undeliverable-code case.
class FailingNotifier final : public ports::Notifier {
 public:
  core::Result<void> Send(const ports::Message&) override {
    ++calls;
    return core::Fail(ErrorCode::kUnavailable, {}, "relay down");
  }
  int calls = 0;
};

class AuthContextServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    admin_ = MakeUser("admin.user", true);
    user_ = MakeUser("plain.user");
    ASSERT_TRUE(entitlements().CreateBank(As(admin_), {.id = "bank.one"}).has_value());
    ASSERT_TRUE(entitlements().CreateBank(As(admin_), {.id = "bank.two"}).has_value());
    customer_ = AddCustomer("bank.one", "CUST-001", "customer@bank.example", "+44 7700 900123");
    AddCustomer("bank.one", "CUST-NOMAIL", "", "");
  }

  services::AuthContextService contexts() { return {ports(), settings_}; }

  core::Customer AddCustomer(const std::string& bank, const std::string& number,
                             const std::string& email, const std::string& phone) {
    core::Customer customer{.id = random_.Uuid(),
                            .bank_id = bank,
                            .customer_number = number,
                            .legal_name = "Customer " + number,
                            .mobile_phone_number = phone,
                            .email = email,
                            .created_at = clock_.now};
    auto inserted = ports::WriteTx(*store_, [&](ports::Tx& tx) -> core::Result<bool> {
      if (auto r = tx.InsertCustomer(customer); !r) return std::unexpected(r.error());
      return true;
    });
    EXPECT_TRUE(inserted.has_value()) << (inserted ? "" : inserted.error().log);
    return customer;
  }

  // Starts an EMAIL update for CUST-001 and returns it with the code that was sent.
  std::pair<AuthContextUpdate, std::string> Start(const std::string& method = "EMAIL") {
    notifier_.Clear();
    auto update =
        contexts().RequestUpdate(As(user_), "bank.one", method, "CUSTOMER_NUMBER", "CUST-001");
    EXPECT_TRUE(update.has_value()) << (update ? "" : update.error().log);
    auto sent = notifier_.Messages();
    EXPECT_EQ(sent.size(), 1u);
    if (!update || sent.size() != 1) return {};
    return {*update, FindCode(sent[0].body)};
  }

  static std::string FindCode(const std::string& body) {
    for (std::size_t i = 0; i + 8 <= body.size(); ++i) {
      std::string run = body.substr(i, 8);
      if (std::all_of(run.begin(), run.end(), ::isdigit)) return run;
    }
    return "";
  }

  std::vector<core::UserAuthContext> ContextsOfUser() {
    auto list = contexts().List(As(admin_), user_.user.id);
    EXPECT_TRUE(list.has_value());
    return list ? *list : std::vector<core::UserAuthContext>{};
  }

  std::vector<core::UserCustomerLink> LinksOfUser() {
    auto links = ports::ReadTx(
        *store_, [&](ports::Tx& tx) { return tx.ListCustomerLinksOfUser(user_.user.id); });
    EXPECT_TRUE(links.has_value());
    return links ? *links : std::vector<core::UserCustomerLink>{};
  }

  ErrorCode ErrorOf(const core::Result<AuthContextUpdate>& result) {
    EXPECT_FALSE(result.has_value());
    return result ? ErrorCode::kInternal : result.error().code;
  }

  services::UserDetails admin_;
  services::UserDetails user_;
  core::Customer customer_;
};

// --- staff CRUD -------------------------------------------------------------------------------

TEST_F(AuthContextServiceTest, CreateTrimsAndListsAndDeletes) {
  auto created = contexts().Create(As(admin_), user_.user.id, "  CUSTOMER_NUMBER ", " 123\t");
  ASSERT_TRUE(created.has_value()) << created.error().log;
  EXPECT_EQ(created->key, "CUSTOMER_NUMBER");
  EXPECT_EQ(created->value, "123");
  EXPECT_EQ(created->user_id, user_.user.id);
  EXPECT_EQ(created->consumer_id, "c");
  EXPECT_EQ(created->created_at, clock_.now);
  // The same key may repeat.
  ASSERT_TRUE(contexts().Create(As(admin_), user_.user.id, "CUSTOMER_NUMBER", "456").has_value());
  ASSERT_EQ(ContextsOfUser().size(), 2u);

  ASSERT_TRUE(contexts().Delete(As(admin_), user_.user.id, created->id).has_value());
  auto left = ContextsOfUser();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].value, "456");
  auto again = contexts().Delete(As(admin_), user_.user.id, created->id);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kAuthContextNotFound);

  ASSERT_TRUE(contexts().DeleteAll(As(admin_), user_.user.id).has_value());
  EXPECT_TRUE(ContextsOfUser().empty());
  EXPECT_TRUE(contexts().DeleteAll(As(admin_), user_.user.id).has_value());
}

TEST_F(AuthContextServiceTest, DeleteByIdRefusesAnotherUsersContext) {
  auto admins = contexts().Create(As(admin_), admin_.user.id, "K", "V");
  ASSERT_TRUE(admins.has_value());
  auto refused = contexts().Delete(As(admin_), user_.user.id, admins->id);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kAuthContextNotFound);
  EXPECT_EQ(contexts().List(As(admin_), admin_.user.id)->size(), 1u);
}

TEST_F(AuthContextServiceTest, CreateRefusesEmptyAndOverlongKeysAndValues) {
  for (auto [key, value] :
       std::vector<std::pair<std::string, std::string>>{{"", "v"},
                                                        {"  ", "v"},
                                                        {"k", ""},
                                                        {"k", " \t "},
                                                        {std::string(4001, 'k'), "v"},
                                                        {"k", std::string(4001, 'v')}}) {
    auto refused = contexts().Create(As(admin_), user_.user.id, key, value);
    ASSERT_FALSE(refused.has_value()) << key.size() << "/" << value.size();
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidJson);
  }
  EXPECT_TRUE(contexts().Create(As(admin_), user_.user.id, std::string(4000, 'k'), "v"));
}

TEST_F(AuthContextServiceTest, RolesAndUnknownUsers) {
  auto check = [](const auto& result, ErrorCode code, const std::string& detail = "") {
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, code);
    if (!detail.empty()) {
      EXPECT_EQ(result.error().detail, detail);
    }
  };
  check(contexts().Create(As(user_), user_.user.id, "K", "V"), ErrorCode::kMissingRole,
        "CanCreateUserAuthContext");
  check(contexts().List(As(user_), user_.user.id), ErrorCode::kMissingRole,
        "CanGetUserAuthContext");
  check(contexts().Delete(As(user_), user_.user.id, "x"), ErrorCode::kMissingRole,
        "CanDeleteUserAuthContext");
  check(contexts().DeleteAll(As(user_), user_.user.id), ErrorCode::kMissingRole,
        "CanDeleteUserAuthContext");
  check(contexts().Create(As(admin_), "nobody", "K", "V"), ErrorCode::kUserNotFound, "nobody");
  check(contexts().List(As(admin_), "nobody"), ErrorCode::kUserNotFound);
  check(contexts().Delete(As(admin_), "nobody", "x"), ErrorCode::kUserNotFound);
  check(contexts().DeleteAll(As(admin_), "nobody"), ErrorCode::kUserNotFound);
}

// --- SCA updates ------------------------------------------------------------------------------

TEST_F(AuthContextServiceTest, RequestSendsAnEightDigitCodeByEmailAndStoresOnlyItsDigest) {
  auto [update, code] = Start();
  EXPECT_EQ(update.status, "INITIATED");
  EXPECT_EQ(update.user_id, user_.user.id);
  EXPECT_EQ(update.bank_id, "bank.one");
  EXPECT_EQ(update.key, "CUSTOMER_NUMBER");
  EXPECT_EQ(update.value, "CUST-001");
  EXPECT_EQ(update.consumer_id, "c");
  EXPECT_EQ(update.expires_at, clock_.now + settings_.challenge_ttl);
  ASSERT_EQ(code.size(), 8u);
  auto sent = notifier_.Messages();
  EXPECT_EQ(sent[0].kind, "otp");
  EXPECT_EQ(sent[0].to, "customer@bank.example");

  auto stored =
      ports::ReadTx(*store_, [&](ports::Tx& tx) { return tx.FindAuthContextUpdate(update.id); });
  ASSERT_TRUE(stored.has_value() && stored->has_value());
  EXPECT_EQ((*stored)->challenge_digest, digest_.Digest(code));
  EXPECT_EQ((*stored)->challenge_digest.find(code), std::string::npos);
}

TEST_F(AuthContextServiceTest, EmailFallsBackToTheUserAndSmsGoesToTheMobile) {
  notifier_.Clear();
  ASSERT_TRUE(contexts()
                  .RequestUpdate(As(user_), "bank.one", "EMAIL", "CUSTOMER_NUMBER", "CUST-NOMAIL")
                  .has_value());
  ASSERT_EQ(notifier_.Messages().size(), 1u);
  EXPECT_EQ(notifier_.Messages()[0].to, "plain.user@example.com");

  auto [update, code] = Start("SMS");
  EXPECT_EQ(update.sca_method, "SMS");
  auto sent = notifier_.Messages();
  EXPECT_EQ(sent[0].kind, "otp_sms");
  EXPECT_EQ(sent[0].to, "+44 7700 900123");

  notifier_.Clear();
  auto no_phone =
      contexts().RequestUpdate(As(user_), "bank.one", "SMS", "CUSTOMER_NUMBER", "CUST-NOMAIL");
  EXPECT_EQ(ErrorOf(no_phone), ErrorCode::kInvalidInput);
  EXPECT_TRUE(notifier_.Messages().empty());
}

TEST_F(AuthContextServiceTest, RequestChecksBankMethodKeyAndCustomerInOrder) {
  auto request = [&](const std::string& bank, const std::string& method, const std::string& key,
                     const std::string& value) {
    return ErrorOf(contexts().RequestUpdate(As(user_), bank, method, key, value));
  };
  EXPECT_EQ(request("no.bank", "FAX", "OTHER", "x"), ErrorCode::kBankNotFound);
  EXPECT_EQ(request("bank.one", "FAX", "OTHER", "x"), ErrorCode::kUnsupportedScaMethod);
  EXPECT_EQ(request("bank.one", "email", "CUSTOMER_NUMBER", "CUST-001"),
            ErrorCode::kUnsupportedScaMethod);
  EXPECT_EQ(request("bank.one", "EMAIL", "OTHER", "CUST-001"), ErrorCode::kInvalidAuthContextKey);
  EXPECT_EQ(request("bank.one", "EMAIL", "CUSTOMER_NUMBER", "NOPE"),
            ErrorCode::kInvalidAuthContextKey);
  EXPECT_EQ(request("bank.two", "EMAIL", "CUSTOMER_NUMBER", "CUST-001"),
            ErrorCode::kInvalidAuthContextKey);
  EXPECT_EQ(request("bank.one", "EMAIL", "CUSTOMER_NUMBER", std::string(51, '1')),
            ErrorCode::kInvalidAuthContextKey);
  EXPECT_TRUE(notifier_.Messages().empty());
}

TEST_F(AuthContextServiceTest, TheRightCodeAcceptsAndAppliesTheUpdate) {
  auto [update, code] = Start();
  auto answered = contexts().AnswerChallenge(As(user_), "bank.one", update.id, code);
  ASSERT_TRUE(answered.has_value()) << answered.error().log;
  EXPECT_EQ(answered->status, "ACCEPTED");

  auto contexts_now = ContextsOfUser();
  ASSERT_EQ(contexts_now.size(), 1u);
  EXPECT_EQ(contexts_now[0].key, "CUSTOMER_NUMBER");
  EXPECT_EQ(contexts_now[0].value, "CUST-001");
  auto links = LinksOfUser();
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].customer_id, customer_.id);
  EXPECT_EQ(links[0].bank_id, "bank.one");

  // Answering again changes nothing.
  auto again = contexts().AnswerChallenge(As(user_), "bank.one", update.id, code);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->status, "ACCEPTED");
  EXPECT_EQ(ContextsOfUser().size(), 1u);

  // A second confirmed update for the same customer adds a context but no second link.
  auto [second, second_code] = Start();
  ASSERT_EQ(contexts().AnswerChallenge(As(user_), "bank.one", second.id, second_code)->status,
            "ACCEPTED");
  EXPECT_EQ(ContextsOfUser().size(), 2u);
  EXPECT_EQ(LinksOfUser().size(), 1u);
}

TEST_F(AuthContextServiceTest, AWrongCodeCountsThenTheRightCodeStillWorks) {
  auto [update, code] = Start();
  auto wrong = contexts().AnswerChallenge(As(user_), "bank.one", update.id, "00000000");
  ASSERT_TRUE(wrong.has_value());
  EXPECT_EQ(wrong->status, "INITIATED");
  EXPECT_EQ(wrong->failed_attempts, 1);
  EXPECT_TRUE(ContextsOfUser().empty());
  auto right = contexts().AnswerChallenge(As(user_), "bank.one", update.id, code);
  ASSERT_TRUE(right.has_value());
  EXPECT_EQ(right->status, "ACCEPTED");
  EXPECT_EQ(ContextsOfUser().size(), 1u);
}

TEST_F(AuthContextServiceTest, MaxWrongCodesRejectAndNothingIsApplied) {
  auto [update, code] = Start();
  for (int i = 1; i <= settings_.challenge_max_attempts; ++i) {
    auto wrong = contexts().AnswerChallenge(As(user_), "bank.one", update.id, "wrong");
    ASSERT_TRUE(wrong.has_value());
    EXPECT_EQ(wrong->failed_attempts, i);
    EXPECT_EQ(wrong->status, i < settings_.challenge_max_attempts ? "INITIATED" : "REJECTED");
  }
  auto late = contexts().AnswerChallenge(As(user_), "bank.one", update.id, code);
  ASSERT_TRUE(late.has_value());
  EXPECT_EQ(late->status, "REJECTED");
  EXPECT_EQ(late->failed_attempts, settings_.challenge_max_attempts);
  EXPECT_TRUE(ContextsOfUser().empty());
  EXPECT_TRUE(LinksOfUser().empty()) << "a rejected update must not link the customer";
}

TEST_F(AuthContextServiceTest, MaxAttemptsFollowsTheSettings) {
  settings_.challenge_max_attempts = 1;
  auto [update, code] = Start();
  EXPECT_EQ(contexts().AnswerChallenge(As(user_), "bank.one", update.id, "wrong")->status,
            "REJECTED");
}

TEST_F(AuthContextServiceTest, AnExpiredCodeIsRefusedWithTheConfiguredLifetime) {
  settings_.challenge_ttl = std::chrono::seconds(120);
  auto [update, code] = Start();
  clock_.now += std::chrono::seconds(119);
  // Still valid one second before the end: a wrong answer is counted.
  EXPECT_EQ(contexts().AnswerChallenge(As(user_), "bank.one", update.id, "wrong")->status,
            "INITIATED");
  clock_.now += std::chrono::seconds(1);
  auto expired = contexts().AnswerChallenge(As(user_), "bank.one", update.id, code);
  ASSERT_FALSE(expired.has_value());
  EXPECT_EQ(expired.error().code, ErrorCode::kChallengeExpired);
  EXPECT_EQ(expired.error().detail, "120");
  EXPECT_TRUE(ContextsOfUser().empty());
  EXPECT_TRUE(LinksOfUser().empty());
}

TEST_F(AuthContextServiceTest, UnknownForeignOrOtherBankRequestsAreNotFound) {
  auto [update, code] = Start();
  EXPECT_EQ(ErrorOf(contexts().AnswerChallenge(As(user_), "bank.one", "no-such-id", code)),
            ErrorCode::kAuthContextUpdateNotFound);
  EXPECT_EQ(ErrorOf(contexts().AnswerChallenge(As(admin_), "bank.one", update.id, code)),
            ErrorCode::kAuthContextUpdateNotFound);
  EXPECT_EQ(ErrorOf(contexts().AnswerChallenge(As(user_), "bank.two", update.id, code)),
            ErrorCode::kAuthContextUpdateNotFound);
  EXPECT_EQ(ErrorOf(contexts().AnswerChallenge(As(user_), "no.bank", update.id, code)),
            ErrorCode::kBankNotFound);
  // None of these counted as an attempt.
  auto right = contexts().AnswerChallenge(As(user_), "bank.one", update.id, code);
  ASSERT_TRUE(right.has_value());
  EXPECT_EQ(right->status, "ACCEPTED");
  EXPECT_EQ(right->failed_attempts, 0);
}

TEST_F(AuthContextServiceTest, AnUndeliverableCodeFailsAndClosesTheRequest) {
  FailingNotifier failing;
  services::Ports ports_with_failing{*store_, hasher_, digest_, random_, clock_, failing};
  services::AuthContextService service(ports_with_failing, settings_);
  auto refused =
      service.RequestUpdate(As(user_), "bank.one", "EMAIL", "CUSTOMER_NUMBER", "CUST-001");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(failing.calls, 1);
}

}  // namespace
}  // namespace roster::testing
