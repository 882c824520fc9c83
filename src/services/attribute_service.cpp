#include "services/attribute_service.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <utility>

#include "core/validation.h"
#include "services/access.h"

namespace roster::services {

using core::ErrorCode;
using core::Fail;
using core::Result;
using core::UserAttribute;

namespace {

constexpr std::string_view kCanGetUsersWithAttributes = "CanGetUsersWithAttributes";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The text after one optional leading sign, and the text from_chars accepts (no '+').
std::pair<std::string_view, std::string_view> SplitSign(std::string_view text) {
  if (text.starts_with('+')) return {text.substr(1), text.substr(1)};
  if (text.starts_with('-')) return {text.substr(1), text};
  return {text, text};
}

// Optional sign, then at least one digit and nothing else; the value fits in 64 bits.
bool IsInteger(std::string_view text) {
  auto [digits, number] = SplitSign(text);
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), IsDigit)) return false;
  std::int64_t parsed = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), parsed);
  return ec == std::errc{} && end == number.data() + number.size();
}

// A finite decimal number ("-1.5", "2e3"); no hexadecimal, infinities or NaN.
bool IsDouble(std::string_view text) {
  auto [body, number] = SplitSign(text);
  if (body.empty() || !(IsDigit(body.front()) || body.front() == '.')) return false;
  double parsed = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), parsed,
                                   std::chars_format::general);
  return ec == std::errc{} && end == number.data() + number.size() && std::isfinite(parsed);
}

// yyyy-MM-dd naming a real date of the proleptic Gregorian calendar.
bool IsDateWithDay(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(text[i])) return false;
  }
  auto number = [&](std::size_t from, std::size_t length) {
    int value = 0;
    std::from_chars(text.data() + from, text.data() + from + length, value);
    return value;
  };
  std::chrono::year_month_day date{std::chrono::year{number(0, 4)},
                                   std::chrono::month{static_cast<unsigned>(number(5, 2))},
                                   std::chrono::day{static_cast<unsigned>(number(8, 2))}};
  return date.ok();
}

Result<core::User> RequireUser(ports::Tx& tx, std::string_view user_id) {
  auto user = tx.FindUserById(user_id);
  if (!user) return std::unexpected(user.error());
  if (!*user) return Fail(ErrorCode::kUserNotFound, std::string(user_id));
  return std::move(**user);
}

}  // namespace

std::string CheckAttribute(const AttributeInput& input) {
  if (input.name.empty()) return "The name field must not be empty.";
  if (input.name.size() > kMaxAttributeNameLength) {
    return "The name field must be at most " + std::to_string(kMaxAttributeNameLength) +
           " characters long.";
  }
  if (input.value.size() > kMaxAttributeValueLength) {
    return "The value field must be at most " + std::to_string(kMaxAttributeValueLength) +
           " characters long.";
  }
  if (!core::IsValidUtf8(input.name) || !core::IsValidUtf8(input.value)) {
    return "The name and value fields must be valid UTF-8.";
  }
  if (input.type == "STRING") return "";
  if (input.type == "INTEGER") {
    return IsInteger(input.value) ? "" : "The value of an INTEGER attribute must be an integer.";
  }
  if (input.type == "DOUBLE") {
    return IsDouble(input.value) ? "" : "The value of a DOUBLE attribute must be a number.";
  }
  if (input.type == "DATE_WITH_DAY") {
    return IsDateWithDay(input.value)
               ? ""
               : "The value of a DATE_WITH_DAY attribute must be a date in the format yyyy-MM-dd.";
  }
  return "The type field must be one of \"STRING\", \"INTEGER\", \"DOUBLE\" or "
         "\"DATE_WITH_DAY\".";
}

Result<UserAttribute> AttributeService::CreateMine(const Principal& caller,
                                                   const AttributeInput& input) {
  if (std::string problem = CheckAttribute(input); !problem.empty()) {
    return Fail(ErrorCode::kInvalidJson, problem);
  }
  const core::TimePoint now = ports_.clock.Now();
  UserAttribute attribute{.id = ports_.random.Uuid(),
                          .user_id = caller.user.id,
                          .name = input.name,
                          .type = input.type,
                          .value = input.value,
                          .is_personal = true,
                          .created_at = now,
                          .updated_at = now};
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<UserAttribute> {
    if (auto r = tx.InsertUserAttribute(attribute); !r) return std::unexpected(r.error());
    return attribute;
  });
}

Result<std::vector<UserAttribute>> AttributeService::ListMine(const Principal& caller) {
  return ports::ReadTx(ports_.store,
                       [&](ports::Tx& tx) { return tx.ListUserAttributes(caller.user.id); });
}

Result<UserAttribute> AttributeService::UpdateMine(const Principal& caller,
                                                   std::string_view attribute_id,
                                                   const AttributeInput& input) {
  if (std::string problem = CheckAttribute(input); !problem.empty()) {
    return Fail(ErrorCode::kInvalidJson, problem);
  }
  const core::TimePoint now = ports_.clock.Now();
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<UserAttribute> {
    auto found = tx.FindUserAttribute(attribute_id);
    if (!found) return std::unexpected(found.error());
    // Another user's attribute is reported exactly like a missing one, so that ids cannot be
    // probed.
    if (!*found || (*found)->user_id != caller.user.id) {
      return Fail(ErrorCode::kAttributeNotFound, std::string(attribute_id));
    }
    UserAttribute attribute = std::move(**found);
    attribute.name = input.name;
    attribute.type = input.type;
    attribute.value = input.value;
    attribute.updated_at = now;
    if (auto r = tx.UpdateUserAttribute(attribute); !r) return std::unexpected(r.error());
    return attribute;
  });
}

Result<UserWithAttributes> AttributeService::GetUserWithAttributes(const Principal& caller,
                                                                   std::string_view user_id) {
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<UserWithAttributes> {
    if (auto r = RequireAnyRole(tx, caller, {kCanGetUsersWithAttributes}); !r) {
      return std::unexpected(r.error());
    }
    auto user = RequireUser(tx, user_id);
    if (!user) return std::unexpected(user.error());
    auto attributes = tx.ListUserAttributes(user_id);
    if (!attributes) return std::unexpected(attributes.error());
    return UserWithAttributes{std::move(*user), std::move(*attributes)};
  });
}

}  // namespace roster::services
