// ports::KeyCipher on OpenSSL 3 (EVP only): RSA-2048 keys, RSA-OAEP with SHA-256 for both the
// OAEP digest and MGF1, base64 in the standard alphabet with padding.
#pragma once

#include <string>
#include <string_view>

#include "ports/crypto.h"

namespace roster::crypto {

// Stateless and thread-safe: every call builds and frees its own OpenSSL objects, and OpenSSL's
// error queue is per thread. Each call leaves that queue empty.
class OpenSslKeyCipher final : public ports::KeyCipher {
 public:
  OpenSslKeyCipher();

  // kInternal when OpenSSL cannot generate or encode the key. The private key is PKCS#8
  // ("BEGIN PRIVATE KEY"), unencrypted; the public key is SubjectPublicKeyInfo ("BEGIN PUBLIC
  // KEY").
  core::Result<KeyPair> Generate() override;

  // Accepts a PKCS#8 or PKCS#1 ("BEGIN RSA PRIVATE KEY") RSA private key. Whitespace (spaces,
  // tabs, line breaks) anywhere in the base64 text is ignored. kDecryptionFailed, with an empty
  // detail (the caller knows the property), for anything that is not base64, a PEM that is not an
  // unencrypted RSA private key, and ciphertext that does not decrypt with this key.
  core::Result<std::string> Decrypt(std::string_view private_pem,
                                    std::string_view ciphertext_base64) override;

  // Accepts a SubjectPublicKeyInfo or PKCS#1 ("BEGIN RSA PUBLIC KEY") RSA public key.
  // kDecryptionFailed for a PEM that is not an RSA public key and for a plaintext longer than
  // OAEP allows (190 bytes for a 2048-bit key).
  core::Result<std::string> Encrypt(std::string_view public_pem,
                                    std::string_view plaintext) override;
};

}  // namespace roster::crypto
