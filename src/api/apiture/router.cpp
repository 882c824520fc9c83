#include <boost/url/parse.hpp>
#include <vector>

#include "api/apiture/routes.h"

namespace roster::api::apiture {

namespace {

std::vector<std::string_view> SplitPattern(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    if (path.front() == '/') path.remove_prefix(1);
    std::size_t slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  }
  return parts;
}

// Literal segments of the pattern, -1 when it does not match.
int MatchScore(std::string_view route_path, const std::vector<std::string>& segments,
               std::map<std::string, std::string>& params) {
  auto pattern = SplitPattern(route_path);
  if (pattern.size() != segments.size()) return -1;
  int literals = 0;
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    std::string_view part = pattern[i];
    if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
      if (segments[i].empty()) return -1;
      found.emplace(std::string(part.substr(1, part.size() - 2)), segments[i]);
    } else if (part == segments[i]) {
      ++literals;
    } else {
      return -1;
    }
  }
  params = std::move(found);
  return literals;
}

}  // namespace

std::optional<RouteMatch> FindRoute(http::Verb verb, std::string_view target) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return std::nullopt;
  std::vector<std::string> segments;
  for (auto segment : url->segments()) segments.emplace_back(segment);
  // A trailing slash is not a distinct resource ("/users/" is the API root).
  if (!segments.empty() && segments.back().empty()) segments.pop_back();

  std::optional<RouteMatch> best;
  int best_score = -1;
  for (const Route& route : Routes()) {
    std::map<std::string, std::string> params;
    int score = MatchScore(route.path, segments, params);
    if (score < 0) continue;
    if (route.verb != verb) continue;
    if (score > best_score) {
      best_score = score;
      best = RouteMatch{&route, std::move(params)};
    }
  }
  return best;
}

}  // namespace roster::api::apiture
