// Apiture contact items (addresses, e-mail addresses, phone numbers) on the real server: the
// pending -> approved lifecycle, preferred and tax pointers, delete rules, P.O. box rules,
// ?replaceId=, validation errors, scopes, ETags, and the MFA two-try flow with the one-time code
// read from the e-mail the server sends (SMTP sink).
#include <gtest/gtest.h>

#include <algorithm>
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

constexpr const char* kSmsGateway = "sms.test";

SmtpSink& Sink() {
  static SmtpSink sink;
  return sink;
}

std::size_t MessagesTo(const std::string& address) { return testing::MessagesTo(Sink(), address); }
std::string CodeSentTo(const std::string& address, std::size_t index) {
  return testing::CodeSentTo(Sink(), address, index);
}

std::vector<std::string> MfaServeFlags(int ttl_seconds) {
  return {"--notifier", Sink().Url() + "?from=roster@example.com&sms_gateway=" + kSmsGateway,
          "--challenge-ttl-seconds", std::to_string(ttl_seconds)};
}

// The challenge embedded in a challengeErrorResponse.
const json::object& EmbeddedChallenge(const Reply& reply) {
  static const json::object kNone;
  const json::value* embedded = reply.Json().at("_error").as_object().if_contains("_embedded");
  if (embedded == nullptr || !embedded->as_object().contains("challenge")) {
    ADD_FAILURE() << "no embedded challenge: " << reply.body;
    return kNone;
  }
  return embedded->as_object().at("challenge").as_object();
}

json::object HomeAddress(std::string_view line1 = "555 N Front Street",
                         std::string_view type = "home") {
  return {{"type", type},         {"addressLine1", line1}, {"addressLine2", "Suite 5555"},
          {"city", "Wilmington"}, {"regionCode", "nc"},    {"postalCode", "28401-5405"},
          {"countryCode", "us"}};
}

class ApitureContactsTest : public SharedServerTest<ApitureContactsTest> {
 public:
  static ServerOptions Options() { return {MfaServeFlags(600)}; }

 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    user_ = server().CreateUser(UniqueName("contact"));
    token_ = ApitureToken(server(), user_.username);
    admin_ = AdminToken(server());
    base_ = "/users/users/" + user_.user_id;
  }

  Reply Send(const std::string& method, const std::string& path, const std::string& body = "",
             httplib::Headers headers = {}, const std::string& token = "") {
    return ApitureSend(server(), method, path, token.empty() ? token_ : token, body,
                       std::move(headers));
  }
  Reply Create(const std::string& collection, const json::object& body,
               const std::string& query = "", httplib::Headers headers = {}) {
    return Send("POST", base_ + "/" + collection + query, json::serialize(body),
                std::move(headers));
  }
  // Creates and approves an item; returns its _id.
  std::string Approved(const std::string& collection, const json::object& body) {
    Reply created = Create(collection, body);
    EXPECT_EQ(created.status, 201) << created.body;
    if (created.status != 201) return "";
    const std::string id = Str(created.Json(), "_id");
    Reply approved =
        Send("POST", base_ + "/" + collection + "/" + id + "/approval", "", {}, admin_);
    EXPECT_EQ(approved.status, 200) << approved.body;
    return id;
  }
  Reply Set(const std::string& pointer, const std::string& value, httplib::Headers headers = {},
            const std::string& token = "") {
    return Send("PUT", base_ + "/" + pointer + "?value=" + value, "", std::move(headers), token);
  }
  json::object User() {
    Reply reply = Send("GET", base_);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.status == 200 ? reply.Json().as_object() : json::object{};
  }
  // Completes the e-mail authenticator of the challenge embedded in `failed` with the code
  // mailed to `email`; returns the challenge id.
  std::string Complete(const Reply& failed, const std::string& email) {
    const json::object& challenge = EmbeddedChallenge(failed);
    if (challenge.empty()) return "";
    for (const json::value& authenticator : challenge.at("authenticators").as_array()) {
      if (Str(authenticator.at("type"), "name") != "email") continue;
      const std::size_t before = MessagesTo(email);
      Reply started = Send("POST", Href(authenticator, "apiture:start"));
      EXPECT_EQ(started.status, 200) << started.body;
      const std::string code = CodeSentTo(email, before);
      Reply verified = Send("POST", Href(started.Json(), "apiture:verify"),
                            json::serialize(json::object{{"attributes", {{"code", code}}}}));
      EXPECT_EQ(verified.status, 200) << verified.body;
      EXPECT_EQ(Str(verified.Json(), "state"), "verified") << verified.body;
      return Str(challenge, "_id");
    }
    ADD_FAILURE() << "no email authenticator: " << failed.body;
    return "";
  }

  CreatedUser user_;
  std::string token_;
  std::string admin_;
  std::string base_;
};

