// User auth contexts and SCA-confirmed auth-context updates (obp-catalogue.md §6, §7,
// obp-reference-behaviour.md §2.7) on the real server. The SCA flow runs through a real SMTP
// conversation: the server is started with --notifier smtp://127.0.0.1:<sink port> and the
// one-time codes are read from the messages the in-process sink received. Expired requests are
// purged by the server and by `roster purge` (PurgeTest).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "api/server_fixture.h"
#include "api/smtp_sink.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;
using roster::testing::FindCode;
using roster::testing::SmtpMessage;
using roster::testing::SmtpSink;

constexpr const char* kBadJson = "OBP-10001: Incorrect json format.";
constexpr const char* kSmsGateway = "sms.test";

void ExpectError(const Reply& reply, int status, const std::string& message) {
  EXPECT_EQ(reply.status, status) << reply.body;
  EXPECT_EQ(reply.Json(), ErrorBody(status, message));
}

std::string KeyValue(const std::string& key, const std::string& value) {
  return json::serialize(json::object{{"key", key}, {"value", value}});
}

std::string Contexts(const std::string& user_id, const std::string& version = "v5.0.0") {
  return "/obp/" + version + "/users/" + user_id + "/auth-context";
}

std::string Updates(const std::string& bank, const std::string& version = "v5.0.0") {
  return "/obp/" + version + "/banks/" + bank + "/users/current/auth-context-updates/";
}

// Helpers shared by the suites: banks and customers are created through the API as the
// superuser (who holds CanCreateBank and CanCreateCustomerAtAnyBank).
std::string CreateBank(RosterServer& server) {
  const std::string id = UniqueName("scabank");
  Reply reply = server.Post(
      "/obp/v5.0.0/banks",
      json::serialize(json::object{{"id", id}, {"bank_code", "SB"}, {"full_name", "SCA Bank"}}),
      server.SuperToken());
  EXPECT_EQ(reply.status, 201) << reply.body;
  return id;
}

// Returns the customer id ("" after a test failure).
std::string CreateCustomer(RosterServer& server, const std::string& bank, const std::string& number,
                           const std::string& email, const std::string& phone = "+44 7700 900123") {
  json::object body{
      {"customer_number", number}, {"legal_name", "Sca Customer"}, {"mobile_phone_number", phone}};
  if (!email.empty()) body["email"] = email;
  Reply reply = server.Post("/obp/v5.0.0/banks/" + bank + "/customers", json::serialize(body),
                            server.SuperToken());
  EXPECT_EQ(reply.status, 201) << reply.body;
  if (reply.status != 201) return "";
  return std::string(reply.Json().at("customer_id").as_string());
}

// --- Staff CRUD of auth contexts ---------------------------------------------------------------

class AuthContextsTest : public SharedServerTest<AuthContextsTest> {};

TEST_F(AuthContextsTest, CreateListAndDeleteWithVersionedShapes) {
  auto [user, token] = server().CreateUserWithToken("ctx.target");
  const std::string& super = server().SuperToken();

  Reply v5 =
      server().Post(Contexts(user.user_id), KeyValue("  CUSTOMER_NUMBER ", " 78987432 "), super);
  ASSERT_EQ(v5.status, 201) << v5.body;
  json::value created = v5.Json();
  EXPECT_EQ(KeysOf(created),
            (std::vector<std::string>{"consumer_id", "key", "time_stamp", "user_auth_context_id",
                                      "user_id", "value"}));
  EXPECT_EQ(created.at("key"), json::value("CUSTOMER_NUMBER"));
  EXPECT_EQ(created.at("value"), json::value("78987432"));
  EXPECT_EQ(created.at("user_id"), json::value(user.user_id));
  EXPECT_FALSE(created.at("consumer_id").as_string().empty());

  Reply v31 = server().Post(Contexts(user.user_id, "v3.1.0"), KeyValue("TOKEN", "abc"), super);
  ASSERT_EQ(v31.status, 201) << v31.body;
  EXPECT_EQ(
      KeysOf(v31.Json()),
      (std::vector<std::string>{"key", "time_stamp", "user_auth_context_id", "user_id", "value"}));

  Reply list = server().Get(Contexts(user.user_id), super);
  ASSERT_EQ(list.status, 200) << list.body;
  json::array items = list.Json().at("user_auth_contexts").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0], created);
  Reply list31 = server().Get(Contexts(user.user_id, "v3.1.0"), super);
  ASSERT_EQ(list31.status, 200);
  EXPECT_EQ(list31.Json().at("user_auth_contexts").at(0).as_object().count("consumer_id"), 0u);

  const std::string id(created.at("user_auth_context_id").as_string());
  Reply deleted = server().Delete(Contexts(user.user_id) + "/" + id, super);
  EXPECT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(deleted.body, "true");
  ExpectError(server().Delete(Contexts(user.user_id) + "/" + id, super), 404,
              "OBP-30056: UserAuthContext not found by USER_AUTH_CONTEXT_ID.");
  EXPECT_EQ(
      server().Get(Contexts(user.user_id), super).Json().at("user_auth_contexts").as_array().size(),
      1u);

  Reply all = server().Delete(Contexts(user.user_id), super);
  EXPECT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.body, "true");
  EXPECT_TRUE(server()
                  .Get(Contexts(user.user_id), super)
                  .Json()
                  .at("user_auth_contexts")
                  .as_array()
                  .empty());
}

