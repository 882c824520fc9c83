#include <boost/url/parse.hpp>
#include <vector>

#include "api/obp/routes.h"
#include "api/obp/versions.h"

namespace roster::api::obp {

namespace {

bool IsPlaceholder(std::string_view segment) {
  if (segment.size() < 2) return false;
  for (char c : segment) {
    if (!((c >= 'A' && c <= 'Z') || c == '_')) return false;
  }
  return true;
}

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
int MatchScore(const Route& route, const std::vector<std::string>& segments,
               std::map<std::string, std::string>& params) {
  auto pattern = SplitPattern(route.path);
  if (pattern.size() != segments.size()) return -1;
  int literals = 0;
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (IsPlaceholder(pattern[i])) {
      if (segments[i].empty()) return -1;
      found.emplace(std::string(pattern[i]), segments[i]);
    } else if (pattern[i] == segments[i]) {
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
  // A trailing slash is not a distinct resource.
  if (!segments.empty() && segments.back().empty()) segments.pop_back();

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
    int score = MatchScore(route, segments, params);
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
