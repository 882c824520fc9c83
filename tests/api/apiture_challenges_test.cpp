// The MFA challenge resources under /auth/challenges on the real server: reading a challenge and
// its authenticators, start / verify / retry through the links, wrong codes, exhausted
// retries, who may see a challenge, and the states the representation derives.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "api/apiture_fixture.h"
#include "api/smtp_sink.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;
using roster::testing::SmtpSink;

SmtpSink& Sink() {
  static SmtpSink sink;
  return sink;
}

std::size_t MessagesTo(const std::string& address) { return testing::MessagesTo(Sink(), address); }
std::string CodeSentTo(const std::string& address, std::size_t index) {
  return testing::CodeSentTo(Sink(), address, index);
}

std::string CodeBody(const std::string& code) {
  return json::serialize(json::object{{"attributes", {{"code", code}}}});
}

class ApitureChallengesTest : public SharedServerTest<ApitureChallengesTest> {
 public:
  static ServerOptions Options() {
    return {{"--notifier", Sink().Url() + "?from=roster@example.com&sms_gateway=sms.test"}};
  }

 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    user_ = server().CreateUser(UniqueName("chal"));
    token_ = ApitureToken(server(), user_.username);
    base_ = "/users/users/" + user_.user_id;
    // An approved second e-mail address, so that switching to it needs a challenge.
    ASSERT_EQ(Send("POST", base_ + "/emailAddresses", R"({"value":"second@bank.test"})").status,
              201);
    ASSERT_EQ(Send("POST", base_ + "/emailAddresses/pe1/approval", "", AdminToken(server())).status,
              200);
    Reply failed = Send("PUT", base_ + "/preferredEmailAddress?value=pe1");
    ASSERT_EQ(failed.status, 409) << failed.body;
    challenge_id_ = Str(failed.Json().at("_error").at("_embedded").at("challenge"), "_id");
    ASSERT_FALSE(challenge_id_.empty());
  }

  Reply Send(const std::string& method, const std::string& path, const std::string& body = "",
             const std::string& token = "") {
    return ApitureSend(server(), method, path, token.empty() ? token_ : token, body);
  }
  Reply Challenge(const std::string& token = "") {
    return Send("GET", "/auth/challenges/challenges/" + challenge_id_, "", token);
  }
  json::value Authenticator() {
    Reply reply = Challenge();
    EXPECT_EQ(reply.status, 200) << reply.body;
    if (reply.status != 200) return json::object{};
    return reply.Json().at("authenticators").at(0);
  }

  CreatedUser user_;
  std::string token_;
  std::string base_;
  std::string challenge_id_;
};

TEST_F(ApitureChallengesTest, AChallengeFollowsTheChallengeSchema) {
  Reply reply = Challenge();
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json::object& c = reply.Json().as_object();
  EXPECT_EQ(Str(c, "_profile"),
            "https://production.api.apiture.com/schemas/auth/challenge/v1.2.1/profile.json");
  EXPECT_EQ(Href(c, "self"), "/auth/challenges/challenges/" + challenge_id_);
  EXPECT_EQ(Str(c, "_id"), challenge_id_);
  EXPECT_EQ(Str(c, "userId"), user_.user_id);
  EXPECT_EQ(Str(c, "context"), "setPreferredEmailAddress");
  EXPECT_EQ(Str(c, "contextUri"), base_);
  EXPECT_FALSE(Str(c, "reason").empty());
  EXPECT_EQ(c.at("minimumAuthenticatorCount").to_number<int>(), 1);
  EXPECT_EQ(c.at("maximumRedemptionCount").to_number<int>(), 1);
  EXPECT_EQ(c.at("redemptionCount").to_number<int>(), 0);
  EXPECT_EQ(Str(c, "state"), "pending");
  EXPECT_EQ(c.at("redeemable"), json::value(false));
  EXPECT_FALSE(Str(c, "createdAt").empty());
  EXPECT_FALSE(Str(c, "expiresAt").empty());

  const json::value& a = c.at("authenticators").at(0);
  EXPECT_EQ(Str(a, "_profile"),
            "https://production.api.apiture.com/schemas/auth/authenticator/v1.2.1/profile.json");
  EXPECT_EQ(Str(a, "state"), "pending");
  EXPECT_EQ(Str(a.at("type"), "name"), "email");
  EXPECT_EQ(Str(a.at("type"), "category"), "device");
  EXPECT_EQ(a.at("maximumRetries").to_number<int>(), 3);
  EXPECT_EQ(a.at("retryCount").to_number<int>(), 0);
  EXPECT_EQ(Href(a, "apiture:challenge"), "/auth/challenges/challenges/" + challenge_id_);
  EXPECT_TRUE(HasLink(a, "apiture:start"));
  EXPECT_FALSE(HasLink(a, "apiture:verify"));
  EXPECT_FALSE(HasLink(a, "apiture:retry"));

  Reply single = Send("GET", Href(a, "self"));
  ASSERT_EQ(single.status, 200) << single.body;
  EXPECT_EQ(Str(single.Json(), "_id"), Str(a, "_id"));
  EXPECT_EQ(
      Send("GET", "/auth/challenges/challenges/" + challenge_id_ + "/authenticators/nope").status,
      404);
}

