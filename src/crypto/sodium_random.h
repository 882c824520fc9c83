// ports::Random on libsodium's randombytes (the operating system CSPRNG).
#pragma once

#include <cstddef>
#include <string>

#include "ports/crypto.h"

namespace roster::crypto {

// Stateless and thread-safe.
class SodiumRandom final : public ports::Random {
 public:
  SodiumRandom();

  std::string Token(std::size_t bytes) override;
  std::string Uuid() override;
  // Digits and Alphanumeric draw each character uniformly (no modulo bias).
  std::string Digits(std::size_t n) override;
  std::string Alphanumeric(std::size_t n) override;
};

}  // namespace roster::crypto
