#include "core/validation.h"

#include <cstddef>
#include <cstdint>

namespace roster::core {
namespace {

constexpr std::size_t kUsernameMinLength = 8;
constexpr std::size_t kUsernameMaxLength = 100;
constexpr std::size_t kEmailMaxLength = 254;
constexpr std::size_t kDomainLabelMaxLength = 63;
constexpr std::size_t kObpIdMaxLength = 36;

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Local-part characters of the WHATWG/W3C "valid e-mail address" production.
bool IsEmailLocalChar(char c) {
  constexpr std::string_view kExtra = ".!#$%&'*+/=?^_`{|}~-";
  return IsAsciiAlnum(c) || kExtra.find(c) != std::string_view::npos;
}

// A DNS label: 1..63 of [A-Za-z0-9-], not starting or ending with '-'.
bool IsDomainLabel(std::string_view label) {
  if (label.empty() || label.size() > kDomainLabelMaxLength) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  for (char c : label) {
    if (!IsAsciiAlnum(c) && c != '-') return false;
  }
  return true;
}

bool IsUsernameChar(char c) { return IsAsciiAlnum(c) || c == '.' || c == '_'; }
bool IsUsernamePunct(char c) { return c == '.' || c == '_'; }

}  // namespace

bool IsValidUsername(std::string_view username) {
  if (IsValidEmail(username)) return true;
  if (username.size() < kUsernameMinLength || username.size() > kUsernameMaxLength) return false;
  if (IsUsernamePunct(username.front()) || IsUsernamePunct(username.back())) return false;
  for (std::size_t i = 0; i < username.size(); ++i) {
    if (!IsUsernameChar(username[i])) return false;
    // "__", "_.", "._" and ".." are exactly the pairs of two adjacent punctuation characters.
    if (i > 0 && IsUsernamePunct(username[i - 1]) && IsUsernamePunct(username[i])) return false;
  }
  return true;
}

bool IsValidEmail(std::string_view email) {
  if (email.size() > kEmailMaxLength) return false;
  const std::size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0) return false;
  const std::string_view local = email.substr(0, at);
  std::string_view domain = email.substr(at + 1);
  for (char c : local) {
    if (!IsEmailLocalChar(c)) return false;
  }
  // At least two labels (domain.tld); a second '@' fails the label check.
  if (domain.find('.') == std::string_view::npos) return false;
  while (true) {
    const std::size_t dot = domain.find('.');
    if (!IsDomainLabel(domain.substr(0, dot))) return false;
    if (dot == std::string_view::npos) return true;
    domain.remove_prefix(dot + 1);
  }
}

// Well-formed per Unicode 15 Table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  auto is_continuation = [&](std::size_t k) { return k < n && (byte(k) & 0xC0) == 0x80; };
  while (i < n) {
    const std::uint8_t b0 = byte(i);
    if (b0 < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint8_t second_lo = 0x80, second_hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      length = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      length = 3;
      if (b0 == 0xE0) second_lo = 0xA0;  // overlong
      if (b0 == 0xED) second_hi = 0x9F;  // surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      length = 4;
      if (b0 == 0xF0) second_lo = 0x90;  // overlong
      if (b0 == 0xF4) second_hi = 0x8F;  // above U+10FFFF
    } else {
      return false;
    }
    if (i + 1 >= n || byte(i + 1) < second_lo || byte(i + 1) > second_hi) return false;
    for (std::size_t k = 2; k < length; ++k) {
      if (!is_continuation(i + k)) return false;
    }
    i += length;
  }
  return true;
}

bool IsValidObpId(std::string_view id) {
  if (id.empty() || id.size() > kObpIdMaxLength) return false;
  for (char c : id) {
    if (!IsAsciiAlnum(c) && c != '-' && c != '.' && c != '_') return false;
  }
  return true;
}

}  // namespace roster::core
