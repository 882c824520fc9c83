#include "api/apiture/hal.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace roster::api::apiture {

namespace json = boost::json;

std::string ProfileUri(std::string_view domain, std::string_view name, std::string_view version) {
  return fmt::format("https://production.api.apiture.com/schemas/{}/{}/v{}/profile.json", domain,
                     name, version);
}

json::object Link(std::string_view href) { return {{"href", href}}; }

http::Response HalResponse(http::Status status, const json::value& body,
                           const http::Request& request, std::string_view content_type) {
  http::Response response{status, request.version()};
  response.set(http::beast_http::field::content_type, content_type);
  response.body() = json::serialize(body);
  response.keep_alive(request.keep_alive());
  response.prepare_payload();
  return response;
}

std::string FormatTime(core::TimePoint time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::optional<core::TimePoint> ParseTime(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  std::string buffer(text);
  int consumed = 0;
  if (std::sscanf(buffer.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute,
                  &second, &consumed) != 6 ||
      consumed != 19) {
    return std::nullopt;
  }
  std::string_view rest = text.substr(19);
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    std::size_t digits = 0;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
    if (digits == 0) return std::nullopt;
    rest.remove_prefix(digits);
  }
  int offset_minutes = 0;
  if (rest == "Z" || rest == "z") {
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    int oh = 0, om = 0;
    std::string off(rest.substr(1));
    if (std::sscanf(off.c_str(), "%2d:%2d", &oh, &om) != 2) return std::nullopt;
    offset_minutes = (oh * 60 + om) * (rest[0] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(month),
                                  std::chrono::day(day)};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  return std::chrono::sys_days(ymd) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second) - std::chrono::minutes(offset_minutes);
}

std::string EtagOfVersion(std::int64_t version) { return fmt::format("\"v{}\"", version); }

std::optional<std::int64_t> VersionOfEtag(std::string_view etag) {
  if (etag.starts_with("W/")) etag.remove_prefix(2);
  if (etag.size() < 4 || etag.front() != '"' || etag.back() != '"' || etag[1] != 'v') {
    return std::nullopt;
  }
  std::int64_t version = 0;
  for (char c : etag.substr(2, etag.size() - 3)) {
    if (c < '0' || c > '9' || version > (INT64_MAX - 9) / 10) return std::nullopt;
    version = version * 10 + (c - '0');
  }
  return version;
}

std::string EtagOfBody(const json::value& body) {
  // FNV-1a: a stable, non-cryptographic fingerprint is all an entity tag needs (it protects no
  // secret), and no listed library offers a tiny stable hash.
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : json::serialize(body)) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return fmt::format("\"h{:016x}\"", hash);
}

bool EtagMatches(std::string_view header_value, std::string_view etag) {
  auto opaque = [](std::string_view tag) {
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    return tag;
  };
  if (opaque(header_value) == "*") return true;
  while (!header_value.empty()) {
    std::size_t comma = header_value.find(',');
    if (opaque(header_value.substr(0, comma)) == opaque(etag)) return true;
    if (comma == std::string_view::npos) break;
    header_value.remove_prefix(comma + 1);
  }
  return false;
}

json::object Collection(const Page& page, json::array items, std::string_view profile) {
  auto href = [&](std::int64_t start) {
    return fmt::format("{}?{}start={}&limit={}", page.path, page.query, start, page.limit);
  };
  json::object links;
  links["self"] = Link(href(page.start));
  links["first"] = Link(href(0));
  if (page.start + page.limit < page.count) links["next"] = Link(href(page.start + page.limit));
  if (page.start > 0) {
    links["prev"] = Link(href(page.start > page.limit ? page.start - page.limit : 0));
  }
  links["collection"] = Link(page.path);
  json::object body;
  body["_profile"] = profile;
  body["_links"] = std::move(links);
  body["name"] = page.name;
  body["start"] = page.start;
  body["limit"] = page.limit;
  body["count"] = page.count;
  body["_embedded"] = json::object{{"items", std::move(items)}};
  return body;
}

}  // namespace roster::api::apiture
