// Matching request paths against route patterns, shared by the dialects' route tables. A pattern
// is a '/'-separated path whose parameter segments the caller recognises (OBP: UPPER_CASE names,
// Apiture: {name}).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace roster::http {

// The percent-decoded path segments of an origin-form target, without a trailing empty segment
// (a trailing slash is not a distinct resource). nullopt when the target does not parse.
std::optional<std::vector<std::string>> PathSegments(std::string_view target);

// Returns the parameter name when `segment` of a pattern is a parameter, nullopt otherwise.
using ParamName = std::optional<std::string_view> (*)(std::string_view segment);

// A route pattern split once, when the route table is built, so that matching a request against
// every route costs a size check and a few comparisons per route and allocates only for a match.
// The pattern text must outlive the PathPattern (route tables hold string literals).
class PathPattern {
 public:
  PathPattern(std::string_view pattern, ParamName param_name);

  // The number of literal segments when the pattern matches `segments` (then `params` holds the
  // parameters), -1 when it does not. Parameters never match an empty segment.
  int Match(const std::vector<std::string>& segments,
            std::map<std::string, std::string>& params) const;

 private:
  struct Part {
    std::string_view text;  // the literal, or the parameter's name
    bool parameter = false;
  };
  std::vector<Part> parts_;
  int literals_ = 0;
};

}  // namespace roster::http