TEST_F(AuthContextsTest, DeleteByIdOnlyTouchesThatUsersContexts) {
  auto [a, a_token] = server().CreateUserWithToken("ctx.a");
  auto [b, b_token] = server().CreateUserWithToken("ctx.b");
  const std::string& super = server().SuperToken();
  Reply created = server().Post(Contexts(a.user_id), KeyValue("K", "V"), super);
  ASSERT_EQ(created.status, 201);
  const std::string id(created.Json().at("user_auth_context_id").as_string());
  ExpectError(server().Delete(Contexts(b.user_id) + "/" + id, super), 404,
              "OBP-30056: UserAuthContext not found by USER_AUTH_CONTEXT_ID.");
  EXPECT_EQ(
      server().Get(Contexts(a.user_id), super).Json().at("user_auth_contexts").as_array().size(),
      1u);
}

TEST_F(AuthContextsTest, RolesUnknownUsersAndBadBodies) {
  auto [user, token] = server().CreateUserWithToken("ctx.plain");
  const std::string& super = server().SuperToken();
  const std::string missing = "OBP-20006: User is missing one or more roles: ";
  ExpectError(server().Post(Contexts(user.user_id), KeyValue("K", "V"), token), 403,
              missing + "CanCreateUserAuthContext");
  ExpectError(server().Get(Contexts(user.user_id), token), 403, missing + "CanGetUserAuthContext");
  ExpectError(server().Delete(Contexts(user.user_id) + "/x", token), 403,
              missing + "CanDeleteUserAuthContext");
  ExpectError(server().Delete(Contexts(user.user_id), token), 403,
              missing + "CanDeleteUserAuthContext");

  const std::string unknown =
      "OBP-20005: User not found. Please specify a valid value for USER_ID. Current "
      "USER_ID(nobody)";
  ExpectError(server().Post(Contexts("nobody"), KeyValue("K", "V"), super), 404, unknown);
  ExpectError(server().Get(Contexts("nobody"), super), 404, unknown);
  ExpectError(server().Delete(Contexts("nobody") + "/x", super), 404, unknown);
  ExpectError(server().Delete(Contexts("nobody"), super), 404, unknown);

  ExpectError(server().Post(Contexts(user.user_id), "{", super), 400, kBadJson);
  ExpectError(server().Post(Contexts(user.user_id), R"({"key":"K"})", super), 400, kBadJson);
  ExpectError(server().Post(Contexts(user.user_id), R"({"key":"K","value":1})", super), 400,
              kBadJson);
  ExpectError(server().Post(Contexts(user.user_id), KeyValue("  ", "V"), super), 400,
              std::string(kBadJson) + " The key and value fields must not be empty.");
  EXPECT_EQ(
      server().Post(Contexts(user.user_id), KeyValue("K", std::string(4001, 'v')), super).status,
      400);
  EXPECT_TRUE(server()
                  .Get(Contexts(user.user_id), super)
                  .Json()
                  .at("user_auth_contexts")
                  .as_array()
                  .empty());

  ExpectError(server().Get(Contexts(user.user_id)), 401,
              "OBP-20001: User not logged in. Authentication is required!");
}

