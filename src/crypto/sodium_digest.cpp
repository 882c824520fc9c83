#include "crypto/sodium_digest.h"

#include <sodium.h>

#include <array>

#include "crypto/sodium_init.h"

namespace roster::crypto {
namespace {

constexpr std::size_t kDigestBytes = 32;
static_assert(kDigestBytes >= crypto_generichash_BYTES_MIN &&
              kDigestBytes <= crypto_generichash_BYTES_MAX);

}  // namespace

SodiumDigest::SodiumDigest() { EnsureSodiumInitialized(); }

std::string SodiumDigest::Digest(std::string_view secret) {
  std::array<unsigned char, kDigestBytes> hash{};
  crypto_generichash(hash.data(), hash.size(),
                     reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), nullptr,
                     0);
  std::array<char, kDigestBytes * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), hash.data(), hash.size());
  return std::string(hex.data(), kDigestBytes * 2);
}

bool SodiumDigest::Equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace roster::crypto
