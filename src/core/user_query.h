// Listing and searching Apiture users (catalogue §1.10, §3 getUsers / searchUsers): the
// `filter` and `sortBy` grammars, the `state` / `occupation` subsets, `q`, and the text search.
// Pure: the service gathers one UserFacts per user and lets these functions pick and order them.
//
// filter grammar (the source only lists the allowed property/function pairs):
//   filter  := term ( "and" term )*
//   term    := property op value | property "in" "(" value ( "," value )* ")"
//   op      := eq | ne | lt | le | gt | ge            (keywords are case-insensitive)
//   value   := 'text' (a quote inside is doubled: 'O''Brien') | "text" | bare-word
// Allowed: state eq|ne|in; occupation eq|ne|in; customerId eq; _id eq|in; username eq|in;
// createdAt, lastLoggedInAt, lastContactedAt lt|le|gt|ge with an RFC 3339 date-time or a date
// (YYYY-MM-DD = midnight UTC). A user without the date never matches a comparison.
//
// sortBy: a comma-separated list of the documented fields, each optionally prefixed with '-'
// (descending) or '+'. Missing values sort first; ties keep creation order.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model.h"

namespace roster::core {

// What listing, filtering, sorting and searching look at, for one user.
struct UserFacts {
  std::string id;
  std::string username;
  std::string state;  // "active", ...
  std::string occupation;
  std::string customer_id;
  std::string first_name;
  std::string middle_name;
  std::string last_name;
  std::string preferred_name;
  std::string birthdate;  // "YYYY-MM-DD" or ""
  TimePoint created_at{};
  std::optional<TimePoint> last_logged_in_at;
  std::optional<TimePoint> last_contacted_at;
  // E-mail values (for q, when the caller may read them).
  std::vector<std::string> emails;
  // The further searchable values of searchUsers: address lines and cities, e-mail values,
  // phone numbers, identification values.
  std::vector<std::string> pii_texts;
};

enum class FilterOp { kEq, kNe, kLt, kLe, kGt, kGe, kIn };

struct FilterTerm {
  std::string property;
  FilterOp op = FilterOp::kEq;
  std::vector<std::string> values;  // one, or several for `in`
  std::optional<TimePoint> time;    // the parsed value of a date property
};

struct SortKey {
  std::string field;
  bool descending = false;
};

// Everything getUsers narrows and orders by. Empty members do not narrow.
struct UserListQuery {
  std::vector<FilterTerm> filter;
  std::vector<std::string> states;       // ?state=a|b
  std::vector<std::string> occupations;  // ?occupation=a|b
  std::optional<std::string> customer_id;
  std::string q;  // case-insensitive substring of username, names (and e-mails when allowed)
  bool q_includes_emails = false;
  std::vector<SortKey> sort;
};

// kInvalidQueryParameter with detail "filter" / "sortBy" / "state" / "occupation".
Result<std::vector<FilterTerm>> ParseUserFilter(std::string_view text);
Result<std::vector<SortKey>> ParseUserSort(std::string_view text);
// "a|b|c"; every state must be one of the five (kInvalidQueryParameter "state").
Result<std::vector<std::string>> ParseStateSubset(std::string_view text);
// "a|b"; non-empty parts (kInvalidQueryParameter "occupation").
Result<std::vector<std::string>> ParseOccupationSubset(std::string_view text);

// "YYYY-MM-DDThh:mm:ss[.fff](Z|+hh:mm)" or "YYYY-MM-DD"; nullopt when malformed.
std::optional<TimePoint> ParseTimestamp(std::string_view text);

bool Matches(const UserListQuery& query, const UserFacts& user);

// The users matching `query`, ordered by query.sort (input order breaks ties).
std::vector<UserFacts> SelectUsers(const UserListQuery& query, std::vector<UserFacts> users);

// searchUsers: true when any of `texts` is a case-insensitive substring of the username, first
// or last name, or (when `pii`) one of pii_texts. Empty texts match nothing.
bool MatchesAnyText(const UserFacts& user, const std::vector<std::string>& texts, bool pii);

// ASCII case-insensitive substring test.
bool ContainsIgnoringCase(std::string_view haystack, std::string_view needle);

}  // namespace roster::core