// --- The SCA flow through the SMTP sink ---------------------------------------------------------

// The sink outlives every server that sends to it.
SmtpSink& Sink() {
  static SmtpSink sink;
  return sink;
}

std::vector<std::string> ScaServeFlags(int ttl_seconds) {
  return {"--notifier", Sink().Url() + "?from=roster@example.com&sms_gateway=" + kSmsGateway,
          "--challenge-ttl-seconds", std::to_string(ttl_seconds)};
}

// The one-time code last mailed to `address` (waits up to 5 s), or "" after a test failure.
std::string CodeSentTo(const std::string& address, std::size_t already_sent = 0) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    std::vector<const SmtpMessage*> matching;
    auto messages = Sink().Messages();
    for (const auto& message : messages) {
      if (message.rcpt_to == std::vector<std::string>{address}) matching.push_back(&message);
    }
    if (matching.size() > already_sent) return FindCode(matching.back()->Body());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << "no one-time code was mailed to " << address;
  return "";
}

class ScaFlowTest : public SharedServerTest<ScaFlowTest> {
 public:
  static ServerOptions Options() { return {ScaServeFlags(600)}; }

 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    bank_ = CreateBank(server());
    number_ = UniqueName("CN");
    email_ = UniqueName("customer") + "@bank.test";
    customer_id_ = CreateCustomer(server(), bank_, number_, email_);
    std::tie(user_, token_) = server().CreateUserWithToken("sca.user");
  }

  Reply Request(const std::string& method = "EMAIL", const std::string& version = "v5.0.0") {
    return server().Post(Updates(bank_, version) + method, KeyValue("CUSTOMER_NUMBER", number_),
                         token_);
  }
  // Starts an EMAIL update; returns its id and the code from the sink.
  std::pair<std::string, std::string> Start() {
    Reply reply = Request();
    EXPECT_EQ(reply.status, 201) << reply.body;
    if (reply.status != 201) return {};
    return {std::string(reply.Json().at("user_auth_context_update_id").as_string()),
            CodeSentTo(email_)};
  }
  Reply Answer(const std::string& id, const std::string& answer, const std::string& token = "",
               const std::string& version = "v5.0.0") {
    return server().Post(Updates(bank_, version) + id + "/challenge",
                         json::serialize(json::object{{"answer", answer}}),
                         token.empty() ? token_ : token);
  }
  static std::string StatusOf(const Reply& reply) {
    EXPECT_EQ(reply.status, 200) << reply.body;
    if (reply.status != 200) return "";
    return std::string(reply.Json().at("status").as_string());
  }
  json::array AuthContexts() {
    Reply reply = server().Get(Contexts(user_.user_id), server().SuperToken());
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.Json().at("user_auth_contexts").as_array();
  }
  std::vector<std::string> MyCustomerIds() {
    Reply reply = server().Get("/obp/v5.0.0/my/customers", token_);
    EXPECT_EQ(reply.status, 200) << reply.body;
    std::vector<std::string> ids;
    if (reply.status != 200) return ids;
    for (const auto& customer : reply.Json().at("customers").as_array()) {
      ids.emplace_back(customer.at("customer_id").as_string());
    }
    return ids;
  }

  std::string bank_;
  std::string number_;
  std::string email_;
  std::string customer_id_;
  CreatedUser user_;
  std::string token_;
};

