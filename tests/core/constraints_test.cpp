#include "core/constraints.h"

#include <gtest/gtest.h>

namespace roster::core {
namespace {

namespace json = boost::json;

json::object Parse(std::string_view text) { return json::parse(text).as_object(); }

TEST(ConstraintsTest, MoneyAmounts) {
  for (std::string_view good : {"0.00", "1.50", "20000.00", "999999999999999.99"}) {
    EXPECT_TRUE(IsMoneyAmount(good)) << good;
  }
  for (std::string_view bad : {"", "0", "01.00", "1.5", "1.500", ".50", "1,00.00", "-1.00",
                               "1e3.00", "1.0a", "1000000000000000.00", " 1.00"}) {
    EXPECT_FALSE(IsMoneyAmount(bad)) << bad;
  }
}

TEST(ConstraintsTest, DefaultsAreTheDocumentedOnes) {
  json::object defaults = DefaultConstraints();
  EXPECT_EQ(defaults.at("checkDeposits").at("monthlyTotalAmountLimit"), "50000.00");
  EXPECT_EQ(defaults.at("checkDeposits").at("monthlyTotalChecksLimit"), 1000);
  EXPECT_EQ(defaults.at("checkDeposits").at("segmentationTier"), "low");
  EXPECT_EQ(defaults.at("transfers").as_object().size(), 4u);
  EXPECT_EQ(EffectiveConstraints({}), defaults);
}

TEST(ConstraintsTest, ParseAcceptsTheSourceExample) {
  auto parsed = ParseConstraints(Parse(R"({
    "_profile": "https://production.api.apiture.com/schemas/users/constraints/v1.2.0/profile.json",
    "_links": {"self": {"href": "/users/users/x/constraints"}},
    "transfers": {"singleCreditLimit": "20000.00", "singleDebitLimit": "20000.00",
                  "dailyCreditLimit": "500000.00", "dailyDebitLimit": "500000.00"},
    "checkDeposits": {"enabled": true, "monthlyTotalAmountLimit": "30000.00",
                      "monthlyTotalChecksLimit": 200, "segmentationTier": "low"},
    "_error": {}})"),
                                 false);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_FALSE(parsed->contains("_profile"));
  EXPECT_EQ(EffectiveConstraints(*parsed).at("checkDeposits").at("monthlyTotalChecksLimit"), 200);
}

TEST(ConstraintsTest, ParseNamesTheBadField) {
  struct Case {
    std::string_view body;
    std::string_view field;
  };
  for (const Case& c : {
           Case{R"({"transfers": {"singleCreditLimit": "20000"}})", "transfers.singleCreditLimit"},
           Case{R"({"transfers": {"singleCreditLimit": 20000.00}})", "transfers.singleCreditLimit"},
           Case{R"({"transfers": {"weeklyLimit": "1.00"}})", "transfers.weeklyLimit"},
           Case{R"({"transfers": "none"})", "transfers"},
           Case{R"({"loans": {}})", "loans"},
           Case{R"({"checkDeposits": {"enabled": "yes"}})", "checkDeposits.enabled"},
           Case{R"({"checkDeposits": {"monthlyTotalChecksLimit": -1}})",
                "checkDeposits.monthlyTotalChecksLimit"},
           Case{R"({"checkDeposits": {"monthlyTotalChecksLimit": 1.5}})",
                "checkDeposits.monthlyTotalChecksLimit"},
           Case{R"({"checkDeposits": {"segmentationTier": "extreme"}})",
                "checkDeposits.segmentationTier"},
           // null resets a field only in a PATCH.
           Case{R"({"checkDeposits": {"enabled": null}})", "checkDeposits.enabled"},
       }) {
    auto parsed = ParseConstraints(Parse(c.body), false);
    ASSERT_FALSE(parsed.has_value()) << c.body;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(parsed.error().detail, c.field) << c.body;
  }
}

TEST(ConstraintsTest, PatchMergesAndNullResets) {
  json::object stored = *ParseConstraints(
      Parse(R"({"transfers": {"singleCreditLimit": "10.00", "dailyCreditLimit": "20.00"},
                "checkDeposits": {"enabled": false}})"),
      false);
  auto patch = ParseConstraints(
      Parse(R"({"transfers": {"singleCreditLimit": null, "singleDebitLimit": "5.00"},
                "checkDeposits": null})"),
      true);
  ASSERT_TRUE(patch.has_value());
  json::object merged = MergeConstraints(stored, *patch);
  EXPECT_EQ(merged, Parse(R"({"transfers": {"dailyCreditLimit": "20.00",
                                            "singleDebitLimit": "5.00"}})"));
  json::object effective = EffectiveConstraints(merged);
  EXPECT_EQ(effective.at("transfers").at("singleCreditLimit"), "20000.00");
  EXPECT_EQ(effective.at("transfers").at("singleDebitLimit"), "5.00");
  EXPECT_EQ(effective.at("checkDeposits").at("enabled"), true);
}

}  // namespace
}  // namespace roster::core