// --- lifecycle -----------------------------------------------------------------------------

TEST_F(ApitureContactsTest, AnAddressIsCreatedPendingThenApprovedAndBecomesPreferred) {
  Reply created = Create("addresses", HomeAddress());
  ASSERT_EQ(created.status, 201) << created.body;
  const json::value& item = created.Json();
  EXPECT_EQ(Str(item, "_id"), "ha1");
  EXPECT_EQ(Str(item, "state"), "pending");
  EXPECT_EQ(Str(item, "type"), "home");
  EXPECT_EQ(Str(item, "regionCode"), "NC");
  EXPECT_EQ(Str(item, "countryCode"), "US");
  EXPECT_EQ(Str(item, "_profile"),
            "https://production.api.apiture.com/schemas/users/userAddress/v1.2.2/profile.json");
  EXPECT_EQ(created.Header("Location"), base_ + "/addresses/ha1");
  EXPECT_FALSE(created.Header("ETag").empty());
  EXPECT_EQ(Href(item, "self"), base_ + "/addresses/ha1");
  EXPECT_TRUE(HasLink(item, "delete"));
  EXPECT_FALSE(HasLink(item, "apiture:setAsPreferred"));

  ExpectType(Set("preferredAddress", "ha1"), 409, "itemStillPending");

  Reply approved = Send("POST", base_ + "/addresses/ha1/approval", "", {}, admin_);
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(Str(approved.Json(), "state"), "approved");
  EXPECT_EQ(Href(approved.Json(), "apiture:setAsPreferred"), base_ + "/preferredAddress?value=ha1");
  EXPECT_EQ(Href(approved.Json(), "apiture:setAsTaxAddress"), base_ + "/taxAddress?value=ha1");
  // The first approved address of a user without a preferred one becomes preferred.
  EXPECT_EQ(Str(User(), "preferredMailingAddressId"), "ha1");

  Reply list = Send("GET", base_ + "/addresses");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Href(list.Json(), "self"), base_ + "/addresses");
  ASSERT_EQ(list.Json().at("items").as_array().size(), 1u);
  EXPECT_EQ(Str(list.Json().at("items").at(0), "state"), "approved");

  // Setting the current preferred address again is a no-op (no challenge needed).
  Reply again = Set("preferredAddress", "ha1");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Str(again.Json(), "preferredMailingAddressId"), "ha1");
}

TEST_F(ApitureContactsTest, ItemGetsAnswerNotModifiedForTheirETag) {
  ASSERT_EQ(Create("emailAddresses", {{"type", "work"}, {"value", "w@bank.test"}}).status, 201);
  Reply phone = Create("phoneNumbers", {{"type", "mobile"}, {"number", "+19105550155"}});
  ASSERT_EQ(phone.status, 201) << phone.body;
  ASSERT_EQ(Create("addresses", HomeAddress()).status, 201);
  for (const std::string path : {"/emailAddresses/we1", "/phoneNumbers/mp1", "/addresses/ha1"}) {
    Reply first = Send("GET", base_ + path);
    ASSERT_EQ(first.status, 200) << path << first.body;
    const std::string etag = first.Header("ETag");
    ASSERT_FALSE(etag.empty()) << path;
    Reply second = Send("GET", base_ + path, "", {{"If-None-Match", etag}});
    EXPECT_EQ(second.status, 304) << path;
    EXPECT_TRUE(second.body.empty());
  }
  // The create reply carries the same entity tag as the item's GET.
  EXPECT_EQ(phone.Header("ETag"), Send("GET", base_ + "/phoneNumbers/mp1").Header("ETag"));
  // A change (approval) changes the tag.
  const std::string old_tag = phone.Header("ETag");
  ASSERT_EQ(Send("POST", base_ + "/phoneNumbers/mp1/approval", "", {}, admin_).status, 200);
  EXPECT_EQ(Send("GET", base_ + "/phoneNumbers/mp1", "", {{"If-None-Match", old_tag}}).status, 200);
}

