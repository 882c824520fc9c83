// The OBP password policy (OBP-30207), obp-reference-behaviour.md §2.1, 2024 snapshot:
// (A) 17..512 characters from the allowed set (space allowed), or
// (B) 10..16 characters from the allowed set minus space, with at least one digit, one lower-case
//     letter, one upper-case letter and one of the allowed punctuation characters.
// Allowed set: ASCII letters, digits, space and !"#$%&'()*+,-./:;<=>?@\^_`{|}~ (no [ or ]).
#pragma once

#include <string_view>

namespace roster::core {

bool IsAcceptablePassword(std::string_view password);

}  // namespace roster::core