TEST_F(ApitureChallengesTest, StartVerifyAndRedeem) {
  const json::value a = Authenticator();
  const std::size_t before = MessagesTo(user_.email);
  Reply started = Send("POST", Href(a, "apiture:start"));
  ASSERT_EQ(started.status, 200) << started.body;
  EXPECT_EQ(Str(started.Json(), "state"), "started");
  EXPECT_FALSE(HasLink(started.Json(), "apiture:start"));
  EXPECT_TRUE(HasLink(started.Json(), "apiture:verify"));
  EXPECT_TRUE(HasLink(started.Json(), "apiture:retry"));
  EXPECT_EQ(Str(Challenge().Json(), "state"), "started");
  const std::string code = CodeSentTo(user_.email, before);
  ASSERT_EQ(code.size(), 6u);
  // The code itself never appears in a representation.
  EXPECT_EQ(Challenge().body.find(code), std::string::npos);

  // Starting twice is refused (use retry for a new code).
  ExpectType(Send("POST", Href(a, "apiture:start")), 409, "invalidAuthenticatorState");

  Reply verified = Send("POST", Href(started.Json(), "apiture:verify"), CodeBody(code));
  ASSERT_EQ(verified.status, 200) << verified.body;
  EXPECT_EQ(Str(verified.Json(), "state"), "verified");
  EXPECT_FALSE(Str(verified.Json(), "verifiedAt").empty());
  EXPECT_FALSE(HasLink(verified.Json(), "apiture:verify"));
  Reply challenge = Challenge();
  EXPECT_EQ(Str(challenge.Json(), "state"), "verified");
  EXPECT_EQ(challenge.Json().at("redeemable"), json::value(true));

  Reply redeemed = ApitureSend(server(), "PUT", base_ + "/preferredEmailAddress?value=pe1", token_,
                               "", {{"Apiture-Challenge", challenge_id_}});
  ASSERT_EQ(redeemed.status, 200) << redeemed.body;
  challenge = Challenge();
  EXPECT_EQ(Str(challenge.Json(), "state"), "redeemed");
  EXPECT_EQ(challenge.Json().at("redeemable"), json::value(false));
  // A redeemed challenge's authenticators cannot be driven any more.
  ExpectType(Send("POST", Href(a, "self") + "/retried"), 409, "invalidAuthenticatorState");
}

TEST_F(ApitureChallengesTest, AWrongCodeFailsAndRetriesAreLimited) {
  const json::value a = Authenticator();
  const std::string self = Href(a, "self");
  std::size_t sent = MessagesTo(user_.email);
  ExpectType(Send("POST", self + "/verified", CodeBody("000000")), 409,
             "invalidAuthenticatorState");  // not started yet
  ASSERT_EQ(Send("POST", Href(a, "apiture:start")).status, 200);
  std::string code = CodeSentTo(user_.email, sent++);
  const std::string wrong = code == "123456" ? "654321" : "123456";

  for (int retry = 1; retry <= 3; ++retry) {
    Reply failed = Send("POST", self + "/verified", CodeBody(wrong));
    ASSERT_EQ(failed.status, 200) << failed.body;
    EXPECT_EQ(Str(failed.Json(), "state"), "failed");
    EXPECT_FALSE(Str(failed.Json(), "failedAt").empty());
    ASSERT_TRUE(HasLink(failed.Json(), "apiture:retry")) << retry;
    Reply retried = Send("POST", Href(failed.Json(), "apiture:retry"));
    ASSERT_EQ(retried.status, 200) << retried.body;
    EXPECT_EQ(Str(retried.Json(), "state"), "started");
    EXPECT_EQ(retried.Json().at("retryCount").to_number<int>(), retry);
    // Each retry sends a new code; the old one no longer works.
    code = CodeSentTo(user_.email, sent++);
  }
  Reply last = Send("POST", self + "/verified", CodeBody(wrong));
  ASSERT_EQ(last.status, 200) << last.body;
  EXPECT_EQ(Str(last.Json(), "state"), "failed");
  EXPECT_FALSE(HasLink(last.Json(), "apiture:retry"));
  ExpectType(Send("POST", self + "/retried"), 409, "invalidAuthenticatorState");
  ExpectType(Send("POST", self + "/verified", CodeBody(code)), 409, "invalidAuthenticatorState");
  Reply challenge = Challenge();
  EXPECT_EQ(Str(challenge.Json(), "state"), "failed");
  EXPECT_FALSE(Str(challenge.Json(), "failedAt").empty());
  ExpectType(ApitureSend(server(), "PUT", base_ + "/preferredEmailAddress?value=pe1", token_, "",
                         {{"Apiture-Challenge", challenge_id_}}),
             409, "challengedNotVerified");
}

