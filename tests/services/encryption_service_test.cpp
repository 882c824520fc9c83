#include "services/encryption_service.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "crypto/openssl_key_cipher.h"
#include "services/configuration_service.h"
#include "services/service_fixture.h"

namespace roster::testing {
namespace {

class EncryptionServiceTest : public ServiceTest {
 protected:
  services::EncryptionService encryption() { return {ports(), settings_, cipher_}; }
  services::ScopedPrincipal Client() { return {}; }

  crypto::OpenSslKeyCipher cipher_;
};

TEST_F(EncryptionServiceTest, OneGenerationPerNameUntilItExpires) {
  auto first = encryption().CurrentKeys(Client(), {"secret", "pii", "secret"});
  ASSERT_TRUE(first.has_value());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].name, "secret");
  EXPECT_EQ((*first)[1].name, "pii");
  EXPECT_EQ((*first)[0].expires_at - (*first)[0].created_at, std::chrono::days(30));

  clock_.now += std::chrono::days(29);
  auto later = encryption().CurrentKeys(Client(), {"pii"});
  ASSERT_TRUE(later.has_value());
  EXPECT_EQ((*later)[0].alias, (*first)[1].alias);

  // Expired: a new generation; the old one still decrypts what was encrypted with it.
  clock_.now += std::chrono::days(2);
  auto renewed = encryption().CurrentKeys(Client(), {"pii"});
  ASSERT_TRUE(renewed.has_value());
  EXPECT_NE((*renewed)[0].alias, (*first)[1].alias);
  EXPECT_TRUE((*renewed)[0].alias.starts_with("pii-"));
  auto ciphertext = cipher_.Encrypt((*first)[1].public_pem, "123-45-6789");
  ASSERT_TRUE(ciphertext.has_value());
  auto plain = encryption().Decrypt((*first)[1].alias, *ciphertext);
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(*plain, "123-45-6789");
  auto wrong = encryption().Decrypt((*renewed)[0].alias, *ciphertext);
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().code, core::ErrorCode::kDecryptionFailed);
  EXPECT_EQ(encryption().Decrypt("pii-00000000", *ciphertext).error().code,
            core::ErrorCode::kEncryptionKeyNotFound);
}

TEST_F(EncryptionServiceTest, ConcurrentCallersAgreeOnOneGeneration) {
  constexpr int kThreads = 4;
  std::vector<std::string> aliases(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto keys = encryption().CurrentKeys(Client(), {"secret"});
      if (keys) aliases[i] = (*keys)[0].alias;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(std::set<std::string>(aliases.begin(), aliases.end()).size(), 1u);
  EXPECT_FALSE(aliases[0].empty());
  auto listed = ports::ReadTx(*store_, [](ports::Tx& tx) { return tx.ListEncryptionKeys(); });
  ASSERT_TRUE(listed.has_value());
  EXPECT_EQ(listed->size(), 1u) << "the losers' generations are not stored";
}

TEST_F(EncryptionServiceTest, NamesAreValidatedAndBounded) {
  for (std::vector<std::string> names : {std::vector<std::string>{},
                                         {""},
                                         {"Secret"},
                                         {"9a"},
                                         {"a-b"},
                                         {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}}) {
    auto keys = encryption().CurrentKeys(Client(), names);
    ASSERT_FALSE(keys.has_value());
    EXPECT_EQ(keys.error().code, core::ErrorCode::kInvalidQueryParameter);
  }
}

TEST_F(EncryptionServiceTest, LifetimeComesFromTheUsersConfigurationGroup) {
  services::ConfigurationService configuration(ports(), settings_);
  services::ScopedPrincipal service;  // a trusted service is an administrator
  ASSERT_TRUE(configuration.SetValue(service, "users", "encryptionKeyLifetimeDays",
                                     boost::json::value(7), std::nullopt));
  auto keys = encryption().CurrentKeys(Client(), {"sensitive"});
  ASSERT_TRUE(keys.has_value());
  EXPECT_EQ((*keys)[0].expires_at - (*keys)[0].created_at, std::chrono::days(7));
}

}  // namespace
}  // namespace roster::testing
