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

int MatchPattern(std::string_view pattern, const std::vector<std::string>& segments,
                 ParamName param_name, std::map<std::string, std::string>& params) {
  std::map<std::string, std::string> found;
  std::size_t i = 0;
  int literals = 0;
  while (!pattern.empty()) {
    if (pattern.front() == '/') pattern.remove_prefix(1);
    std::size_t slash = pattern.find('/');
    std::string_view part = pattern.substr(0, slash);
    pattern = slash == std::string_view::npos ? std::string_view{} : pattern.substr(slash);
    if (i >= segments.size()) return -1;
    if (auto name = param_name(part)) {
      if (segments[i].empty()) return -1;
      found.emplace(std::string(*name), segments[i]);
    } else if (part == segments[i]) {
      ++literals;
    } else {
      return -1;
    }
    ++i;
  }
  if (i != segments.size()) return -1;
  params = std::move(found);
  return literals;
}

}  // namespace roster::http
