// The OBP route table and its matcher. Every OBP path Roster serves is listed in routes.cpp.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "api/obp/call.h"
#include "http/message.h"

namespace roster::api::obp {

struct Route {
  http::Verb verb;
  // Path after the version prefix; UPPER_CASE segments are parameters ("/users/USER_ID").
  std::string_view path;
  // Version that implements it ("v4.0.0"), served under that prefix and every later one that
  // does not exclude it; empty for the unversioned routes served at the root (DirectLogin).
  std::string_view implemented_in;
  std::string_view function;  // operation id = "OBP" + implemented_in + "-" + function
  http::Lane lane;
  Handler handler;
};

std::span<const Route> Routes();

struct RouteMatch {
  const Route* route = nullptr;
  std::string version;
  std::map<std::string, std::string> params;
};

// The route for a method and a request target. Among the routes that match, literal segments
// beat parameters and the newest implementation not newer than the prefix wins. nullopt when
// nothing matches (unknown path, method or version).
std::optional<RouteMatch> FindRoute(http::Verb verb, std::string_view target);

}  // namespace roster::api::obp
