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
  // With an empty `passphrase` private keys are written unencrypted. Otherwise Generate encrypts
  // them under it (PKCS#8 PBES2: PBKDF2-HMAC-SHA256 and AES-256-CBC), so that the database and
  // its backups do not hold usable private keys, and Decrypt opens them with it. Unencrypted
  // keys (made before a passphrase was set) keep working either way.
  explicit OpenSslKeyCipher(std::string passphrase = {});

  // kInternal when OpenSSL cannot generate or encode the key. The private key is PKCS#8
  // ("BEGIN PRIVATE KEY", or "BEGIN ENCRYPTED PRIVATE KEY" under a passphrase); the public key
  // is SubjectPublicKeyInfo ("BEGIN PUBLIC KEY").
  core::Result<KeyPair> Generate() override;

  // Accepts a PKCS#8 (encrypted under this cipher's passphrase, or not) or PKCS#1 ("BEGIN RSA
  // PRIVATE KEY") RSA private key. Whitespace (spaces, tabs, line breaks) anywhere in the base64
  // text is ignored. kDecryptionFailed, with an empty detail (the caller knows the property), for
  // anything that is not base64, a PEM that is not an RSA private key, and ciphertext that does
  // not decrypt with this key. kInternal for an encrypted private key that this cipher's
  // passphrase does not open: the server's configuration, not the client's ciphertext, is wrong.
  core::Result<std::string> Decrypt(std::string_view private_pem,
                                    std::string_view ciphertext_base64) override;

  // Accepts a SubjectPublicKeyInfo or PKCS#1 ("BEGIN RSA PUBLIC KEY") RSA public key.
  // kDecryptionFailed for a PEM that is not an RSA public key and for a plaintext longer than
  // OAEP allows (190 bytes for a 2048-bit key).
  core::Result<std::string> Encrypt(std::string_view public_pem,
                                    std::string_view plaintext) override;

 private:
  const std::string passphrase_;
};

}  // namespace roster::crypto
