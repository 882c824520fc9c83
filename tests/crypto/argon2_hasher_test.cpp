#include "crypto/argon2_hasher.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>

namespace roster::crypto {
namespace {

// The smallest limits libsodium allows, so that the tests run fast.
Argon2Hasher FastHasher() {
  return Argon2Hasher(crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
}

TEST(Argon2HasherTest, HashVerifyRoundTrip) {
  Argon2Hasher hasher = FastHasher();
  const auto encoded = hasher.Hash("Abcdefgh1!");
  ASSERT_TRUE(encoded.has_value());
  EXPECT_TRUE(encoded->starts_with("$argon2id$v=19$")) << *encoded;
  EXPECT_TRUE(hasher.Verify(*encoded, "Abcdefgh1!"));
}

TEST(Argon2HasherTest, EncodesTheConfiguredLimits) {
  Argon2Hasher hasher(2, 1 << 16);
  const auto encoded = hasher.Hash("secret");
  ASSERT_TRUE(encoded.has_value());
  EXPECT_TRUE(encoded->starts_with("$argon2id$v=19$m=64,t=2,p=1$")) << *encoded;
}

TEST(Argon2HasherTest, WrongPasswordFails) {
  Argon2Hasher hasher = FastHasher();
  const auto encoded = hasher.Hash("Abcdefgh1!");
  ASSERT_TRUE(encoded.has_value());
  EXPECT_FALSE(hasher.Verify(*encoded, "Abcdefgh1?"));
  EXPECT_FALSE(hasher.Verify(*encoded, "abcdefgh1!"));
  EXPECT_FALSE(hasher.Verify(*encoded, ""));
  EXPECT_FALSE(hasher.Verify(*encoded, "Abcdefgh1!x"));
}

TEST(Argon2HasherTest, SaltsEachHash) {
  Argon2Hasher hasher = FastHasher();
  const auto a = hasher.Hash("same password");
  const auto b = hasher.Hash("same password");
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(hasher.Verify(*a, "same password"));
  EXPECT_TRUE(hasher.Verify(*b, "same password"));
}

TEST(Argon2HasherTest, HandlesEmbeddedNulAndLongPasswords) {
  Argon2Hasher hasher = FastHasher();
  const std::string with_nul("ab\0cd", 5);
  const auto encoded = hasher.Hash(with_nul);
  ASSERT_TRUE(encoded.has_value());
  EXPECT_TRUE(hasher.Verify(*encoded, with_nul));
  EXPECT_FALSE(hasher.Verify(*encoded, "ab"));

  const std::string long_password(4096, 'p');
  const auto long_encoded = hasher.Hash(long_password);
  ASSERT_TRUE(long_encoded.has_value());
  EXPECT_TRUE(hasher.Verify(*long_encoded, long_password));
}

TEST(Argon2HasherTest, VerifiesHashesMadeWithOtherLimits) {
  Argon2Hasher strong(2, crypto_pwhash_MEMLIMIT_MIN * 2);
  const auto encoded = strong.Hash("pw");
  ASSERT_TRUE(encoded.has_value());
  EXPECT_TRUE(FastHasher().Verify(*encoded, "pw"));
}

TEST(Argon2HasherTest, MalformedEncodedHashNeverMatches) {
  Argon2Hasher hasher = FastHasher();
  EXPECT_FALSE(hasher.Verify("", "pw"));
  EXPECT_FALSE(hasher.Verify("pw", "pw"));
  EXPECT_FALSE(hasher.Verify("$argon2id$garbage", "pw"));
  EXPECT_FALSE(hasher.Verify("$2b$12$abcdefghijklmnopqrstuv", "pw"));
  EXPECT_FALSE(hasher.Verify(std::string(1000, '$'), "pw"));
}

// The fastest of several runs, so that scheduling noise on a shared machine cannot make a slow
// operation look fast.
template <class F>
std::chrono::nanoseconds FastestOf(int runs, F&& f) {
  auto best = std::chrono::nanoseconds::max();
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    f();
    best = std::min(best, std::chrono::duration_cast<std::chrono::nanoseconds>(
                              std::chrono::steady_clock::now() - start));
  }
  return best;
}

// VerifyDummy and a Verify against a malformed hash must cost about as much as a failing
// Verify (the timing-oracle defence). A skipped verification would take microseconds.
TEST(Argon2HasherTest, DummyVerificationCostsAsMuchAsAFailingVerify) {
  Argon2Hasher hasher(2, 4u << 20);
  const auto encoded = hasher.Hash("right password");
  ASSERT_TRUE(encoded.has_value());
  const auto failing = FastestOf(5, [&] { EXPECT_FALSE(hasher.Verify(*encoded, "wrong")); });
  const auto dummy = FastestOf(5, [&] { hasher.VerifyDummy("wrong"); });
  const auto malformed = FastestOf(5, [&] { EXPECT_FALSE(hasher.Verify("", "wrong")); });
  EXPECT_GT(dummy * 2, failing);
  EXPECT_GT(malformed * 2, failing);
}

TEST(Argon2HasherTest, RejectsLimitsOutsideLibsodiumBounds) {
  EXPECT_THROW(Argon2Hasher(0, crypto_pwhash_MEMLIMIT_MIN), std::invalid_argument);
  EXPECT_THROW(Argon2Hasher(crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN - 1),
               std::invalid_argument);
}

}  // namespace
}  // namespace roster::crypto
