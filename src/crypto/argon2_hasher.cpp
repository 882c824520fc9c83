#include "crypto/argon2_hasher.h"

#include <sodium.h>

#include <array>
#include <stdexcept>

#include "crypto/sodium_init.h"

namespace roster::crypto {
namespace {

constexpr std::string_view kArgon2Prefix = "$argon2";

core::Result<std::string> HashWith(std::string_view password, unsigned long long opslimit,
                                   std::size_t memlimit) {
  if (password.size() > crypto_pwhash_argon2id_PASSWD_MAX) {
    return core::Fail(core::ErrorCode::kInternal, {}, "password longer than crypto_pwhash allows");
  }
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), opslimit, memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return core::Fail(core::ErrorCode::kInternal, {},
                      "crypto_pwhash_str_alg failed (out of memory)");
  }
  return std::string(out.data());
}

}  // namespace

Argon2Hasher::Argon2Hasher(unsigned long long opslimit, std::size_t memlimit)
    : opslimit_(opslimit), memlimit_(memlimit) {
  EnsureSodiumInitialized();
  if (opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      opslimit > crypto_pwhash_argon2id_OPSLIMIT_MAX) {
    throw std::invalid_argument("Argon2id opslimit out of range");
  }
  if (memlimit < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      memlimit > crypto_pwhash_argon2id_MEMLIMIT_MAX) {
    throw std::invalid_argument("Argon2id memlimit out of range");
  }
  std::array<unsigned char, 32> secret{};
  randombytes_buf(secret.data(), secret.size());
  std::array<char, sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL)> text{};
  sodium_bin2base64(text.data(), text.size(), secret.data(), secret.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  auto dummy = HashWith(text.data(), opslimit_, memlimit_);
  sodium_memzero(secret.data(), secret.size());
  sodium_memzero(text.data(), text.size());
  if (!dummy) throw std::runtime_error("Argon2id dummy hash failed: " + dummy.error().log);
  dummy_hash_ = std::move(*dummy);
}

Argon2Hasher Argon2Hasher::Interactive() {
  return Argon2Hasher(crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
                      crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE);
}

core::Result<std::string> Argon2Hasher::Hash(std::string_view password) {
  return HashWith(password, opslimit_, memlimit_);
}

bool Argon2Hasher::Verify(std::string_view encoded, std::string_view password) {
  if (!encoded.starts_with(kArgon2Prefix) || encoded.size() >= crypto_pwhash_STRBYTES) {
    VerifyDummy(password);
    return false;
  }
  // crypto_pwhash_str_verify reads a NUL-terminated string.
  const std::string terminated(encoded);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

void Argon2Hasher::VerifyDummy(std::string_view password) {
  // The result is meaningless; only the time spent matters.
  [[maybe_unused]] const int ignored =
      crypto_pwhash_str_verify(dummy_hash_.c_str(), password.data(), password.size());
}

}  // namespace roster::crypto
