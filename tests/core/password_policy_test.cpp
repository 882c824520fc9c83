#include "core/password_policy.h"

#include <gtest/gtest.h>

#include <string>

namespace roster::core {
namespace {

// The checked examples of obp-reference-behaviour.md §2.1.
TEST(PasswordPolicyTest, SpecExamples) {
  EXPECT_TRUE(IsAcceptablePassword("Abcdefgh1!"));
  EXPECT_FALSE(IsAcceptablePassword("Abcdefg1!"));
  EXPECT_FALSE(IsAcceptablePassword("Abcdefgh1 !"));
  EXPECT_FALSE(IsAcceptablePassword("Abcdefgh1["));
  EXPECT_TRUE(IsAcceptablePassword("abcdefghijklmnopq"));
  EXPECT_FALSE(IsAcceptablePassword(std::string(16, 'a') + "\xC3\xA9"));  // 16 'a' + "é"
}

TEST(PasswordPolicyTest, StrongFormLengthBounds) {
  const std::string base = "Aa1!";
  EXPECT_FALSE(IsAcceptablePassword(base + std::string(5, 'x')));  // 9
  EXPECT_TRUE(IsAcceptablePassword(base + std::string(6, 'x')));   // 10
  EXPECT_TRUE(IsAcceptablePassword(base + std::string(12, 'x')));  // 16
}

TEST(PasswordPolicyTest, LongFormLengthBounds) {
  EXPECT_FALSE(IsAcceptablePassword(std::string(16, 'a')));  // weak and too short for (A)
  EXPECT_TRUE(IsAcceptablePassword(std::string(17, 'a')));
  EXPECT_TRUE(IsAcceptablePassword(std::string(512, 'a')));
  EXPECT_FALSE(IsAcceptablePassword(std::string(513, 'a')));
  // Strength does not rescue a password outside 17..512.
  EXPECT_FALSE(IsAcceptablePassword("Aa1!" + std::string(509, 'x')));  // 513
}

TEST(PasswordPolicyTest, StrongFormNeedsEveryClass) {
  EXPECT_TRUE(IsAcceptablePassword("Abcdefgh1!"));
  EXPECT_FALSE(IsAcceptablePassword("abcdefgh1!"));  // no upper
  EXPECT_FALSE(IsAcceptablePassword("ABCDEFGH1!"));  // no lower
  EXPECT_FALSE(IsAcceptablePassword("Abcdefghi!"));  // no digit
  EXPECT_FALSE(IsAcceptablePassword("Abcdefgh12"));  // no special
}

TEST(PasswordPolicyTest, EveryAllowedSpecialCountsAsSpecial) {
  for (char c : std::string(R"(!"#$%&'()*+,-./:;<=>?@\^_`{|}~)")) {
    EXPECT_TRUE(IsAcceptablePassword(std::string("Abcdefgh1") + c)) << c;
  }
}

TEST(PasswordPolicyTest, SquareBracketsRejectedIn2024Snapshot) {
  EXPECT_FALSE(IsAcceptablePassword("Abcdefgh1]"));
  EXPECT_FALSE(IsAcceptablePassword("Abcdefgh1![x"));
  EXPECT_FALSE(IsAcceptablePassword(std::string(20, 'a') + "["));
  EXPECT_FALSE(IsAcceptablePassword(std::string(20, 'a') + "]"));
}

TEST(PasswordPolicyTest, SpaceRules) {
  EXPECT_TRUE(IsAcceptablePassword("correct horse battery"));  // 21, long form
  EXPECT_TRUE(IsAcceptablePassword(std::string(17, ' ')));
  EXPECT_FALSE(IsAcceptablePassword("Abcd efgh1!"));  // strong form forbids space
  EXPECT_FALSE(IsAcceptablePassword(" Abcdefgh1!"));
  EXPECT_FALSE(IsAcceptablePassword("Abcdefgh1! "));
}

TEST(PasswordPolicyTest, RejectsNonAsciiAndControlCharacters) {
  EXPECT_FALSE(IsAcceptablePassword("Abcdefgh1!\xC3\xA9"));
  EXPECT_FALSE(IsAcceptablePassword(std::string(20, 'a') + "\xE2\x82\xAC"));  // €
  EXPECT_FALSE(IsAcceptablePassword(std::string(20, 'a') + "\t"));
  EXPECT_FALSE(IsAcceptablePassword(std::string(20, 'a') + '\0'));
  EXPECT_FALSE(IsAcceptablePassword("Abcdefgh1!\n"));
}

TEST(PasswordPolicyTest, RejectsEmpty) { EXPECT_FALSE(IsAcceptablePassword("")); }

}  // namespace
}  // namespace roster::core