TEST_F(ApitureChallengesTest, TheRightCodeAfterARetryVerifies) {
  const json::value a = Authenticator();
  std::size_t sent = MessagesTo(user_.email);
  ASSERT_EQ(Send("POST", Href(a, "apiture:start")).status, 200);
  const std::string first = CodeSentTo(user_.email, sent++);
  Reply retried = Send("POST", Href(a, "self") + "/retried");
  ASSERT_EQ(retried.status, 200) << retried.body;
  const std::string second = CodeSentTo(user_.email, sent++);
  if (first != second) {
    Reply stale = Send("POST", Href(a, "self") + "/verified", CodeBody(first));
    EXPECT_EQ(Str(stale.Json(), "state"), "failed");
    ASSERT_EQ(Send("POST", Href(a, "self") + "/retried").status, 200);
    const std::string third = CodeSentTo(user_.email, sent++);
    Reply ok = Send("POST", Href(a, "self") + "/verified", CodeBody(third));
    EXPECT_EQ(Str(ok.Json(), "state"), "verified") << ok.body;
  } else {
    Reply ok = Send("POST", Href(a, "self") + "/verified", CodeBody(second));
    EXPECT_EQ(Str(ok.Json(), "state"), "verified") << ok.body;
  }
}

TEST_F(ApitureChallengesTest, BadVerifyBodiesAreRejected) {
  const json::value a = Authenticator();
  ASSERT_EQ(Send("POST", Href(a, "apiture:start")).status, 200);
  const std::string verify = Href(a, "self") + "/verified";
  ExpectType(Send("POST", verify, "{}"), 400, "malformedRequestBody");
  ExpectType(Send("POST", verify, R"({"attributes":{"code":12}})"), 400, "malformedRequestBody");
  ExpectType(Send("POST", verify, R"({"attributes":{"code":"1"}})"), 400, "malformedRequestBody");
  ExpectType(Send("POST", verify, "[1"), 400, "malformedRequestBody");
  // None of these counted as an attempt.
  EXPECT_EQ(Str(Authenticator(), "state"), "started");
}

TEST_F(ApitureChallengesTest, OnlyTheOwnerOrAnAdministratorSeesAChallenge) {
  CreatedUser other = server().CreateUser(UniqueName("chalo"));
  const std::string other_token = ApitureToken(server(), other.username);
  ExpectType(Challenge(other_token), 422, "noSuchChallenge");
  const std::string start = Href(Authenticator(), "apiture:start");
  ExpectType(Send("POST", start, "", other_token), 422, "noSuchChallenge");
  EXPECT_EQ(Challenge(AdminToken(server())).status, 200);
  ExpectType(Send("GET", "/auth/challenges/challenges/no-such-challenge"), 422, "noSuchChallenge");
  const std::string read_only = ApitureToken(server(), user_.username, kPassword, "profiles/read");
  EXPECT_EQ(Challenge(read_only).status, 200);
  ExpectType(Send("POST", start, "", read_only), 403, "insufficientScope");
  EXPECT_EQ(ApitureSend(server(), "GET", "/auth/challenges/challenges/" + challenge_id_, "").status,
            401);
}

}  // namespace
}  // namespace roster::apitest
