#include "core/user_query.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace roster::core {

namespace {

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string LowerText(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = Lower(c);
  return out;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return Lower(x) == Lower(y); });
}

std::unexpected<Error> Invalid(std::string_view parameter) {
  return Fail(ErrorCode::kInvalidQueryParameter, std::string(parameter));
}

// --- filter ------------------------------------------------------------------------------------

enum class FilterTokenKind { kWord, kString, kOpen, kClose, kComma };

struct FilterToken {
  FilterTokenKind kind;
  std::string text;
};

Result<std::vector<FilterToken>> Tokenize(std::string_view text) {
  std::vector<FilterToken> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t') {
      ++i;
    } else if (c == '(') {
      tokens.push_back({FilterTokenKind::kOpen, "("});
      ++i;
    } else if (c == ')') {
      tokens.push_back({FilterTokenKind::kClose, ")"});
      ++i;
    } else if (c == ',') {
      tokens.push_back({FilterTokenKind::kComma, ","});
      ++i;
    } else if (c == '\'' || c == '"') {
      const char quote = c;
      std::string value;
      ++i;
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == quote) {
          if (i + 1 < text.size() && text[i + 1] == quote) {
            value += quote;
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        value += text[i++];
      }
      if (!closed) return Invalid("filter");
      tokens.push_back({FilterTokenKind::kString, std::move(value)});
    } else {
      std::size_t start = i;
      while (i < text.size() &&
             std::string_view(" \t(),'\"").find(text[i]) == std::string_view::npos) {
        ++i;
      }
      tokens.push_back({FilterTokenKind::kWord, std::string(text.substr(start, i - start))});
    }
  }
  return tokens;
}

struct PropertyRule {
  std::string_view name;
  std::array<FilterOp, 4> ops;
  int op_count;
  bool time;
};

constexpr PropertyRule kFilterRules[] = {
    {"state", {FilterOp::kEq, FilterOp::kNe, FilterOp::kIn}, 3, false},
    {"occupation", {FilterOp::kEq, FilterOp::kNe, FilterOp::kIn}, 3, false},
    {"createdAt", {FilterOp::kLt, FilterOp::kLe, FilterOp::kGt, FilterOp::kGe}, 4, true},
    {"customerId", {FilterOp::kEq}, 1, false},
    {"lastLoggedInAt", {FilterOp::kLt, FilterOp::kLe, FilterOp::kGt, FilterOp::kGe}, 4, true},
    {"lastContactedAt", {FilterOp::kLt, FilterOp::kLe, FilterOp::kGt, FilterOp::kGe}, 4, true},
    {"_id", {FilterOp::kEq, FilterOp::kIn}, 2, false},
    {"username", {FilterOp::kEq, FilterOp::kIn}, 2, false},
};

const PropertyRule* FindRule(std::string_view property) {
  for (const PropertyRule& rule : kFilterRules) {
    if (rule.name == property) return &rule;
  }
  return nullptr;
}

std::optional<FilterOp> OpFromWord(std::string_view word) {
  std::string w = LowerText(word);
  if (w == "eq") return FilterOp::kEq;
  if (w == "ne") return FilterOp::kNe;
  if (w == "lt") return FilterOp::kLt;
  if (w == "le") return FilterOp::kLe;
  if (w == "gt") return FilterOp::kGt;
  if (w == "ge") return FilterOp::kGe;
  if (w == "in") return FilterOp::kIn;
  return std::nullopt;
}

bool IsValue(const FilterToken& token) {
  return token.kind == FilterTokenKind::kWord || token.kind == FilterTokenKind::kString;
}

const std::string* FieldOf(const UserFacts& user, std::string_view property) {
  if (property == "state") return &user.state;
  if (property == "occupation") return &user.occupation;
  if (property == "customerId") return &user.customer_id;
  if (property == "_id") return &user.id;
  if (property == "username") return &user.username;
  if (property == "firstName") return &user.first_name;
  if (property == "middleName") return &user.middle_name;
  if (property == "lastName") return &user.last_name;
  if (property == "preferredName") return &user.preferred_name;
  if (property == "birthdate") return &user.birthdate;
  return nullptr;
}

const std::optional<TimePoint>* OptionalTimeOf(const UserFacts& user, std::string_view property) {
  if (property == "lastLoggedInAt") return &user.last_logged_in_at;
  if (property == "lastContactedAt") return &user.last_contacted_at;
  return nullptr;
}

