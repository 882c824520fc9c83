#include <vector>

#include "api/apiture/routes.h"
#include "http/path_pattern.h"

namespace roster::api::apiture {

namespace {

// Apiture patterns name their parameters in braces ("/users/users/{userId}").
std::optional<std::string_view> ParamName(std::string_view segment) {
  if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}') {
    return segment.substr(1, segment.size() - 2);
  }
  return std::nullopt;
}

// The route table's patterns, split once.
const std::vector<http::PathPattern>& Patterns() {
  static const std::vector<http::PathPattern> kPatterns = [] {
    std::vector<http::PathPattern> out;
    for (const Route& route : Routes()) out.emplace_back(route.path, ParamName);
    return out;
  }();
  return kPatterns;
}

}  // namespace

std::optional<RouteMatch> FindRoute(http::Verb verb, std::string_view target) {
  // A trailing slash is not a distinct resource ("/users/" is the API root).
  auto segments = http::PathSegments(target);
  if (!segments) return std::nullopt;

  std::optional<RouteMatch> best;
  int best_score = -1;
  const std::span<const Route> routes = Routes();
  std::map<std::string, std::string> params;
  for (std::size_t i = 0; i < routes.size(); ++i) {
    const Route& route = routes[i];
    if (route.verb != verb) continue;
    const int score = Patterns()[i].Match(*segments, params);
    if (score < 0) continue;
    if (score > best_score) {
      best_score = score;
      best = RouteMatch{&route, std::move(params)};
    }
  }
  return best;
}

}  // namespace roster::api::apiture