TEST_F(ScaFlowTest, TheRightCodeAcceptsAndLinksTheCustomer) {
  Reply requested = Request();
  ASSERT_EQ(requested.status, 201) << requested.body;
  json::value body = requested.Json();
  EXPECT_EQ(KeysOf(body),
            (std::vector<std::string>{"consumer_id", "key", "status", "user_auth_context_update_id",
                                      "user_id", "value"}));
  EXPECT_EQ(body.at("status"), json::value("INITIATED"));
  EXPECT_EQ(body.at("key"), json::value("CUSTOMER_NUMBER"));
  EXPECT_EQ(body.at("value"), json::value(number_));
  EXPECT_EQ(body.at("user_id"), json::value(user_.user_id));
  const std::string id(body.at("user_auth_context_update_id").as_string());

  const std::string code = CodeSentTo(email_);
  ASSERT_EQ(code.size(), 8u);
  EXPECT_EQ(requested.body.find(code), std::string::npos) << "the code must never be returned";
  const auto mail = Sink().Messages();
  EXPECT_EQ(mail.back().mail_from, "roster@example.com");
  EXPECT_TRUE(AuthContexts().empty());
  EXPECT_TRUE(MyCustomerIds().empty());

  Reply accepted = Answer(id, code);
  EXPECT_EQ(StatusOf(accepted), "ACCEPTED");
  EXPECT_EQ(accepted.Json().at("user_auth_context_update_id"), json::value(id));

  json::array contexts = AuthContexts();
  ASSERT_EQ(contexts.size(), 1u);
  EXPECT_EQ(contexts[0].at("key"), json::value("CUSTOMER_NUMBER"));
  EXPECT_EQ(contexts[0].at("value"), json::value(number_));
  EXPECT_EQ(MyCustomerIds(), std::vector<std::string>{customer_id_});

  // A further answer returns the request unchanged and applies nothing twice.
  EXPECT_EQ(StatusOf(Answer(id, code)), "ACCEPTED");
  EXPECT_EQ(StatusOf(Answer(id, "00000000")), "ACCEPTED");
  EXPECT_EQ(AuthContexts().size(), 1u);
  EXPECT_EQ(MyCustomerIds().size(), 1u);
}

TEST_F(ScaFlowTest, AWrongCodeThenTheRightCodeAccepts) {
  auto [id, code] = Start();
  ASSERT_FALSE(code.empty());
  const std::string wrong = code == "11111111" ? "22222222" : "11111111";
  EXPECT_EQ(StatusOf(Answer(id, wrong)), "INITIATED");
  EXPECT_TRUE(AuthContexts().empty());
  EXPECT_EQ(StatusOf(Answer(id, code)), "ACCEPTED");
  EXPECT_EQ(AuthContexts().size(), 1u);
  EXPECT_EQ(MyCustomerIds(), std::vector<std::string>{customer_id_});
}

TEST_F(ScaFlowTest, ThreeWrongCodesRejectAndTheRightCodeComesTooLate) {
  auto [id, code] = Start();
  ASSERT_FALSE(code.empty());
  const std::string wrong = code == "11111111" ? "22222222" : "11111111";
  EXPECT_EQ(StatusOf(Answer(id, wrong)), "INITIATED");
  EXPECT_EQ(StatusOf(Answer(id, wrong)), "INITIATED");
  EXPECT_EQ(StatusOf(Answer(id, wrong)), "REJECTED");
  EXPECT_EQ(StatusOf(Answer(id, code)), "REJECTED");
  EXPECT_TRUE(AuthContexts().empty());
  EXPECT_TRUE(MyCustomerIds().empty()) << "a rejected update must not link the customer";
}

TEST_F(ScaFlowTest, SmsGoesThroughTheGatewayAndTheV310ShapeHasNoConsumer) {
  Reply requested = Request("SMS", "v3.1.0");
  ASSERT_EQ(requested.status, 201) << requested.body;
  EXPECT_EQ(requested.Json().as_object().count("consumer_id"), 0u);
  const std::string id(requested.Json().at("user_auth_context_update_id").as_string());
  const std::string code = CodeSentTo(std::string("+447700900123@") + kSmsGateway,
                                      /*already_sent=*/0);
  ASSERT_EQ(code.size(), 8u);
  Reply accepted = Answer(id, code, "", "v3.1.0");
  EXPECT_EQ(StatusOf(accepted), "ACCEPTED");
  EXPECT_EQ(accepted.Json().as_object().count("consumer_id"), 0u);
  EXPECT_EQ(MyCustomerIds(), std::vector<std::string>{customer_id_});
}

