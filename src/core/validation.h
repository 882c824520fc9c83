// Pure input checks shared by the services.
#pragma once

#include <string_view>

namespace roster::core {

// OBP username rule (obp-reference-behaviour.md §2.2): either a valid e-mail address, or
// 8..100 characters of [A-Za-z0-9._], not starting or ending with '_' or '.', and without
// "__", "_.", "._" or "..".
bool IsValidUsername(std::string_view username);

// A pragmatic W3C-style e-mail check (local@domain.tld, ASCII, at most 254 characters).
bool IsValidEmail(std::string_view email);

// True when `text` is well-formed UTF-8.
bool IsValidUtf8(std::string_view text);

// OBP id rule for BANK_ID and similar: 1..36 characters of [A-Za-z0-9-._].
bool IsValidObpId(std::string_view id);

}  // namespace roster::core
