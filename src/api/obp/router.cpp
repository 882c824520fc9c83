#include <vector>

#include "api/obp/routes.h"
#include "api/obp/versions.h"
#include "http/path_pattern.h"

namespace roster::api::obp {

namespace {

bool IsPlaceholder(std::string_view segment) {
  if (segment.size() < 2) return false;
  for (char c : segment) {
    if (!((c >= 'A' && c <= 'Z') || c == '_')) return false;
  }
  return true;
}

// OBP patterns name their parameters in UPPER_CASE ("/users/USER_ID").
std::optional<std::string_view> ParamName(std::string_view segment) {
  if (IsPlaceholder(segment)) return segment;
  return std::nullopt;
}

}  // namespace

std::optional<RouteMatch> FindRoute(http::Verb verb, std::string_view target) {
  auto path = http::PathSegments(target);
  if (!path) return std::nullopt;
  std::vector<std::string>& segments = *path;

  std::string version;
  if (segments.size() >= 2 && segments[0] == "obp") {
    version = segments[1];
    if (!VersionIndex(version)) return std::nullopt;
    segments.erase(segments.begin(), segments.begin() + 2);
  }

  std::optional<RouteMatch> best;
  int best_score = -1;
  std::optional<std::size_t> best_since;
  for (const Route& route : Routes()) {
    if (route.verb != verb) continue;
    if (version.empty() != route.implemented_in.empty()) continue;
    if (!version.empty() && !Serves(version, route.implemented_in, route.function)) continue;
    std::map<std::string, std::string> params;
    int score = http::MatchPattern(route.path, segments, ParamName, params);
    if (score < 0) continue;
    auto since = VersionIndex(route.implemented_in);
    if (score > best_score || (score == best_score && since > best_since)) {
      best = RouteMatch{&route, version, std::move(params)};
      best_score = score;
      best_since = since;
    }
  }
  return best;
}

}  // namespace roster::api::obp
