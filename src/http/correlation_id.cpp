#include "http/correlation_id.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>

namespace roster::http {

bool IsValidCorrelationId(std::string_view id) {
  if (id.empty() || id.size() > kMaxCorrelationIdLength) return false;
  return std::ranges::all_of(id, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

std::string NewCorrelationId() {
  thread_local std::mt19937_64 generator{[] {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
  }()};
  return fmt::format("{:016x}", generator());
}

}  // namespace roster::http
