// Encryption keys for client-side encryption of sensitive request fields, and their decryption.
//
// A key name ("secret", "pii", any [a-z][a-zA-Z0-9]*) has generations: RSA-2048 key pairs with
// an alias "<name>-<8 random digits>". getEncryptionKeys hands out the newest unexpired
// generation of each requested name, creating one when there is none; the lifetime is the
// `users` configuration group's encryptionKeyLifetimeDays (30 by default). Old generations are
// kept, so ciphertext made with a key handed out before it expired still decrypts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "ports/crypto.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

// Limits on names: per request, and distinct names overall (each costs a key generation).
inline constexpr std::size_t kMaxKeyNamesPerRequest = 10;
inline constexpr std::size_t kMaxKeyNames = 64;

class EncryptionService {
 public:
  EncryptionService(Ports ports, const Settings& settings, ports::KeyCipher& cipher)
      : ports_(ports), settings_(settings), cipher_(cipher) {}

  // The current generation of each named key, in the order of `names` (duplicates once).
  // Generates the missing ones outside any transaction, then stores them in one write
  // transaction that looks again first: when another request or node stored a current
  // generation meanwhile, that one is returned and ours is dropped, so concurrent callers agree.
  // Any authenticated client may call this (API key only). Errors: kInvalidQueryParameter
  // ("keys": no names, too many, or a malformed name).
  core::Result<std::vector<core::EncryptionKey>> CurrentKeys(const ScopedPrincipal& caller,
                                                             const std::vector<std::string>& names);

  // The plaintext of a value a client encrypted with the key generation `alias` (base64
  // RSA-OAEP-SHA256). Errors: kEncryptionKeyNotFound, kDecryptionFailed.
  core::Result<std::string> Decrypt(std::string_view alias, std::string_view ciphertext);

 private:
  Ports ports_;
  const Settings& settings_;
  ports::KeyCipher& cipher_;
};

}  // namespace roster::services
