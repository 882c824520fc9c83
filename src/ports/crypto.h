// Cryptographic ports: the core and the services never include libsodium.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace roster::ports {

// Password hashing (Argon2id). Hash and Verify are slow by design: call them on the worker pool,
// never on an I/O thread. Thread-safe.
class PasswordHasher {
 public:
  virtual ~PasswordHasher() = default;
  // The encoded hash ("$argon2id$v=19$m=...,t=...,p=1$salt$hash").
  virtual core::Result<std::string> Hash(std::string_view password) = 0;
  // True iff `password` matches `encoded`. Costs as much as Hash.
  virtual bool Verify(std::string_view encoded, std::string_view password) = 0;
  // Spends the same time as a Verify that fails, so that an unknown username cannot be told
  // from a wrong password by timing.
  virtual void VerifyDummy(std::string_view password) = 0;
};

// Digests of bearer secrets (tokens, consumer keys, one-time codes). Thread-safe.
class SecretDigest {
 public:
  virtual ~SecretDigest() = default;
  // BLAKE2b-256 of the secret (unkeyed, so every node computes the same), hex-encoded: what the
  // store keeps and looks up.
  virtual std::string Digest(std::string_view secret) = 0;
  // Constant-time equality of two digests.
  virtual bool Equal(std::string_view a, std::string_view b) = 0;
};

// Cryptographically secure randomness. Thread-safe.
class Random {
 public:
  virtual ~Random() = default;
  // `bytes` random bytes, base64url without padding ([A-Za-z0-9_-]).
  virtual std::string Token(std::size_t bytes) = 0;
  // A random (version 4) UUID in lower-case hex with dashes.
  virtual std::string Uuid() = 0;
  // `n` random decimal digits (one-time codes).
  virtual std::string Digits(std::size_t n) = 0;
  // `n` random lower-case letters and digits.
  virtual std::string Alphanumeric(std::size_t n) = 0;
};

// RSA key pairs for the client-side encryption of sensitive request fields (Apiture
// getEncryptionKeys). Thread-safe.
class KeyCipher {
 public:
  struct KeyPair {
    std::string public_pem;   // SubjectPublicKeyInfo, PEM
    std::string private_pem;  // PKCS#8, PEM (encrypted when the adapter has a passphrase)
  };
  virtual ~KeyCipher() = default;
  // A new RSA-2048 key pair. Slow (tens of ms): call from a worker lane.
  virtual core::Result<KeyPair> Generate() = 0;
  // Decrypts base64 (standard alphabet) RSA-OAEP-SHA256 ciphertext with the private key.
  // kDecryptionFailed when the text is not base64 or does not decrypt with this key.
  virtual core::Result<std::string> Decrypt(std::string_view private_pem,
                                            std::string_view ciphertext_base64) = 0;
  // Encrypts like a client would (tests, tools): base64 of RSA-OAEP-SHA256 ciphertext.
  virtual core::Result<std::string> Encrypt(std::string_view public_pem,
                                            std::string_view plaintext) = 0;
};

}  // namespace roster::ports
