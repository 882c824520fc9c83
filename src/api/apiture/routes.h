// The Apiture route table and its matcher. Every Apiture path Roster serves is listed in
// routes.cpp.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "api/apiture/call.h"
#include "http/message.h"

namespace roster::api::apiture {

struct Route {
  http::Verb verb;
  std::string_view path;  // "{name}" segments are parameters ("/users/users/{userId}")
  std::string_view operation_id;
  http::Lane lane;
  Handler handler;
};

std::span<const Route> Routes();

struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
};

// The route for a method and a request target; literal segments beat parameters. nullopt when
// no route matches the path and method.
std::optional<RouteMatch> FindRoute(http::Verb verb, std::string_view target);

}  // namespace roster::api::apiture