TEST_F(ApitureContactsTest, AnObpUsersEmailShowsAsTheApprovedPreferredItemE0) {
  Reply list = Send("GET", base_ + "/emailAddresses");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.Json().at("items").as_array().size(), 1u);
  const json::value& e0 = list.Json().at("items").at(0);
  EXPECT_EQ(Str(e0, "_id"), "e0");
  EXPECT_EQ(Str(e0, "value"), user_.email);
  EXPECT_EQ(Str(e0, "state"), "approved");
  EXPECT_EQ(Str(e0, "label"), "Personal");
  EXPECT_FALSE(HasLink(e0, "delete"));  // the preferred e-mail cannot be deleted

  Reply created = Create("emailAddresses", {{"value", "second@bank.test"}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(Str(created.Json(), "_id"), "pe1");
  EXPECT_EQ(Str(created.Json(), "type"), "personal");
  Reply both = Send("GET", base_ + "/emailAddresses");
  ASSERT_EQ(both.Json().at("items").as_array().size(), 2u);
  EXPECT_EQ(Send("GET", base_ + "/emailAddresses/nope").status, 404);
}

// --- MFA -----------------------------------------------------------------------------------

TEST_F(ApitureContactsTest, ChangingThePreferredEmailTakesTwoTriesAndChangesTheObpEmail) {
  const std::string new_email = UniqueName("new") + "@bank.test";
  const std::string id = Approved("emailAddresses", {{"type", "work"}, {"value", new_email}});
  ASSERT_EQ(id, "we1");

  const std::size_t mails_before = Sink().Messages().size();
  Reply first = Set("preferredEmailAddress", id);
  ExpectType(first, 409, "missingApitureChallengeHeader");
  EXPECT_EQ(Str(first.Json(), "_profile"),
            "https://production.api.apiture.com/schemas/auth/challengeErrorResponse/v1.2.1/"
            "profile.json");
  const json::object& challenge = EmbeddedChallenge(first);
  EXPECT_EQ(Str(challenge, "state"), "pending");
  EXPECT_EQ(challenge.at("redeemable"), json::value(false));
  EXPECT_EQ(Str(challenge, "userId"), user_.user_id);
  ASSERT_EQ(challenge.at("authenticators").as_array().size(), 1u);  // no preferred phone
  // Nothing is sent before an authenticator is started.
  EXPECT_EQ(Sink().Messages().size(), mails_before);

  const std::string challenge_id = Complete(first, user_.email);
  ASSERT_FALSE(challenge_id.empty());
  Reply second = Set("preferredEmailAddress", id, {{"Apiture-Challenge", challenge_id}});
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(Str(second.Json(), "preferredEmailAddressId"), "we1");
  EXPECT_FALSE(second.Header("ETag").empty());
  EXPECT_EQ(second.Header("ETag"), Send("GET", base_).Header("ETag"));

  // The OBP view of the same user has the new address.
  Reply obp = server().Get("/obp/v5.0.0/users/user_id/" + user_.user_id, server().SuperToken());
  ASSERT_EQ(obp.status, 200) << obp.body;
  EXPECT_EQ(Str(obp.Json(), "email"), new_email);

  // The challenge was redeemed once: it is used up.
  Reply read = Send("GET", "/auth/challenges/challenges/" + challenge_id);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(Str(read.Json(), "state"), "redeemed");
  EXPECT_EQ(read.Json().at("redemptionCount").to_number<int>(), 1);
  EXPECT_EQ(read.Json().at("redemptionHistory").as_array().size(), 1u);

  Reply reused = Set("preferredEmailAddress", "e0", {{"Apiture-Challenge", challenge_id}});
  ExpectType(reused, 409, "challengedAlreadyRedeemed");
  // A new challenge to complete instead.
  EXPECT_NE(Str(EmbeddedChallenge(reused), "_id"), challenge_id);
  EXPECT_EQ(Str(User(), "preferredEmailAddressId"), "we1");
}

TEST_F(ApitureContactsTest, AnUnverifiedChallengeIsRefusedAndNotConsumed) {
  const std::string id = Approved("emailAddresses", {{"value", "pending@bank.test"}});
  Reply first = Set("preferredEmailAddress", id);
  ExpectType(first, 409, "missingApitureChallengeHeader");
  const std::string challenge_id = Str(EmbeddedChallenge(first), "_id");

  Reply unverified = Set("preferredEmailAddress", id, {{"Apiture-Challenge", challenge_id}});
  ExpectType(unverified, 409, "challengedNotVerified");
  EXPECT_EQ(Str(EmbeddedChallenge(unverified), "_id"), challenge_id);

  // A failed change does not consume a verified challenge: the pending-item error comes first
  // and the challenge still works afterwards.
  ASSERT_EQ(Complete(first, user_.email), challenge_id);
  ASSERT_EQ(Create("emailAddresses", {{"value", "p2@bank.test"}}).status, 201);
  ExpectType(Set("preferredEmailAddress", "pe2", {{"Apiture-Challenge", challenge_id}}), 409,
             "itemStillPending");
  Reply ok = Set("preferredEmailAddress", id, {{"Apiture-Challenge", challenge_id}});
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_F(ApitureContactsTest, AnUnknownOrForeignChallengeIsUnprocessable) {
  const std::string email_id = Approved("emailAddresses", {{"value", "x@bank.test"}});
  const std::string phone_id =
      Approved("phoneNumbers", {{"type", "home"}, {"number", "+19105550100"}});
  // The first approved phone became preferred; a second one to switch to.
  const std::string other_phone =
      Approved("phoneNumbers", {{"type", "work"}, {"number", "+19105550101"}});

  ExpectType(Set("preferredEmailAddress", email_id,
                 {{"Apiture-Challenge", "00000000-0000-4000-8000-000000000000"}}),
             422, "noSuchChallenge");

  // A challenge issued for another operation does not match this one.
  Reply for_email = Set("preferredEmailAddress", email_id);
  ExpectType(for_email, 409, "missingApitureChallengeHeader");
  const std::string challenge_id = Complete(for_email, user_.email);
  ExpectType(Set("preferredPhoneNumber", other_phone, {{"Apiture-Challenge", challenge_id}}), 422,
             "noSuchChallenge");

  // Nor one of another user.
  CreatedUser other = server().CreateUser(UniqueName("contacto"));
  const std::string other_token = ApitureToken(server(), other.username);
  ASSERT_EQ(ApitureSend(server(), "POST", "/users/users/" + other.user_id + "/emailAddresses",
                        other_token, R"({"value":"o2@bank.test"})")
                .status,
            201);
  ASSERT_EQ(ApitureSend(server(), "POST",
                        "/users/users/" + other.user_id + "/emailAddresses/pe1/approval", admin_)
                .status,
            200);
  Reply stolen = ApitureSend(server(), "PUT",
                             "/users/users/" + other.user_id + "/preferredEmailAddress?value=pe1",
                             other_token, "", {{"Apiture-Challenge", challenge_id}});
  ExpectType(stolen, 422, "noSuchChallenge");

  // The challenge is still good for its own user and operation.
  EXPECT_EQ(Set("preferredEmailAddress", email_id, {{"Apiture-Challenge", challenge_id}}).status,
            200);
  EXPECT_EQ(Str(User(), "preferredPhoneId"), phone_id);
}

TEST_F(ApitureContactsTest, TheSmsAuthenticatorAppearsWithAnApprovedPreferredPhone) {
  const std::string phone =
      Approved("phoneNumbers", {{"type", "mobile"}, {"number", "+19105550155"}});
  ASSERT_EQ(Str(User(), "preferredPhoneId"), phone);
  const std::string other =
      Approved("phoneNumbers", {{"type", "home"}, {"number", "+19105550166"}});
  Reply first = Set("preferredPhoneNumber", other);
  ExpectType(first, 409, "missingApitureChallengeHeader");
  const json::array& authenticators = EmbeddedChallenge(first).at("authenticators").as_array();
  ASSERT_EQ(authenticators.size(), 2u);
  const json::value& sms = authenticators.at(1);
  EXPECT_EQ(Str(sms.at("type"), "name"), "sms");
  EXPECT_EQ(Str(sms, "maskedTarget"), "****0155");
  EXPECT_EQ(Str(authenticators.at(0), "maskedTarget"),
            user_.email.substr(0, 1) + "***@example.com");

  // The SMS code goes to the phone through the SMS gateway; verifying it completes the challenge.
  const std::string sms_address = "+19105550155@" + std::string(kSmsGateway);
  const std::size_t before = MessagesTo(sms_address);
  Reply started = Send("POST", Href(sms, "apiture:start"));
  ASSERT_EQ(started.status, 200) << started.body;
  const std::string code = CodeSentTo(sms_address, before);
  Reply verified = Send("POST", Href(started.Json(), "apiture:verify"),
                        json::serialize(json::object{{"attributes", {{"code", code}}}}));
  ASSERT_EQ(verified.status, 200) << verified.body;
  Reply second = Set("preferredPhoneNumber", other,
                     {{"Apiture-Challenge", Str(EmbeddedChallenge(first), "_id")}});
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(Str(second.Json(), "preferredPhoneId"), other);
}

TEST_F(ApitureContactsTest, AdministratorsAndServicesAreNotChallenged) {
  const std::string id = Approved("emailAddresses", {{"value", "admin-set@bank.test"}});
  Reply by_admin = Set("preferredEmailAddress", id, {}, admin_);
  ASSERT_EQ(by_admin.status, 200) << by_admin.body;
  EXPECT_EQ(Str(by_admin.Json(), "preferredEmailAddressId"), id);
}

// --- replaceId -----------------------------------------------------------------------------

TEST_F(ApitureContactsTest, ReplacingThePreferredPhoneNeedsAChallengeAndMovesThePointer) {
  const std::string old_id =
      Approved("phoneNumbers", {{"type", "mobile"}, {"number", "+19105550177"}});
  ASSERT_EQ(Str(User(), "preferredPhoneId"), old_id);
  const json::object body{{"type", "mobile"}, {"number", "+19105550188"}};

  Reply first = Create("phoneNumbers", body, "?replaceId=" + old_id);
  ExpectType(first, 409, "missingApitureChallengeHeader");
  EXPECT_EQ(Send("GET", base_ + "/phoneNumbers").Json().at("items").as_array().size(), 1u);
  // The code of a challenge goes to the e-mail address, and to the preferred phone by SMS only
  // when that authenticator is started.
  const std::string challenge_id = Complete(first, user_.email);
  Reply created =
      Create("phoneNumbers", body, "?replaceId=" + old_id, {{"Apiture-Challenge", challenge_id}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string new_id = Str(created.Json(), "_id");
  EXPECT_EQ(new_id, "mp2");
  EXPECT_EQ(Str(created.Json(), "replaceId"), old_id);
  EXPECT_EQ(Str(created.Json(), "state"), "pending");
  // Until approved, the old number stays preferred.
  EXPECT_EQ(Str(User(), "preferredPhoneId"), old_id);

  Reply approved = Send("POST", base_ + "/phoneNumbers/" + new_id + "/approval", "", {}, admin_);
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_FALSE(approved.Json().as_object().contains("replaceId"));
  EXPECT_EQ(Str(User(), "preferredPhoneId"), new_id);
  EXPECT_EQ(Send("GET", base_ + "/phoneNumbers/" + old_id).status, 404);
  EXPECT_EQ(Send("GET", base_ + "/phoneNumbers").Json().at("items").as_array().size(), 1u);
}

TEST_F(ApitureContactsTest, ReplacingTheSyntheticEmailOfAnObpUserMovesThePreferredEmail) {
  Reply first = Create("emailAddresses", {{"value", "replaced@bank.test"}}, "?replaceId=e0");
  ExpectType(first, 409, "missingApitureChallengeHeader");
  const std::string challenge_id = Complete(first, user_.email);
  Reply created = Create("emailAddresses", {{"value", "replaced@bank.test"}}, "?replaceId=e0",
                         {{"Apiture-Challenge", challenge_id}});
  ASSERT_EQ(created.status, 201) << created.body;
  ASSERT_EQ(Send("POST", base_ + "/emailAddresses/pe1/approval", "", {}, admin_).status, 200);
  Reply list = Send("GET", base_ + "/emailAddresses");
  ASSERT_EQ(list.Json().at("items").as_array().size(), 1u);
  EXPECT_EQ(Str(list.Json().at("items").at(0), "_id"), "pe1");
  EXPECT_EQ(Str(User(), "preferredEmailAddressId"), "pe1");
  Reply obp = server().Get("/obp/v5.0.0/users/user_id/" + user_.user_id, server().SuperToken());
  EXPECT_EQ(Str(obp.Json(), "email"), "replaced@bank.test");
}

TEST_F(ApitureContactsTest, ReplaceIdNamingNothingOrAPlainItemNeedsNoChallenge) {
  Reply added = Create("addresses", HomeAddress(), "?replaceId=zz9");
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_FALSE(added.Json().as_object().contains("replaceId"));
  ASSERT_EQ(Send("POST", base_ + "/addresses/ha1/approval", "", {}, admin_).status, 200);
  ASSERT_EQ(Str(User(), "preferredMailingAddressId"), "ha1");

  const std::string plain = Approved("addresses", HomeAddress("12 Other Road", "work"));
  Reply replacing =
      Create("addresses", HomeAddress("14 Other Road", "work"), "?replaceId=" + plain);
  ASSERT_EQ(replacing.status, 201) << replacing.body;
  const std::string id = Str(replacing.Json(), "_id");
  EXPECT_EQ(id, "wa2");
  ASSERT_EQ(Send("POST", base_ + "/addresses/" + id + "/approval", "", {}, admin_).status, 200);
  EXPECT_EQ(Send("GET", base_ + "/addresses/" + plain).status, 404);
  EXPECT_EQ(Send("GET", base_ + "/addresses/" + id).status, 200);
  EXPECT_EQ(Str(User(), "preferredMailingAddressId"), "ha1");

  ExpectType(Create("addresses", HomeAddress(), "?replaceId=bad!id"), 400, "invalidParameter");
}

// --- delete rules --------------------------------------------------------------------------

TEST_F(ApitureContactsTest, DeleteRulesForPreferredAndTaxItems) {
  ExpectType(Send("DELETE", base_ + "/emailAddresses/e0"), 409, "cannotDeletePreferredItem");
  const std::string phone =
      Approved("phoneNumbers", {{"type", "mobile"}, {"number", "+19105550199"}});
  ExpectType(Send("DELETE", base_ + "/phoneNumbers/" + phone), 409, "cannotDeletePreferredItem");

  const std::string home = Approved("addresses", HomeAddress());
  const std::string work = Approved("addresses", HomeAddress("9 Work Street", "work"));
  ASSERT_EQ(Str(User(), "preferredMailingAddressId"), home);
  // The administrator sets the tax address (no challenge) to the work address.
  ASSERT_EQ(Set("taxAddress", work, {}, admin_).status, 200);
  Reply tax_item = Send("GET", base_ + "/addresses/" + work);
  EXPECT_FALSE(HasLink(tax_item.Json(), "delete"));
  ExpectType(Send("DELETE", base_ + "/addresses/" + work), 409, "cannotDeleteTaxAddress");

  // Deleting the preferred mailing address makes the tax address preferred.
  Reply deleted = Send("DELETE", base_ + "/addresses/" + home);
  EXPECT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_TRUE(deleted.body.empty());
  json::object user = User();
  EXPECT_EQ(Str(user, "preferredMailingAddressId"), work);
  EXPECT_EQ(Str(user, "taxAddressId"), work);

  // A pending item may be deleted; an unknown one is 404.
  ASSERT_EQ(Create("emailAddresses", {{"value", "gone@bank.test"}}).status, 201);
  EXPECT_EQ(Send("DELETE", base_ + "/emailAddresses/pe1").status, 204);
  EXPECT_EQ(Send("DELETE", base_ + "/emailAddresses/pe1").status, 404);
}

// --- P.O. boxes ----------------------------------------------------------------------------

TEST_F(ApitureContactsTest, PostOfficeBoxRules) {
  ExpectType(Create("addresses", HomeAddress("PO Box 1234")), 409,
             "residentialAddressMayNotBePoBox");
  ExpectType(Create("addresses", HomeAddress("P.O. Box 77", "residential")), 409,
             "residentialAddressMayNotBePoBox");

  const std::string box = Approved("addresses", HomeAddress("P.O. Box 1234", "poBox"));
  Reply item = Send("GET", base_ + "/addresses/" + box);
  EXPECT_TRUE(HasLink(item.Json(), "apiture:setAsPreferred"));
  EXPECT_FALSE(HasLink(item.Json(), "apiture:setAsTaxAddress"));
  ExpectType(Set("taxAddress", box), 409, "postOfficeBoxNotAllowedForTaxAddress");
  const std::string mailing = Approved("addresses", HomeAddress("Post Office Box 5", "mailing"));
  ExpectType(Set("taxAddress", mailing, {}, admin_), 409, "postOfficeBoxNotAllowedForTaxAddress");

  const std::string home = Approved("addresses", HomeAddress());
  ASSERT_EQ(Set("taxAddress", home, {}, admin_).status, 200);
  ExpectType(Create("addresses", HomeAddress("PO Box 9", "mailing"), "?replaceId=" + home), 409,
             "cannotReplaceTaxAddressWithPoBox");
}

// --- validation ----------------------------------------------------------------------------

TEST_F(ApitureContactsTest, InvalidTypesListTheValidOnes) {
  Reply address = Create("addresses", HomeAddress("1 Main Street", "castle"));
  ExpectType(address, 400, "invalidAddressType");
  const json::array& valid =
      address.Json().at("_error").at("attributes").at("validTypes").as_array();
  EXPECT_NE(std::find(valid.begin(), valid.end(), json::value("residential")), valid.end());
  EXPECT_NE(std::find(valid.begin(), valid.end(), json::value("notApplicable")), valid.end());

  Reply phone = Create("phoneNumbers", {{"type", "pager"}, {"number", "+19105550155"}});
  ExpectType(phone, 400, "invalidPhoneType");
  EXPECT_EQ(phone.Json().at("_error").at("attributes").at("validTypes"),
            json::parse(R"(["home","mobile","work","fax","school","other"])"));

  ExpectType(Create("emailAddresses", {{"value", "not-an-address"}}), 400, "malformedRequestBody");
  ExpectType(Create("phoneNumbers", {{"type", "home"}, {"number", "555-0155"}}), 400,
             "malformedRequestBody");
  json::object no_city = HomeAddress();
  no_city.erase("city");
  ExpectType(Create("addresses", no_city), 400, "malformedRequestBody");
  json::object bad_zip = HomeAddress();
  bad_zip["postalCode"] = "284";
  ExpectType(Create("addresses", bad_zip), 400, "malformedRequestBody");
  ExpectType(Create("emailAddresses", {{"_id", "much-too-long"}, {"value", "a@bank.test"}}), 400,
             "malformedRequestBody");
  ExpectType(Send("POST", base_ + "/emailAddresses", "{not json"), 400, "malformedRequestBody");

  // A client-chosen id is kept; a taken one is a conflict.
  Reply chosen = Create("emailAddresses", {{"_id", "mine"}, {"value", "a@bank.test"}});
  ASSERT_EQ(chosen.status, 201) << chosen.body;
  EXPECT_EQ(Str(chosen.Json(), "_id"), "mine");
  EXPECT_EQ(Create("emailAddresses", {{"_id", "mine"}, {"value", "b@bank.test"}}).status, 409);

  // Nothing was stored by the refused requests.
  EXPECT_EQ(Send("GET", base_ + "/addresses").Json().at("items").as_array().size(), 0u);
  EXPECT_EQ(Send("GET", base_ + "/phoneNumbers").Json().at("items").as_array().size(), 0u);
}

TEST_F(ApitureContactsTest, SetRequiresAnExistingApprovedValue) {
  ExpectType(Set("preferredEmailAddress", "nope1"), 422, "noSuchProfileValue");
  ExpectType(Set("taxAddress", "ha9"), 422, "noSuchProfileValue");
  ExpectType(Set("preferredPhoneNumber", "bad*id"), 400, "invalidParameter");
  ExpectType(Send("PUT", base_ + "/preferredAddress"), 400, "invalidParameter");
}

// --- access --------------------------------------------------------------------------------

TEST_F(ApitureContactsTest, ScopesAndOwnershipAreEnforced) {
  const std::string read_only = ApitureToken(server(), user_.username, kPassword, "profiles/read");
  ExpectType(Send("GET", base_ + "/emailAddresses", "", {}, read_only), 403, "insufficientScope");
  ExpectType(Send("POST", base_ + "/emailAddresses", R"({"value":"s@bank.test"})", {}, read_only),
             403, "insufficientScope");
  ExpectType(Send("DELETE", base_ + "/emailAddresses/e0", "", {}, read_only), 403,
             "insufficientScope");

  CreatedUser other = server().CreateUser(UniqueName("contacte"));
  const std::string other_token = ApitureToken(server(), other.username);
  ExpectType(Send("GET", base_ + "/addresses", "", {}, other_token), 403, "accessDenied");
  ExpectType(Send("POST", base_ + "/addresses", json::serialize(HomeAddress()), {}, other_token),
             403, "accessDenied");

  // Only administrators approve.
  ASSERT_EQ(Create("addresses", HomeAddress()).status, 201);
  ExpectType(Send("POST", base_ + "/addresses/ha1/approval"), 403, "accessDenied");
  EXPECT_EQ(Send("POST", base_ + "/addresses/zz1/approval", "", {}, admin_).status, 404);
  EXPECT_EQ(Send("GET", base_ + "/addresses").status, 200);
  EXPECT_EQ(ApitureSend(server(), "GET", base_ + "/addresses", "").status, 401);

  // An unknown user.
  EXPECT_EQ(Send("GET", "/users/users/no-such-user/addresses", "", {}, admin_).status, 404);
}

// --- expiry (its own server with one-second challenges) ------------------------------------

TEST(ApitureContactsExpiryTest, AnExpiredChallengeIsReplacedByANewOne) {
  RosterServer server(MfaServeFlags(1));
  CreatedUser user = server.CreateUser(UniqueName("contactx"));
  const std::string token = ApitureToken(server, user.username);
  const std::string base = "/users/users/" + user.user_id;
  ASSERT_EQ(ApitureSend(server, "POST", base + "/emailAddresses", token, R"({"value":"x@b.test"})")
                .status,
            201);
  ASSERT_EQ(
      ApitureSend(server, "POST", base + "/emailAddresses/pe1/approval", AdminToken(server)).status,
      200);
  Reply first = ApitureSend(server, "PUT", base + "/preferredEmailAddress?value=pe1", token);
  ExpectType(first, 409, "missingApitureChallengeHeader");
  const std::string old_id = Str(EmbeddedChallenge(first), "_id");

  // The clock has second precision: after two seconds a one-second challenge is surely expired.
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  Reply expired = ApitureSend(server, "PUT", base + "/preferredEmailAddress?value=pe1", token, "",
                              {{"Apiture-Challenge", old_id}});
  ExpectType(expired, 409, "challengedExpired");
  const json::object& fresh = EmbeddedChallenge(expired);
  EXPECT_NE(Str(fresh, "_id"), old_id);
  EXPECT_EQ(Str(fresh, "state"), "pending");

  Reply old = ApitureSend(server, "GET", "/auth/challenges/challenges/" + old_id, token);
  ASSERT_EQ(old.status, 200) << old.body;
  EXPECT_EQ(Str(old.Json(), "state"), "expired");
  EXPECT_EQ(Str(old.Json().at("authenticators").at(0), "state"), "expired");
  EXPECT_FALSE(HasLink(old.Json().at("authenticators").at(0), "apiture:start"));
  const std::string start = "/auth/challenges/challenges/" + old_id + "/authenticators/" +
                            Str(old.Json().at("authenticators").at(0), "_id") + "/started";
  ExpectType(ApitureSend(server, "POST", start, token), 409, "challengedExpired");
}

}  // namespace
}  // namespace roster::apitest