TEST_F(ScaFlowTest, ACustomerWithoutEmailFallsBackToTheUsersAddress) {
  const std::string number = UniqueName("CN");
  ASSERT_FALSE(CreateCustomer(server(), bank_, number, "").empty());
  Reply requested =
      server().Post(Updates(bank_) + "EMAIL", KeyValue("CUSTOMER_NUMBER", number), token_);
  ASSERT_EQ(requested.status, 201) << requested.body;
  EXPECT_EQ(CodeSentTo(user_.email).size(), 8u);
}

TEST_F(ScaFlowTest, AnotherUsersRequestIsNotFound) {
  auto [id, code] = Start();
  ASSERT_FALSE(code.empty());
  auto [other, other_token] = server().CreateUserWithToken("sca.other");
  const std::string not_found =
      "OBP-30057: User Auth Context Update not found by AUTH_CONTEXT_UPDATE_ID.";
  ExpectError(Answer(id, code, other_token), 404, not_found);
  ExpectError(Answer("no-such-update", code), 404, not_found);
  // Neither counted: the owner still gets in with the code.
  EXPECT_EQ(StatusOf(Answer(id, code)), "ACCEPTED");
}

TEST_F(ScaFlowTest, RefusedRequestsSendNothing) {
  const std::size_t before = Sink().Messages().size();
  const std::string invalid_key = "OBP-30088: Invalid Auth Context Update Request Key.";
  ExpectError(server().Post(Updates(bank_) + "FAX", KeyValue("CUSTOMER_NUMBER", number_), token_),
              400, "OBP-35034: Unsupported as SCA method. FAX");
  ExpectError(server().Post(Updates("no.such.bank") + "EMAIL", KeyValue("CUSTOMER_NUMBER", number_),
                            token_),
              404, "OBP-30001: Bank not found. Please specify a valid value for BANK_ID.");
  ExpectError(server().Post(Updates(bank_) + "EMAIL", KeyValue("PHONE", number_), token_), 400,
              invalid_key);
  ExpectError(
      server().Post(Updates(bank_) + "EMAIL", KeyValue("CUSTOMER_NUMBER", "unknown"), token_), 400,
      invalid_key);
  const std::string other_bank = CreateBank(server());
  ExpectError(
      server().Post(Updates(other_bank) + "EMAIL", KeyValue("CUSTOMER_NUMBER", number_), token_),
      400, invalid_key);
  ExpectError(server().Post(Updates(bank_) + "EMAIL", R"({"key":"CUSTOMER_NUMBER"})", token_), 400,
              kBadJson);
  ExpectError(server().Post(Updates(bank_) + "EMAIL", KeyValue("CUSTOMER_NUMBER", number_)), 401,
              "OBP-20001: User not logged in. Authentication is required!");
  ExpectError(server().Post(Updates(bank_) + "some-id/challenge", "{}", token_), 400, kBadJson);
  ExpectError(
      server().Post(Updates("no.such.bank") + "some-id/challenge", R"({"answer":"1"})", token_),
      404, "OBP-30001: Bank not found. Please specify a valid value for BANK_ID.");
  EXPECT_EQ(Sink().Messages().size(), before);
}

// A short-lived code on its own server (--challenge-ttl-seconds 1).
TEST(ScaExpiryTest, AnExpiredCodeIsRefusedWithTheConfiguredLifetime) {
  RosterServer server(ScaServeFlags(1));
  const std::string bank = CreateBank(server);
  const std::string number = UniqueName("CN");
  const std::string email = UniqueName("expiry") + "@bank.test";
  ASSERT_FALSE(CreateCustomer(server, bank, number, email).empty());
  auto [user, token] = server.CreateUserWithToken("sca.expiry");
  Reply requested =
      server.Post(Updates(bank) + "EMAIL", KeyValue("CUSTOMER_NUMBER", number), token);
  ASSERT_EQ(requested.status, 201) << requested.body;
  const std::string id(requested.Json().at("user_auth_context_update_id").as_string());
  const std::string code = CodeSentTo(email);
  ASSERT_EQ(code.size(), 8u);

  // The clock has second precision: after two seconds a one-second code is surely expired.
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  ExpectError(server.Post(Updates(bank) + id + "/challenge",
                          json::serialize(json::object{{"answer", code}}), token),
              400,
              "OBP-20211: The One Time Password (OTP) has expired. Current expiration time is 1 "
              "seconds");
  Reply contexts = server.Get(Contexts(user.user_id), server.SuperToken());
  ASSERT_EQ(contexts.status, 200) << contexts.body;
  EXPECT_TRUE(contexts.Json().at("user_auth_contexts").as_array().empty());
}

