#include "http/path_pattern.h"

#include <gtest/gtest.h>

#include <boost/url/parse.hpp>

namespace roster::http {
namespace {

std::optional<std::string_view> Braces(std::string_view segment) {
  if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}') {
    return segment.substr(1, segment.size() - 2);
  }
  return std::nullopt;
}

std::vector<std::string> Segments(std::string_view target) {
  auto segments = PathSegments(target);
  EXPECT_TRUE(segments.has_value()) << target;
  return segments.value_or(std::vector<std::string>{});
}

TEST(PathSegmentsTest, DecodesAndDropsTheTrailingSlash) {
  EXPECT_EQ(Segments("/users/a%20b/"), (std::vector<std::string>{"users", "a b"}));
  EXPECT_EQ(Segments("/users?x=1"), (std::vector<std::string>{"users"}));
  EXPECT_EQ(Segments("/"), (std::vector<std::string>{}));
  EXPECT_FALSE(PathSegments("no-slash").has_value());
}

// What boost::urls makes of a target: the oracle for PathSegments' own split of plain paths.
std::optional<std::vector<std::string>> BoostSegments(std::string_view target) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return std::nullopt;
  std::vector<std::string> segments;
  for (auto segment : url->segments()) segments.emplace_back(segment);
  if (!segments.empty() && segments.back().empty()) segments.pop_back();
  return segments;
}

TEST(PathSegmentsTest, PlainTargetsSplitExactlyAsBoostUrlsSplitsThem) {
  for (std::string_view target :
       {"/obp/v5.0.0/users/user_id/1d6ca522-fd1a-454e-9688-14909917b7c4", "/users/users/a~b", "//a",
        "/./a", "/../a", "/a/./b", "/.", "/..", "/a//", "/a:b@c/!$&'()*+,;="}) {
    EXPECT_EQ(PathSegments(target), BoostSegments(target)) << target;
  }
  // Every target of up to six characters over an alphabet with the separators and dot segments.
  constexpr std::string_view kAlphabet = "/a.:@~";
  std::vector<std::string> targets{"/"};
  for (std::size_t begin = 0; begin < targets.size(); ++begin) {
    if (targets[begin].size() == 6) continue;
    for (char c : kAlphabet) targets.push_back(targets[begin] + c);
  }
  for (const std::string& target : targets) {
    ASSERT_EQ(PathSegments(target), BoostSegments(target)) << target;
  }
  EXPECT_EQ(targets.size(), 9331U);  // 1 + 6 + ... + 6^5
}

TEST(PathPatternTest, CountsLiteralsAndFillsParameters) {
  const PathPattern pattern("/users/{userId}/addresses/{id}", Braces);
  std::map<std::string, std::string> params;
  EXPECT_EQ(pattern.Match(Segments("/users/u1/addresses/a2"), params), 2);
  EXPECT_EQ(params, (std::map<std::string, std::string>{{"userId", "u1"}, {"id", "a2"}}));
}

TEST(PathPatternTest, RefusesOtherShapesAndLeavesParametersAlone) {
  const PathPattern pattern("/users/{userId}", Braces);
  std::map<std::string, std::string> params{{"kept", "1"}};
  EXPECT_EQ(pattern.Match(Segments("/users"), params), -1);
  EXPECT_EQ(pattern.Match(Segments("/users/u1/more"), params), -1);
  EXPECT_EQ(pattern.Match(Segments("/people/u1"), params), -1);
  EXPECT_EQ(pattern.Match(std::vector<std::string>{"users", ""}, params), -1);
  EXPECT_EQ(params, (std::map<std::string, std::string>{{"kept", "1"}}));
}

TEST(PathPatternTest, MatchingReplacesEarlierParameters) {
  const PathPattern pattern("/users/{userId}", Braces);
  std::map<std::string, std::string> params{{"stale", "x"}};
  EXPECT_EQ(pattern.Match(Segments("/users/u9"), params), 1);
  EXPECT_EQ(params, (std::map<std::string, std::string>{{"userId", "u9"}}));
}

TEST(PathPatternTest, TheRootPatternMatchesOnlyTheRoot) {
  const PathPattern root("/", Braces);
  std::map<std::string, std::string> params;
  EXPECT_EQ(root.Match(Segments("/"), params), 0);
  EXPECT_EQ(root.Match(Segments("/users"), params), -1);
}

}  // namespace
}  // namespace roster::http
