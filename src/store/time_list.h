// The text form of a list of times both stores keep in one column (a challenge's redemption
// history): unix seconds in decimal, separated by commas, in list order; "" for an empty list.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"

namespace roster::store {

inline std::string EncodeTimeList(const std::vector<core::TimePoint>& times) {
  std::string text;
  for (const core::TimePoint time : times) {
    if (!text.empty()) text += ',';
    text += std::to_string(time.time_since_epoch().count());
  }
  return text;
}

// nullopt when `text` is not such a list (a corrupt row).
inline std::optional<std::vector<core::TimePoint>> DecodeTimeList(std::string_view text) {
  std::vector<core::TimePoint> times;
  if (text.empty()) return times;
  while (true) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    std::int64_t seconds = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), seconds);
    if (item.empty() || ec != std::errc{} || end != item.data() + item.size()) return std::nullopt;
    times.push_back(core::TimePoint{std::chrono::seconds{seconds}});
    if (comma == std::string_view::npos) return times;
    text.remove_prefix(comma + 1);
  }
}

}  // namespace roster::store
