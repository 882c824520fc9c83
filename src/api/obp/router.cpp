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

// A route with its pattern split and its version resolved, built once: matching runs on every
// request.
struct CompiledRoute {
  const Route* route;
  http::PathPattern pattern;
  std::optional<std::size_t> since;  // index of implemented_in; nullopt for unversioned routes
};

const std::vector<CompiledRoute>& CompiledRoutes() {
  static const std::vector<CompiledRoute> kCompiled = [] {
    std::vector<CompiledRoute> out;
    for (const Route& route : Routes()) {
      out.push_back(
          {&route, http::PathPattern(route.path, ParamName),
           route.implemented_in.empty() ? std::nullopt : VersionIndex(route.implemented_in)});
    }
    return out;
  }();
  return kCompiled;
}

}  // namespace

std::optional<RouteMatch> FindRoute(http::Verb verb, std::string_view target) {
  auto path = http::PathSegments(target);
  if (!path) return std::nullopt;
  std::vector<std::string>& segments = *path;

  std::string version;
  std::optional<std::size_t> want;
  if (segments.size() >= 2 && segments[0] == "obp") {
    version = segments[1];
    want = VersionIndex(version);
    if (!want) return std::nullopt;
    segments.erase(segments.begin(), segments.begin() + 2);
  }

  std::optional<RouteMatch> best;
  int best_score = -1;
  std::optional<std::size_t> best_since;
  std::map<std::string, std::string> params;
  for (const CompiledRoute& candidate : CompiledRoutes()) {
    const Route& route = *candidate.route;
    if (route.verb != verb) continue;
    if (version.empty() != route.implemented_in.empty()) continue;
    const int score = candidate.pattern.Match(segments, params);
    if (score < 0) continue;
    if (want && (!candidate.since || !Serves(*want, *candidate.since, route.function))) continue;
    if (score > best_score || (score == best_score && candidate.since > best_since)) {
      best = RouteMatch{&route, version, std::move(params)};
      best_score = score;
      best_since = candidate.since;
    }
  }
  return best;
}

}  // namespace roster::api::obp
