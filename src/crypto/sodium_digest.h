// ports::SecretDigest on libsodium's BLAKE2b (crypto_generichash).
#pragma once

#include <string>
#include <string_view>

#include "ports/crypto.h"

namespace roster::crypto {

// Stateless and thread-safe.
class SodiumDigest final : public ports::SecretDigest {
 public:
  SodiumDigest();

  // Unkeyed BLAKE2b-256, 64 lower-case hex characters.
  std::string Digest(std::string_view secret) override;

  // Constant time in the content; digests of different lengths are unequal at once (the length
  // of a digest is public).
  bool Equal(std::string_view a, std::string_view b) override;
};

}  // namespace roster::crypto
