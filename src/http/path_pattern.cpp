#include "http/path_pattern.h"

#include <algorithm>
#include <array>
#include <boost/url/parse.hpp>

namespace roster::http {

namespace {

// '/' and the RFC 3986 pchars other than pct-encoded: what a plain path holds, as a table (this
// runs on every character of every request target).
constexpr std::array<bool, 256> kPlainPathChars = [] {
  std::array<bool, 256> table{};
  for (char c = 'a'; c <= 'z'; ++c) table[static_cast<unsigned char>(c)] = true;
  for (char c = 'A'; c <= 'Z'; ++c) table[static_cast<unsigned char>(c)] = true;
  for (char c = '0'; c <= '9'; ++c) table[static_cast<unsigned char>(c)] = true;
  for (char c : std::string_view("/-._~!$&'()*+,;=:@")) table[static_cast<unsigned char>(c)] = true;
  return table;
}();

}  // namespace

std::optional<std::vector<std::string>> PathSegments(std::string_view target) {
  std::vector<std::string> segments;
  // Nearly every request target is a plain path: '/' and pchars, no escapes, no query. Such a
  // target is valid origin-form and decodes to itself, so it is split at '/' here: parsing it with
  // boost::urls took about 0.7 µs per request, two thirds of the route lookup. Anything else goes
  // to boost::urls, and so do targets starting "/." (boost::urls drops a leading "." segment).
  // tests/http/path_pattern_test.cpp checks that both agree on every plain target.
  const bool plain = target.starts_with('/') && !target.starts_with("/.") &&
                     std::ranges::all_of(target, [](char c) {
                       return kPlainPathChars[static_cast<unsigned char>(c)];
                     });
  if (plain) {
    std::string_view rest = target.substr(1);
    for (;;) {
      const std::size_t slash = rest.find('/');
      segments.emplace_back(rest.substr(0, slash));
      if (slash == std::string_view::npos) break;
      rest.remove_prefix(slash + 1);
    }
  } else {
    auto url = boost::urls::parse_origin_form(target);
    if (!url) return std::nullopt;
    for (auto segment : url->segments()) segments.emplace_back(segment);
  }
  if (!segments.empty() && segments.back().empty()) segments.pop_back();
  return segments;
}

PathPattern::PathPattern(std::string_view pattern, ParamName param_name) {
  while (!pattern.empty()) {
    if (pattern.front() == '/') pattern.remove_prefix(1);
    const std::size_t slash = pattern.find('/');
    const std::string_view part = pattern.substr(0, slash);
    pattern = slash == std::string_view::npos ? std::string_view{} : pattern.substr(slash);
    if (part.empty()) continue;  // "/" is the root; a trailing slash adds no segment
    if (auto name = param_name(part)) {
      parts_.push_back({*name, true});
    } else {
      parts_.push_back({part, false});
      ++literals_;
    }
  }
}

int PathPattern::Match(const std::vector<std::string>& segments,
                       std::map<std::string, std::string>& params) const {
  if (segments.size() != parts_.size()) return -1;
  for (std::size_t i = 0; i < parts_.size(); ++i) {
    const bool matches = parts_[i].parameter ? !segments[i].empty() : parts_[i].text == segments[i];
    if (!matches) return -1;
  }
  params.clear();
  for (std::size_t i = 0; i < parts_.size(); ++i) {
    if (parts_[i].parameter) params.emplace(std::string(parts_[i].text), segments[i]);
  }
  return literals_;
}

}  // namespace roster::http
