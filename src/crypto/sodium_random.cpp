#include "crypto/sodium_random.h"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "crypto/sodium_init.h"

namespace roster::crypto {
namespace {

constexpr int kBase64Variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

std::string Draw(std::size_t n, std::string_view alphabet) {
  std::string out(n, '\0');
  for (char& c : out) {
    c = alphabet[randombytes_uniform(static_cast<std::uint32_t>(alphabet.size()))];
  }
  return out;
}

}  // namespace

SodiumRandom::SodiumRandom() { EnsureSodiumInitialized(); }

std::string SodiumRandom::Token(std::size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  // ENCODED_LEN counts the terminating NUL.
  std::string out(sodium_base64_ENCODED_LEN(bytes, kBase64Variant), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), kBase64Variant);
  out.resize(out.size() - 1);
  sodium_memzero(raw.data(), raw.size());
  return out;
}

std::string SodiumRandom::Uuid() {
  std::array<unsigned char, 16> b{};
  randombytes_buf(b.data(), b.size());
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 0x0F]);
  }
  return out;
}

std::string SodiumRandom::Digits(std::size_t n) { return Draw(n, "0123456789"); }

std::string SodiumRandom::Alphanumeric(std::size_t n) {
  return Draw(n, "abcdefghijklmnopqrstuvwxyz0123456789");
}

}  // namespace roster::crypto
