// ports::PasswordHasher on libsodium's Argon2id (crypto_pwhash, ALG_ARGON2ID13).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "ports/crypto.h"

namespace roster::crypto {

// Thread-safe: holds only immutable state after construction. Hash and Verify cost `opslimit`
// passes over `memlimit` bytes; run them on the worker pool.
class Argon2Hasher final : public ports::PasswordHasher {
 public:
  // Throws std::invalid_argument when a limit is outside libsodium's Argon2id bounds, and
  // std::runtime_error when the dummy hash cannot be computed (out of memory).
  Argon2Hasher(unsigned long long opslimit, std::size_t memlimit);

  // libsodium's INTERACTIVE limits (2 passes, 64 MiB): the production default.
  static Argon2Hasher Interactive();

  // Fails with kInternal when libsodium cannot allocate `memlimit` bytes or the password is
  // longer than libsodium accepts.
  core::Result<std::string> Hash(std::string_view password) override;

  // False for a wrong password and for any `encoded` that is not an Argon2 hash; the latter
  // still spends the time of a full verification so that it cannot be told apart by timing.
  bool Verify(std::string_view encoded, std::string_view password) override;

  void VerifyDummy(std::string_view password) override;

 private:
  unsigned long long opslimit_;
  std::size_t memlimit_;
  std::string dummy_hash_;  // a hash with the same limits, of a password nobody knows
};

}  // namespace roster::crypto
