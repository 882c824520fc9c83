#include "crypto/sodium_digest.h"

#include <gtest/gtest.h>

#include <string>

namespace roster::crypto {
namespace {

bool IsLowerHex(const std::string& s) {
  return s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

TEST(SodiumDigestTest, KnownAnswer) {
  // BLAKE2b-256 of the empty string and of "abc" (RFC 7693 / reference implementation).
  SodiumDigest digest;
  EXPECT_EQ(digest.Digest(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(digest.Digest("abc"),
            "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

TEST(SodiumDigestTest, SixtyFourHexCharactersAndDeterministic) {
  SodiumDigest a;
  SodiumDigest b;
  const std::string d = a.Digest("token-123");
  EXPECT_EQ(d.size(), 64u);
  EXPECT_TRUE(IsLowerHex(d)) << d;
  EXPECT_EQ(d, a.Digest("token-123"));
  EXPECT_EQ(d, b.Digest("token-123"));  // unkeyed: every instance and node agrees
  EXPECT_NE(d, a.Digest("token-124"));
  EXPECT_NE(a.Digest(std::string("a\0b", 3)), a.Digest("a"));
}

TEST(SodiumDigestTest, Equal) {
  SodiumDigest digest;
  const std::string d1 = digest.Digest("one");
  const std::string d2 = digest.Digest("two");
  EXPECT_TRUE(digest.Equal(d1, d1));
  EXPECT_TRUE(digest.Equal(d1, std::string(d1)));
  EXPECT_FALSE(digest.Equal(d1, d2));
  EXPECT_FALSE(digest.Equal(d1, d1.substr(0, 63)));
  EXPECT_FALSE(digest.Equal(d1, d1 + "0"));
  EXPECT_FALSE(digest.Equal(d1, ""));
  EXPECT_TRUE(digest.Equal("", ""));
  std::string last_differs = d1;
  last_differs.back() = last_differs.back() == '0' ? '1' : '0';
  EXPECT_FALSE(digest.Equal(d1, last_differs));
}

}  // namespace
}  // namespace roster::crypto
