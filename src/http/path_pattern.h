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

// The number of literal segments of `pattern` when it matches `segments` (filling `params`), -1
// when it does not. Parameters never match an empty segment.
int MatchPattern(std::string_view pattern, const std::vector<std::string>& segments,
                 ParamName param_name, std::map<std::string, std::string>& params);

}  // namespace roster::http
