#include "crypto/sodium_random.h"

#include <gtest/gtest.h>

#include <array>
#include <regex>
#include <set>
#include <string>

namespace roster::crypto {
namespace {

TEST(SodiumRandomTest, UuidIsVersion4LowerCaseWithDashes) {
  SodiumRandom random;
  const std::regex v4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string uuid = random.Uuid();
    EXPECT_TRUE(std::regex_match(uuid, v4)) << uuid;
    seen.insert(uuid);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST(SodiumRandomTest, TokenIsBase64UrlWithoutPadding) {
  SodiumRandom random;
  const std::regex charset("^[A-Za-z0-9_-]*$");
  // n bytes encode to ceil(4n/3) characters without padding.
  for (std::size_t bytes : {0u, 1u, 2u, 3u, 16u, 31u, 32u, 33u}) {
    const std::string token = random.Token(bytes);
    EXPECT_EQ(token.size(), (4 * bytes + 2) / 3) << bytes;
    EXPECT_TRUE(std::regex_match(token, charset)) << token;
  }
  EXPECT_NE(random.Token(32), random.Token(32));
}

TEST(SodiumRandomTest, TokenUsesTheUrlSafeAlphabet) {
  // 3000 random bytes give 4000 characters: '-' and '_' (1/32 each) appear with certainty
  // for all practical purposes (probability of absence below 1e-50).
  SodiumRandom random;
  const std::string token = random.Token(3000);
  EXPECT_NE(token.find('-'), std::string::npos);
  EXPECT_NE(token.find('_'), std::string::npos);
  EXPECT_EQ(token.find_first_of("+/="), std::string::npos);
}

TEST(SodiumRandomTest, DigitsAreOnlyDigits) {
  SodiumRandom random;
  EXPECT_EQ(random.Digits(0), "");
  std::array<int, 10> counts{};
  const std::string digits = random.Digits(10000);
  ASSERT_EQ(digits.size(), 10000u);
  for (char c : digits) {
    ASSERT_TRUE(c >= '0' && c <= '9') << c;
    ++counts[c - '0'];
  }
  // Each digit expected 1000 times; 700 is more than 9 standard deviations away.
  for (int count : counts) EXPECT_GT(count, 700);
  EXPECT_EQ(random.Digits(6).size(), 6u);
}

TEST(SodiumRandomTest, AlphanumericIsLowerCaseLettersAndDigits) {
  SodiumRandom random;
  const std::string text = random.Alphanumeric(36000);
  ASSERT_EQ(text.size(), 36000u);
  std::set<char> seen;
  for (char c : text) {
    ASSERT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) << c;
    seen.insert(c);
  }
  EXPECT_EQ(seen.size(), 36u);
  EXPECT_EQ(random.Alphanumeric(0), "");
}

}  // namespace
}  // namespace roster::crypto
