#include "core/password_policy.h"

#include <cstddef>

namespace roster::core {
namespace {

constexpr std::size_t kStrongMinLength = 10;
constexpr std::size_t kStrongMaxLength = 16;
constexpr std::size_t kLongMinLength = 17;
constexpr std::size_t kLongMaxLength = 512;

// The 30 punctuation characters of the 2024 snapshot: ASCII punctuation without '[' and ']'.
constexpr std::string_view kSpecials = R"(!"#$%&'()*+,-./:;<=>?@\^_`{|}~)";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsSpecial(char c) { return kSpecials.find(c) != std::string_view::npos; }

// Any byte of a non-ASCII character is outside this set, so byte length equals character length
// for every password that passes it.
bool IsAllowed(char c) {
  return IsDigit(c) || IsLower(c) || IsUpper(c) || IsSpecial(c) || c == ' ';
}

}  // namespace

bool IsAcceptablePassword(std::string_view password) {
  for (char c : password) {
    if (!IsAllowed(c)) return false;
  }
  const std::size_t length = password.size();
  if (length >= kLongMinLength && length <= kLongMaxLength) return true;
  if (length < kStrongMinLength || length > kStrongMaxLength) return false;

  bool digit = false, lower = false, upper = false, special = false;
  for (char c : password) {
    if (c == ' ') return false;
    digit = digit || IsDigit(c);
    lower = lower || IsLower(c);
    upper = upper || IsUpper(c);
    special = special || IsSpecial(c);
  }
  return digit && lower && upper && special;
}

}  // namespace roster::core