// A user with a live DirectLogin token and an SCA request of theirs whose one-second code has
// expired, on a server started with ScaServeFlags(1) plus `extra_flags`.
struct ExpiredScaRequest {
  RosterServer server;
  std::string bank;
  std::string token;
  std::string id;
  std::string answer;  // the request body answering with the right code

  explicit ExpiredScaRequest(const std::vector<std::string>& extra_flags)
      : server(WithFlags(extra_flags)), bank(CreateBank(server)) {
    const std::string number = UniqueName("CN");
    const std::string email = UniqueName("purge") + "@bank.test";
    EXPECT_FALSE(CreateCustomer(server, bank, number, email).empty());
    token = server.CreateUserWithToken("sca.purge").second;
    Reply requested =
        server.Post(Updates(bank) + "EMAIL", KeyValue("CUSTOMER_NUMBER", number), token);
    EXPECT_EQ(requested.status, 201) << requested.body;
    if (requested.status != 201) return;
    id = std::string(requested.Json().at("user_auth_context_update_id").as_string());
    answer = json::serialize(json::object{{"answer", CodeSentTo(email)}});
    // The clock has second precision: after two seconds a one-second code is surely expired.
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  }
  Reply Answer() { return server.Post(Updates(bank) + id + "/challenge", answer, token); }

 private:
  static std::vector<std::string> WithFlags(const std::vector<std::string>& extra_flags) {
    std::vector<std::string> flags = ScaServeFlags(1);
    flags.insert(flags.end(), extra_flags.begin(), extra_flags.end());
    return flags;
  }
};

constexpr const char* kUpdateNotFound =
    "OBP-30057: User Auth Context Update not found by AUTH_CONTEXT_UPDATE_ID.";

// The server purges expired records by itself (--purge-interval-seconds); with no retention an
// expired request is then unknown. The caller's live DirectLogin token is not touched.
TEST(PurgeTest, TheServerPurgesExpiredRequestsAndKeepsLiveTokens) {
  ExpiredScaRequest sca({"--purge-interval-seconds", "1", "--purge-retention-seconds", "0"});
  ASSERT_FALSE(sca.id.empty());

  auto purged = sca.server.WaitForLog([](const std::string& line) {
    return line.find("\"event\":\"purged\"") != std::string::npos;
  });
  ASSERT_TRUE(purged.has_value()) << "no purge was logged";
  EXPECT_GE(json::parse(*purged).at("records").to_number<std::int64_t>(), 1);
  ExpectError(sca.Answer(), 404, kUpdateNotFound);
  EXPECT_EQ(sca.server.Get("/obp/v5.0.0/users/current", sca.token).status, 200);
}

// `roster purge` does the same once, on a server that does not purge by itself, and says how
// many records went.
TEST(PurgeTest, ThePurgeCommandDeletesWhatExpiredBeforeTheRetentionTime) {
  ExpiredScaRequest sca({"--purge-interval-seconds", "0"});
  ASSERT_FALSE(sca.id.empty());

  // The default retention (a week) keeps the expired request: it still answers "expired".
  CommandResult kept = sca.server.RunCommand({"purge"});
  ASSERT_EQ(kept.exit_code, 0) << kept.out;
  EXPECT_EQ(json::parse(kept.out), (json::object{{"purged", 0}}));
  EXPECT_EQ(sca.Answer().status, 400);

  CommandResult purged = sca.server.RunCommand({"purge", "--purge-retention-seconds", "0"});
  ASSERT_EQ(purged.exit_code, 0) << purged.out;
  EXPECT_EQ(json::parse(purged.out), (json::object{{"purged", 1}}));
  ExpectError(sca.Answer(), 404, kUpdateNotFound);
  EXPECT_EQ(sca.server.Get("/obp/v5.0.0/users/current", sca.token).status, 200);
  EXPECT_TRUE(sca.server.LogEvents("purged").empty());
}

}  // namespace
}  // namespace roster::apitest
