#include "http/path_pattern.h"

#include <boost/url/parse.hpp>

namespace roster::http {

std::optional<std::vector<std::string>> PathSegments(std::string_view target) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return std::nullopt;
  std::vector<std::string> segments;
  for (auto segment : url->segments()) segments.emplace_back(segment);
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
