#include "crypto/openssl_key_cipher.h"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <sodium.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crypto/sodium_init.h"

namespace roster::crypto {
namespace {

constexpr int kRsaBits = 2048;
constexpr int kBase64Variant = sodium_base64_VARIANT_ORIGINAL;
// Characters of the base64 text to skip, so that clients may wrap long lines.
constexpr const char* kBase64Ignored = " \t\r\n";
// Far above any real key or ciphertext (RSA-16384 ciphertext is under 3 KiB of base64), low
// enough that hostile input cannot make us allocate much.
constexpr std::size_t kMaxPemBytes = 64 * 1024;
constexpr std::size_t kMaxCiphertextBase64Bytes = 16 * 1024;
constexpr std::string_view kEncryptedPemBegin = "-----BEGIN ENCRYPTED PRIVATE KEY-----";

struct PkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct DecoderCtxDeleter {
  void operator()(OSSL_DECODER_CTX* p) const { OSSL_DECODER_CTX_free(p); }
};
struct BioDeleter {
  void operator()(BIO* p) const { BIO_free_all(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter>;
using DecoderCtx = std::unique_ptr<OSSL_DECODER_CTX, DecoderCtxDeleter>;
using Bio = std::unique_ptr<BIO, BioDeleter>;

// Empties this thread's OpenSSL error queue when a call ends, whichever way it ends.
class ErrorQueueScope {
 public:
  ErrorQueueScope() { ERR_clear_error(); }
  ~ErrorQueueScope() { ERR_clear_error(); }
  ErrorQueueScope(const ErrorQueueScope&) = delete;
  ErrorQueueScope& operator=(const ErrorQueueScope&) = delete;
};

// `what` followed by the queued OpenSSL errors, which it removes: the log text of a failure.
std::string DrainErrors(std::string_view what) {
  std::string text(what);
  char buffer[256];
  for (unsigned long e = ERR_get_error(); e != 0; e = ERR_get_error()) {
    ERR_error_string_n(e, buffer, sizeof(buffer));
    text += ": ";
    text += buffer;
  }
  return text;
}

std::unexpected<core::Error> Failure(core::ErrorCode code, std::string_view what) {
  return core::Fail(code, {}, DrainErrors(what));
}

// Refuses every passphrase request, so that an encrypted PEM fails instead of OpenSSL asking for
// a passphrase on the terminal.
int NoPassphrase(char* /*pass*/, std::size_t /*pass_size*/, std::size_t* /*pass_len*/,
                 const OSSL_PARAM /*params*/[], void* /*arg*/) {
  return 0;
}

// An RSA key from PEM text; `selection` is EVP_PKEY_KEYPAIR or EVP_PKEY_PUBLIC_KEY. Accepts the
// generic (PKCS#8, SubjectPublicKeyInfo) and the RSA-specific (PKCS#1) structures; an encrypted
// PKCS#8 key only under `passphrase` (never when it is empty).
Pkey DecodeRsaPem(std::string_view pem, int selection, std::string_view passphrase = {}) {
  if (pem.empty() || pem.size() > kMaxPemBytes) return nullptr;
  EVP_PKEY* raw = nullptr;
  DecoderCtx ctx(
      OSSL_DECODER_CTX_new_for_pkey(&raw, "PEM", nullptr, "RSA", selection, nullptr, nullptr));
  if (!ctx) return nullptr;
  const int set = passphrase.empty()
                      ? OSSL_DECODER_CTX_set_passphrase_cb(ctx.get(), NoPassphrase, nullptr)
                      : OSSL_DECODER_CTX_set_passphrase(
                            ctx.get(), reinterpret_cast<const unsigned char*>(passphrase.data()),
                            passphrase.size());
  if (set != 1) return nullptr;
  const auto* data = reinterpret_cast<const unsigned char*>(pem.data());
  std::size_t length = pem.size();
  const int ok = OSSL_DECODER_from_data(ctx.get(), &data, &length);
  Pkey key(raw);
  if (ok != 1 || !key || !EVP_PKEY_is_a(key.get(), "RSA")) return nullptr;
  return key;
}

// OAEP with SHA-256 as both the label digest and the MGF1 digest (what WebCrypto's RSA-OAEP
// with hash SHA-256 produces).
bool SetOaepSha256(EVP_PKEY_CTX* ctx) {
  char pad_mode[] = OSSL_PKEY_RSA_PAD_MODE_OAEP;
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_PAD_MODE, pad_mode, 0),
      OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_OAEP_DIGEST, digest, 0),
      OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_MGF1_DIGEST, digest, 0),
      OSSL_PARAM_construct_end(),
  };
  return EVP_PKEY_CTX_set_params(ctx, params) == 1;
}

// The PEM that `write` puts into a memory BIO.
template <class Write>
core::Result<std::string> ToPem(EVP_PKEY* key, Write write, std::string_view what) {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || write(bio.get(), key) != 1) return Failure(core::ErrorCode::kInternal, what);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  if (length <= 0 || data == nullptr) return Failure(core::ErrorCode::kInternal, what);
  std::string pem(data, static_cast<std::size_t>(length));
  OPENSSL_cleanse(data, static_cast<std::size_t>(length));
  return pem;
}

}  // namespace

OpenSslKeyCipher::OpenSslKeyCipher(std::string passphrase) : passphrase_(std::move(passphrase)) {
  EnsureSodiumInitialized();
}

