// Encryption keys for client-side encryption of sensitive request fields, and their decryption.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "ports/crypto.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

class EncryptionService {
 public:
  EncryptionService(Ports ports, const Settings& settings, ports::KeyCipher& cipher)
      : ports_(ports), settings_(settings), cipher_(cipher) {}

  // The plaintext of a value a client encrypted with the key generation `alias` (base64
  // RSA-OAEP-SHA256). Errors: kEncryptionKeyNotFound, kDecryptionFailed.
  core::Result<std::string> Decrypt(std::string_view alias, std::string_view ciphertext);

 private:
  Ports ports_;
  const Settings& settings_;
  ports::KeyCipher& cipher_;
};

}  // namespace roster::services
