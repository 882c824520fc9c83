#include "core/validation.h"

#include <gtest/gtest.h>

#include <string>

namespace roster::core {
namespace {

TEST(UsernameTest, AcceptsPlainForm) {
  EXPECT_TRUE(IsValidUsername("john.doe"));  // 8
  EXPECT_TRUE(IsValidUsername("John_Doe_1984"));
  EXPECT_TRUE(IsValidUsername("a.b_c.d_e"));
  EXPECT_TRUE(IsValidUsername("12345678"));
  EXPECT_TRUE(IsValidUsername(std::string(100, 'u')));
}

TEST(UsernameTest, LengthBounds) {
  EXPECT_FALSE(IsValidUsername("johndoe"));  // 7
  EXPECT_FALSE(IsValidUsername(std::string(101, 'u')));
  EXPECT_FALSE(IsValidUsername(""));
}

TEST(UsernameTest, RejectsLeadingAndTrailingPunctuation) {
  EXPECT_FALSE(IsValidUsername("_johndoe"));
  EXPECT_FALSE(IsValidUsername(".johndoe"));
  EXPECT_FALSE(IsValidUsername("johndoe_"));
  EXPECT_FALSE(IsValidUsername("johndoe."));
}

TEST(UsernameTest, RejectsAdjacentPunctuation) {
  EXPECT_FALSE(IsValidUsername("john__doe"));
  EXPECT_FALSE(IsValidUsername("john_.doe"));
  EXPECT_FALSE(IsValidUsername("john._doe"));
  EXPECT_FALSE(IsValidUsername("john..doe"));
}

TEST(UsernameTest, RejectsOtherCharacters) {
  EXPECT_FALSE(IsValidUsername("john-doe1"));
  EXPECT_FALSE(IsValidUsername("john doe1"));
  EXPECT_FALSE(IsValidUsername("jöhndoe12"));
  EXPECT_FALSE(IsValidUsername("john@doe1"));
}

TEST(UsernameTest, AcceptsAnEmailAddressWhateverItsShape) {
  EXPECT_TRUE(IsValidUsername("a@b.io"));  // shorter than 8
  EXPECT_TRUE(IsValidUsername("first-last+tag@example.com"));
  EXPECT_FALSE(IsValidUsername("a@b"));
}

TEST(EmailTest, Accepts) {
  EXPECT_TRUE(IsValidEmail("user@example.com"));
  EXPECT_TRUE(IsValidEmail("first.last+tag@sub.example.co.uk"));
  EXPECT_TRUE(IsValidEmail("o'brien@example.ie"));
  EXPECT_TRUE(IsValidEmail("x@a-b.c1"));
  EXPECT_TRUE(IsValidEmail("UPPER@EXAMPLE.COM"));
}

TEST(EmailTest, Rejects) {
  EXPECT_FALSE(IsValidEmail(""));
  EXPECT_FALSE(IsValidEmail("user"));
  EXPECT_FALSE(IsValidEmail("@example.com"));
  EXPECT_FALSE(IsValidEmail("user@"));
  EXPECT_FALSE(IsValidEmail("user@localhost"));  // no tld
  EXPECT_FALSE(IsValidEmail("user@@example.com"));
  EXPECT_FALSE(IsValidEmail("us@er@example.com"));
  EXPECT_FALSE(IsValidEmail("user@.example.com"));
  EXPECT_FALSE(IsValidEmail("user@example.com."));
  EXPECT_FALSE(IsValidEmail("user@example..com"));
  EXPECT_FALSE(IsValidEmail("user@-example.com"));
  EXPECT_FALSE(IsValidEmail("user@example-.com"));
  EXPECT_FALSE(IsValidEmail("us er@example.com"));
  EXPECT_FALSE(IsValidEmail("user@exa mple.com"));
  EXPECT_FALSE(IsValidEmail("user@exa_mple.com"));
  EXPECT_FALSE(IsValidEmail("j\xC3\xB6rg@example.com"));
  EXPECT_FALSE(IsValidEmail("user@ex\xC3\xA4mple.com"));
  EXPECT_FALSE(IsValidEmail("\"quoted\"@example.com"));
}

TEST(EmailTest, LengthLimits) {
  const std::string label63(63, 'd');
  EXPECT_TRUE(IsValidEmail("u@" + label63 + ".com"));
  EXPECT_FALSE(IsValidEmail("u@" + label63 + "d.com"));  // 64-character label
  // 254 characters in total is the limit.
  const std::string domain = label63 + "." + label63 + "." + label63 + ".com";  // 195
  const std::string at254 = std::string(254 - 1 - domain.size(), 'l') + "@" + domain;
  ASSERT_EQ(at254.size(), 254u);
  EXPECT_TRUE(IsValidEmail(at254));
  EXPECT_FALSE(IsValidEmail("l" + at254));
}

TEST(Utf8Test, AcceptsWellFormed) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("caf\xC3\xA9"));           // é
  EXPECT_TRUE(IsValidUtf8("\xE2\x82\xAC"));          // €
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));      // U+1F600
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));      // U+10FFFF
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));          // U+D7FF, just below surrogates
  EXPECT_TRUE(IsValidUtf8("\xEE\x80\x80"));          // U+E000
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));  // NUL is a valid code point
}

TEST(Utf8Test, RejectsMalformed) {
  EXPECT_FALSE(IsValidUtf8("\x80"));  // lone continuation
  EXPECT_FALSE(IsValidUtf8("\xC3"));  // truncated
  EXPECT_FALSE(IsValidUtf8("caf\xC3"));
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // truncated 3-byte
  EXPECT_FALSE(IsValidUtf8("\xF0\x9F\x98"));      // truncated 4-byte
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xC1\xBF"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong 3-byte
  EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\xAF"));  // overlong 4-byte
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // U+D800 surrogate
  EXPECT_FALSE(IsValidUtf8("\xED\xBF\xBF"));      // U+DFFF surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("\xC3\x28"));  // bad continuation
  EXPECT_FALSE(IsValidUtf8("\xE2\x28\xA1"));
  EXPECT_FALSE(IsValidUtf8("\xE2\x82\x28"));
  EXPECT_FALSE(IsValidUtf8("\xF0\x9F\x98\x28"));
}

TEST(ObpIdTest, Accepts) {
  EXPECT_TRUE(IsValidObpId("a"));
  EXPECT_TRUE(IsValidObpId("gh.29.uk"));
  EXPECT_TRUE(IsValidObpId("bank-1_x.Y"));
  EXPECT_TRUE(IsValidObpId("9ca9a7e4-6d02-40e3-a129-0b2bf89de9b1"));  // 36
}

TEST(ObpIdTest, Rejects) {
  EXPECT_FALSE(IsValidObpId(""));
  EXPECT_FALSE(IsValidObpId(std::string(37, 'a')));
  EXPECT_FALSE(IsValidObpId("bank 1"));
  EXPECT_FALSE(IsValidObpId("bank/1"));
  EXPECT_FALSE(IsValidObpId("bank%201"));
  EXPECT_FALSE(IsValidObpId("b\xC3\xA4nk"));
}

}  // namespace
}  // namespace roster::core