core::Result<ports::KeyCipher::KeyPair> OpenSslKeyCipher::Generate() {
  const ErrorQueueScope errors;
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), kRsaBits) != 1) {
    return Failure(core::ErrorCode::kInternal, "RSA key generation setup failed");
  }
  EVP_PKEY* raw = nullptr;
  const int ok = EVP_PKEY_generate(ctx.get(), &raw);
  Pkey key(raw);
  if (ok != 1 || !key) return Failure(core::ErrorCode::kInternal, "RSA key generation failed");

  auto public_pem = ToPem(
      key.get(), [](BIO* bio, EVP_PKEY* k) { return PEM_write_bio_PUBKEY(bio, k); },
      "writing the public key PEM failed");
  if (!public_pem) return std::unexpected(std::move(public_pem.error()));
  // PKCS#8; under the passphrase with AES-256-CBC (OpenSSL 3 then uses PBES2 with
  // PBKDF2-HMAC-SHA256), unencrypted without one.
  auto private_pem = ToPem(
      key.get(),
      [this](BIO* bio, EVP_PKEY* k) {
        if (passphrase_.empty()) {
          return PEM_write_bio_PKCS8PrivateKey(bio, k, nullptr, nullptr, 0, nullptr, nullptr);
        }
        return PEM_write_bio_PKCS8PrivateKey(bio, k, EVP_aes_256_cbc(), passphrase_.data(),
                                             static_cast<int>(passphrase_.size()), nullptr,
                                             nullptr);
      },
      "writing the private key PEM failed");
  if (!private_pem) return std::unexpected(std::move(private_pem.error()));
  return KeyPair{.public_pem = std::move(*public_pem), .private_pem = std::move(*private_pem)};
}

core::Result<std::string> OpenSslKeyCipher::Decrypt(std::string_view private_pem,
                                                    std::string_view ciphertext_base64) {
  const ErrorQueueScope errors;
  if (ciphertext_base64.size() > kMaxCiphertextBase64Bytes) {
    return core::Fail(core::ErrorCode::kDecryptionFailed, {}, "ciphertext too long");
  }
  std::vector<unsigned char> ciphertext(ciphertext_base64.size() / 4 * 3 + 3);
  std::size_t ciphertext_length = 0;
  // A null end pointer makes libsodium reject any character it cannot parse or ignore.
  if (sodium_base642bin(ciphertext.data(), ciphertext.size(), ciphertext_base64.data(),
                        ciphertext_base64.size(), kBase64Ignored, &ciphertext_length, nullptr,
                        kBase64Variant) != 0 ||
      ciphertext_length == 0) {
    return core::Fail(core::ErrorCode::kDecryptionFailed, {}, "ciphertext is not base64");
  }

  const Pkey key = DecodeRsaPem(private_pem, EVP_PKEY_KEYPAIR, passphrase_);
  if (!key) {
    if (private_pem.starts_with(kEncryptedPemBegin)) {
      return Failure(core::ErrorCode::kInternal,
                     passphrase_.empty() ? "the private key is encrypted and no passphrase is set "
                                           "(--encryption-key-passphrase)"
                                         : "the private key does not open with the passphrase "
                                           "(--encryption-key-passphrase)");
    }
    return Failure(core::ErrorCode::kDecryptionFailed, "not an RSA private key PEM");
  }
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) != 1 || !SetOaepSha256(ctx.get())) {
    return Failure(core::ErrorCode::kDecryptionFailed, "RSA-OAEP decryption setup failed");
  }
  std::size_t plaintext_length = 0;
  if (EVP_PKEY_decrypt(ctx.get(), nullptr, &plaintext_length, ciphertext.data(),
                       ciphertext_length) != 1) {
    return Failure(core::ErrorCode::kDecryptionFailed, "RSA-OAEP decryption failed");
  }
  std::string plaintext(plaintext_length, '\0');
  if (EVP_PKEY_decrypt(ctx.get(), reinterpret_cast<unsigned char*>(plaintext.data()),
                       &plaintext_length, ciphertext.data(), ciphertext_length) != 1) {
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    return Failure(core::ErrorCode::kDecryptionFailed, "RSA-OAEP decryption failed");
  }
  plaintext.resize(plaintext_length);
  return plaintext;
}

core::Result<std::string> OpenSslKeyCipher::Encrypt(std::string_view public_pem,
                                                    std::string_view plaintext) {
  const ErrorQueueScope errors;
  const Pkey key = DecodeRsaPem(public_pem, EVP_PKEY_PUBLIC_KEY);
  if (!key) return Failure(core::ErrorCode::kDecryptionFailed, "not an RSA public key PEM");
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) != 1 || !SetOaepSha256(ctx.get())) {
    return Failure(core::ErrorCode::kDecryptionFailed, "RSA-OAEP encryption setup failed");
  }
  const auto* in = reinterpret_cast<const unsigned char*>(plaintext.data());
  std::size_t ciphertext_length = 0;
  if (EVP_PKEY_encrypt(ctx.get(), nullptr, &ciphertext_length, in, plaintext.size()) != 1) {
    return Failure(core::ErrorCode::kDecryptionFailed, "RSA-OAEP encryption failed");
  }
  std::vector<unsigned char> ciphertext(ciphertext_length);
  if (EVP_PKEY_encrypt(ctx.get(), ciphertext.data(), &ciphertext_length, in, plaintext.size()) !=
      1) {
    return Failure(core::ErrorCode::kDecryptionFailed,
                   "RSA-OAEP encryption failed (plaintext too long for the key?)");
  }
  // ENCODED_LEN counts the terminating NUL.
  std::string out(sodium_base64_ENCODED_LEN(ciphertext_length, kBase64Variant), '\0');
  sodium_bin2base64(out.data(), out.size(), ciphertext.data(), ciphertext_length, kBase64Variant);
  out.resize(out.size() - 1);
  return out;
}

}  // namespace roster::crypto
