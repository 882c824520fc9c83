#include "http/path_pattern.h"

#include <gtest/gtest.h>

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
