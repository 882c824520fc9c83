#include "core/labels.h"

#include <gtest/gtest.h>

#include <set>

namespace roster::core {
namespace {

const Label& LabelOf(std::string_view group, std::string_view key) {
  const LabelGroup* found = FindLabelGroup(group);
  EXPECT_NE(found, nullptr) << group;
  for (const Label& label : found->labels) {
    if (label.key == key) return label;
  }
  ADD_FAILURE() << group << "." << key;
  return found->labels.front();
}

TEST(LabelsTest, DocumentedGroupsExist) {
  for (std::string_view name : {"addressType", "phoneType", "emailType", "occupation", "userState",
                                "checkDepositSegmentationTier", "authenticatorCategory",
                                "authenticatorState", "challengeState"}) {
    EXPECT_NE(FindLabelGroup(name), nullptr) << name;
  }
  EXPECT_EQ(FindLabelGroup("firstGroup"), nullptr);
}

TEST(LabelsTest, EnumerationsOfTheSourceAreComplete) {
  for (std::string_view key :
       {"unknown", "home", "prior", "work", "school", "mailing", "vacation", "shipping", "billing",
        "headquarters", "commercial", "site", "property", "other", "notApplicable"}) {
    EXPECT_TRUE(IsLabelKey("addressType", key)) << key;
  }
  for (std::string_view key : {"pending", "started", "verified", "failed", "redeemed", "expired"}) {
    EXPECT_TRUE(IsLabelKey("challengeState", key)) << key;
  }
  EXPECT_FALSE(IsLabelKey("authenticatorState", "redeemed"));
  for (std::string_view key : {"knowledge", "biometric", "device"}) {
    EXPECT_TRUE(IsLabelKey("authenticatorCategory", key)) << key;
  }
  EXPECT_TRUE(IsLabelKey("checkDepositSegmentationTier", "low"));
  EXPECT_TRUE(IsLabelKey("occupation", "officeAndAdministrativeSupport"));
  EXPECT_TRUE(IsLabelKey("occupation", "transportationAndMaterialMoving"));
  EXPECT_FALSE(IsLabelKey("checkDepositSegmentationTier", "extreme"));
  EXPECT_FALSE(IsLabelKey("noSuchGroup", "low"));
}

TEST(LabelsTest, KeysAndCodesAreUniqueWithinAGroup) {
  std::set<std::string_view> names;
  for (const LabelGroup& group : LabelGroups()) {
    EXPECT_TRUE(names.insert(group.name).second) << group.name;
    std::set<std::string_view> keys, codes;
    for (const Label& label : group.labels) {
      EXPECT_TRUE(keys.insert(label.key).second) << group.name << "." << label.key;
      EXPECT_TRUE(codes.insert(label.code).second) << group.name << "." << label.code;
      EXPECT_FALSE(label.label.empty());
    }
  }
  // "unknown" entries are hidden, as in the source's example.
  EXPECT_TRUE(LabelOf("addressType", "unknown").hidden);
  EXPECT_FALSE(LabelOf("addressType", "home").hidden);
  EXPECT_EQ(LabelOf("addressType", "other").code, "254");
}

TEST(LabelsTest, PreferredLanguagesOrdersByWeight) {
  EXPECT_EQ(PreferredLanguages("fr;q=0.5, es-MX, en;q=0.8"),
            (std::vector<std::string>{"es-mx", "en", "fr"}));
  EXPECT_EQ(PreferredLanguages("da, en-gb;q=0.8, en;q=0.7"),
            (std::vector<std::string>{"da", "en-gb", "en"}));
  // q=0 means "not acceptable"; "*" and malformed entries are skipped.
  EXPECT_EQ(PreferredLanguages("es;q=0, *, fr;q=2, de;q=abc, it"),
            (std::vector<std::string>{"it"}));
  EXPECT_TRUE(PreferredLanguages("").empty());
  EXPECT_TRUE(PreferredLanguages(" , ;q=1").empty());
}

TEST(LabelsTest, ChoosesTheBestLanguageWithEnUsFallback) {
  const Label& home = LabelOf("addressType", "home");
  EXPECT_EQ(ChooseLanguage(home, PreferredLanguages("es")), "es");
  EXPECT_EQ(LabelIn(home, "es"), "Casa");
  // A regional tag matches the language.
  EXPECT_EQ(ChooseLanguage(home, PreferredLanguages("es-MX")), "es");
  EXPECT_EQ(ChooseLanguage(home, PreferredLanguages("de, fr;q=0.9, es;q=0.8")), "fr");
  // English (any region) is the default language; unknown languages fall back to it.
  EXPECT_EQ(ChooseLanguage(home, PreferredLanguages("en-GB, es;q=0.5")), kDefaultLanguage);
  EXPECT_EQ(ChooseLanguage(home, PreferredLanguages("de")), kDefaultLanguage);
  EXPECT_EQ(ChooseLanguage(home, {}), kDefaultLanguage);
  EXPECT_EQ(LabelIn(home, kDefaultLanguage), "Home");
  // A label without a French variant falls through to the next preference.
  const Label& prior = LabelOf("addressType", "prior");
  EXPECT_EQ(ChooseLanguage(prior, PreferredLanguages("fr, es;q=0.5")), "es");
}

}  // namespace
}  // namespace roster::core