bool MatchesTerm(const FilterTerm& term, const UserFacts& user) {
  if (term.time) {
    std::optional<TimePoint> value;
    if (term.property == "createdAt") {
      value = user.created_at;
    } else if (const auto* field = OptionalTimeOf(user, term.property)) {
      value = *field;
    }
    if (!value) return false;
    switch (term.op) {
      case FilterOp::kLt:
        return *value < *term.time;
      case FilterOp::kLe:
        return *value <= *term.time;
      case FilterOp::kGt:
        return *value > *term.time;
      case FilterOp::kGe:
        return *value >= *term.time;
      default:
        return false;
    }
  }
  const std::string* field = FieldOf(user, term.property);
  if (field == nullptr) return false;
  switch (term.op) {
    case FilterOp::kEq:
      return *field == term.values.front();
    case FilterOp::kNe:
      return *field != term.values.front();
    case FilterOp::kIn:
      return std::find(term.values.begin(), term.values.end(), *field) != term.values.end();
    default:
      return false;
  }
}

bool InList(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// --- sort --------------------------------------------------------------------------------------

constexpr std::string_view kSortFields[] = {
    "state",    "occupation",    "createdAt", "username",        "firstName",     "middleName",
    "lastName", "preferredName", "birthdate", "lastContactedAt", "lastLoggedInAt"};

// <0, 0, >0 comparing two users by one field, ascending; missing values first.
int CompareBy(std::string_view field, const UserFacts& a, const UserFacts& b) {
  if (field == "createdAt") return a.created_at < b.created_at ? -1 : (b.created_at < a.created_at);
  if (const auto* ta = OptionalTimeOf(a, field)) {
    const auto* tb = OptionalTimeOf(b, field);
    if (!ta->has_value() || !tb->has_value()) {
      return static_cast<int>(ta->has_value()) - static_cast<int>(tb->has_value());
    }
    return **ta < **tb ? -1 : (**tb < **ta);
  }
  const std::string* fa = FieldOf(a, field);
  const std::string* fb = FieldOf(b, field);
  if (fa == nullptr || fb == nullptr) return 0;
  std::string la = LowerText(*fa);
  std::string lb = LowerText(*fb);
  if (la != lb) return la < lb ? -1 : 1;
  return fa->compare(*fb) < 0 ? -1 : (*fa == *fb ? 0 : 1);
}

std::vector<std::string> SplitBar(std::string_view text) {
  std::vector<std::string> parts;
  while (true) {
    std::size_t bar = text.find('|');
    parts.emplace_back(text.substr(0, bar));
    if (bar == std::string_view::npos) break;
    text.remove_prefix(bar + 1);
  }
  return parts;
}

bool AllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<std::vector<FilterTerm>> ParseUserFilter(std::string_view text) {
  auto tokens = Tokenize(text);
  if (!tokens) return std::unexpected(tokens.error());
  std::vector<FilterTerm> terms;
  std::size_t i = 0;
  const std::vector<FilterToken>& t = *tokens;
  if (t.empty()) return Invalid("filter");
  while (true) {
    if (i >= t.size() || t[i].kind != FilterTokenKind::kWord) return Invalid("filter");
    const PropertyRule* rule = FindRule(t[i].text);
    if (rule == nullptr) return Invalid("filter");
    ++i;
    if (i >= t.size() || t[i].kind != FilterTokenKind::kWord) return Invalid("filter");
    auto op = OpFromWord(t[i].text);
    if (!op || std::find(rule->ops.begin(), rule->ops.begin() + rule->op_count, *op) ==
                   rule->ops.begin() + rule->op_count) {
      return Invalid("filter");
    }
    ++i;
    FilterTerm term{.property = std::string(rule->name), .op = *op};
    if (*op == FilterOp::kIn) {
      if (i >= t.size() || t[i].kind != FilterTokenKind::kOpen) return Invalid("filter");
      ++i;
      while (true) {
        if (i >= t.size() || !IsValue(t[i])) return Invalid("filter");
        term.values.push_back(t[i].text);
        ++i;
        if (i < t.size() && t[i].kind == FilterTokenKind::kComma) {
          ++i;
          continue;
        }
        if (i < t.size() && t[i].kind == FilterTokenKind::kClose) {
          ++i;
          break;
        }
        return Invalid("filter");
      }
    } else {
      if (i >= t.size() || !IsValue(t[i])) return Invalid("filter");
      term.values.push_back(t[i].text);
      ++i;
    }
    if (rule->time) {
      term.time = ParseTimestamp(term.values.front());
      if (!term.time) return Invalid("filter");
    }
    if (term.property == "state") {
      for (const std::string& value : term.values) {
        if (!UserStateFromString(value)) return Invalid("filter");
      }
    }
    terms.push_back(std::move(term));
    if (i == t.size()) break;
    if (t[i].kind != FilterTokenKind::kWord || !EqualsIgnoringCase(t[i].text, "and")) {
      return Invalid("filter");
    }
    ++i;
  }
  return terms;
}

Result<std::vector<SortKey>> ParseUserSort(std::string_view text) {
  std::vector<SortKey> keys;
  while (true) {
    std::size_t comma = text.find(',');
    std::string_view part = text.substr(0, comma);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    SortKey key;
    if (!part.empty() && (part.front() == '-' || part.front() == '+')) {
      key.descending = part.front() == '-';
      part.remove_prefix(1);
    }
    if (std::find(std::begin(kSortFields), std::end(kSortFields), part) == std::end(kSortFields)) {
      return Invalid("sortBy");
    }
    key.field = std::string(part);
    for (const SortKey& seen : keys) {
      if (seen.field == key.field) return Invalid("sortBy");
    }
    keys.push_back(std::move(key));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return keys;
}

Result<std::vector<std::string>> ParseStateSubset(std::string_view text) {
  std::vector<std::string> states = SplitBar(text);
  for (const std::string& state : states) {
    if (!UserStateFromString(state)) return Invalid("state");
  }
  return states;
}

Result<std::vector<std::string>> ParseOccupationSubset(std::string_view text) {
  std::vector<std::string> occupations = SplitBar(text);
  for (const std::string& occupation : occupations) {
    if (occupation.empty()) return Invalid("occupation");
  }
  return occupations;
}

std::optional<TimePoint> ParseTimestamp(std::string_view text) {
  auto number = [&](std::size_t pos, std::size_t len) -> std::optional<int> {
    if (pos + len > text.size() || !AllDigits(text.substr(pos, len))) return std::nullopt;
    int value = 0;
    for (char c : text.substr(pos, len)) value = value * 10 + (c - '0');
    return value;
  };
  auto year = number(0, 4);
  auto month = number(5, 2);
  auto day = number(8, 2);
  if (!year || !month || !day || text[4] != '-' || text[7] != '-') return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(*year),
                                  std::chrono::month(static_cast<unsigned>(*month)),
                                  std::chrono::day(static_cast<unsigned>(*day))};
  if (!ymd.ok()) return std::nullopt;
  TimePoint midnight{std::chrono::sys_days(ymd)};
  if (text.size() == 10) return midnight;
  if (text[10] != 'T' && text[10] != 't') return std::nullopt;
  auto hour = number(11, 2);
  auto minute = number(14, 2);
  auto second = number(17, 2);
  if (!hour || !minute || !second || text[13] != ':' || text[16] != ':' || *hour > 23 ||
      *minute > 59 || *second > 60) {
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
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' &&
             AllDigits(rest.substr(1, 2)) && AllDigits(rest.substr(4, 2))) {
    int oh = (rest[1] - '0') * 10 + (rest[2] - '0');
    int om = (rest[4] - '0') * 10 + (rest[5] - '0');
    if (oh > 23 || om > 59) return std::nullopt;
    offset_minutes = (oh * 60 + om) * (rest[0] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  return midnight + std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
         std::chrono::seconds(*second) - std::chrono::minutes(offset_minutes);
}

bool Matches(const UserListQuery& query, const UserFacts& user) {
  for (const FilterTerm& term : query.filter) {
    if (!MatchesTerm(term, user)) return false;
  }
  if (!query.states.empty() && !InList(query.states, user.state)) return false;
  if (!query.occupations.empty() && !InList(query.occupations, user.occupation)) return false;
  if (query.customer_id && user.customer_id != *query.customer_id) return false;
  if (!query.q.empty()) {
    bool found = false;
    for (const std::string* field : {&user.username, &user.first_name, &user.middle_name,
                                     &user.last_name, &user.preferred_name}) {
      if (ContainsIgnoringCase(*field, query.q)) {
        found = true;
        break;
      }
    }
    if (!found && query.q_includes_emails) {
      for (const std::string& email : user.emails) {
        if (ContainsIgnoringCase(email, query.q)) {
          found = true;
          break;
        }
      }
    }
    if (!found) return false;
  }
  return true;
}

std::vector<UserFacts> SelectUsers(const UserListQuery& query, std::vector<UserFacts> users) {
  std::vector<UserFacts> out;
  for (UserFacts& user : users) {
    if (Matches(query, user)) out.push_back(std::move(user));
  }
  if (!query.sort.empty()) {
    std::stable_sort(out.begin(), out.end(), [&](const UserFacts& a, const UserFacts& b) {
      for (const SortKey& key : query.sort) {
        int c = CompareBy(key.field, a, b);
        if (c != 0) return key.descending ? c > 0 : c < 0;
      }
      return false;
    });
  }
  return out;
}

bool ContainsIgnoringCase(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return false;
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return Lower(a) == Lower(b); });
  return it != haystack.end();
}

bool MatchesAnyText(const UserFacts& user, const std::vector<std::string>& texts, bool pii) {
  for (const std::string& text : texts) {
    if (text.empty()) continue;
    for (const std::string* field : {&user.username, &user.first_name, &user.last_name}) {
      if (ContainsIgnoringCase(*field, text)) return true;
    }
    if (!pii) continue;
    for (const std::string& value : user.pii_texts) {
      if (ContainsIgnoringCase(value, text)) return true;
    }
  }
  return false;
}

}  // namespace roster::core
