#include "core/user_query.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace roster::core {
namespace {

using std::chrono::sys_days;

TimePoint Day(int y, unsigned m, unsigned d) {
  return TimePoint{sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}}};
}

UserFacts Facts(std::string id, std::string username, std::string state, TimePoint created) {
  UserFacts facts;
  facts.id = std::move(id);
  facts.username = std::move(username);
  facts.state = std::move(state);
  facts.created_at = created;
  return facts;
}

std::vector<std::string> Ids(const std::vector<UserFacts>& users) {
  std::vector<std::string> out;
  for (const UserFacts& user : users) out.push_back(user.id);
  return out;
}

// Four users created on consecutive days.
std::vector<UserFacts> Sample() {
  std::vector<UserFacts> users;
  users.push_back(Facts("u1", "alice.one", "active", Day(2020, 1, 1)));
  users.back().occupation = "officeAndAdministrativeSupport";
  users.back().customer_id = "100";
  users.back().first_name = "Alice";
  users.back().last_name = "Zeta";
  users.back().last_logged_in_at = Day(2021, 6, 1);
  users.push_back(Facts("u2", "bob.two.b", "inactive", Day(2020, 1, 2)));
  users.back().occupation = "transportationAndMaterialMoving";
  users.back().first_name = "bob";
  users.back().last_name = "Young";
  users.back().emails = {"Bob@Example.com"};
  users.push_back(Facts("u3", "carol.three", "locked", Day(2020, 1, 3)));
  users.back().first_name = "Carol";
  users.back().last_name = "Xavier";
  users.back().last_logged_in_at = Day(2021, 1, 1);
  users.push_back(Facts("u4", "dave.four", "removed", Day(2020, 1, 4)));
  users.back().first_name = "Dave";
  users.back().last_name = "Young";
  return users;
}

std::vector<std::string> Select(const std::string& filter, const std::string& sort = "") {
  UserListQuery query;
  if (!filter.empty()) {
    auto terms = ParseUserFilter(filter);
    EXPECT_TRUE(terms.has_value()) << filter;
    if (!terms) return {};
    query.filter = *terms;
  }
  if (!sort.empty()) {
    auto keys = ParseUserSort(sort);
    EXPECT_TRUE(keys.has_value()) << sort;
    if (!keys) return {};
    query.sort = *keys;
  }
  return Ids(SelectUsers(query, Sample()));
}

using Ids_ = std::vector<std::string>;

TEST(UserFilterTest, EqualityAndInequality) {
  EXPECT_EQ(Select("state eq 'active'"), (Ids_{"u1"}));
  EXPECT_EQ(Select("state ne 'active'"), (Ids_{"u2", "u3", "u4"}));
  EXPECT_EQ(Select("occupation eq officeAndAdministrativeSupport"), (Ids_{"u1"}));
  EXPECT_EQ(Select("customerId eq \"100\""), (Ids_{"u1"}));
  EXPECT_EQ(Select("_id eq 'u3'"), (Ids_{"u3"}));
  EXPECT_EQ(Select("username eq 'bob.two.b'"), (Ids_{"u2"}));
}

TEST(UserFilterTest, InLists) {
  EXPECT_EQ(Select("state in ('active','locked')"), (Ids_{"u1", "u3"}));
  EXPECT_EQ(Select("username in ( 'alice.one' , dave.four )"), (Ids_{"u1", "u4"}));
  EXPECT_EQ(Select("_id in ('u2')"), (Ids_{"u2"}));
}

TEST(UserFilterTest, DateComparisonsAndConjunction) {
  EXPECT_EQ(Select("createdAt gt '2020-01-02T00:00:00Z'"), (Ids_{"u3", "u4"}));
  EXPECT_EQ(Select("createdAt ge '2020-01-02'"), (Ids_{"u2", "u3", "u4"}));
  EXPECT_EQ(Select("createdAt lt '2020-01-02T00:00:00Z'"), (Ids_{"u1"}));
  EXPECT_EQ(Select("createdAt le '2020-01-02T01:00:00+01:00'"), (Ids_{"u1", "u2"}));
  // Users without a last login never match a comparison.
  EXPECT_EQ(Select("lastLoggedInAt ge '2020-01-01'"), (Ids_{"u1", "u3"}));
  EXPECT_EQ(Select("lastLoggedInAt gt '2021-03-01T00:00:00Z' AND state eq 'active'"), (Ids_{"u1"}));
  EXPECT_EQ(Select("createdAt ge '2020-01-02' and state ne 'removed' and state ne 'locked'"),
            (Ids_{"u2"}));
  EXPECT_TRUE(Select("lastContactedAt lt '2030-01-01'").empty());
}

TEST(UserFilterTest, QuotedValuesMayContainQuotes) {
  auto terms = ParseUserFilter("username eq 'o''brien'");
  ASSERT_TRUE(terms.has_value());
  EXPECT_EQ(terms->front().values.front(), "o'brien");
}

TEST(UserFilterTest, RejectsWhatIsNotDocumented) {
  for (const char* bad : {
           "",
           "   ",
           "state",
           "state eq",
           "state eq 'active' and",
           "state eq 'active' or state eq 'locked'",
           "state lt 'active'",          // function not allowed for the property
           "createdAt eq '2020-01-01'",  // idem
           "customerId ne '1'",          // idem
           "username ne 'x'",            // idem
           "email eq 'a@b.c'",           // property not filterable
           "state eq 'pending'",         // not a state
           "createdAt gt 'yesterday'",   // not a date
           "createdAt gt '2020-13-01'",  // not a date
           "state in 'active'",          // in needs a list
           "state in ('active'",         // unclosed list
           "state in ()",                // empty list
           "state eq 'active",           // unclosed quote
           "(state eq 'active')",        // no grouping
           "state eq 'active' state eq 'locked'",
       }) {
    auto terms = ParseUserFilter(bad);
    ASSERT_FALSE(terms.has_value()) << bad;
    EXPECT_EQ(terms.error().code, ErrorCode::kInvalidQueryParameter) << bad;
    EXPECT_EQ(terms.error().detail, "filter") << bad;
  }
}

TEST(UserSortTest, SortsByFieldsAscendingAndDescending) {
  EXPECT_EQ(Select("", "-createdAt"), (Ids_{"u4", "u3", "u2", "u1"}));
  EXPECT_EQ(Select("", "username"), (Ids_{"u1", "u2", "u3", "u4"}));
  // Case-insensitive: "bob" sorts between "Alice" and "Carol".
  EXPECT_EQ(Select("", "firstName"), (Ids_{"u1", "u2", "u3", "u4"}));
  // Ties on lastName keep the next key; missing values sort first.
  EXPECT_EQ(Select("", "lastName,-firstName"), (Ids_{"u3", "u4", "u2", "u1"}));
  EXPECT_EQ(Select("", "lastLoggedInAt"), (Ids_{"u2", "u4", "u3", "u1"}));
  EXPECT_EQ(Select("", "-lastLoggedInAt"), (Ids_{"u1", "u3", "u2", "u4"}));
  EXPECT_EQ(Select("", "+state"), (Ids_{"u1", "u2", "u3", "u4"}));
}

TEST(UserSortTest, RejectsUnknownOrRepeatedFields) {
  for (const char* bad :
       {"", "email", "createdAt,", ",createdAt", "-", "createdAt,-createdAt", "_id"}) {
    auto keys = ParseUserSort(bad);
    ASSERT_FALSE(keys.has_value()) << bad;
    EXPECT_EQ(keys.error().detail, "sortBy");
  }
}

TEST(UserSubsetTest, StatesAndOccupations) {
  auto states = ParseStateSubset("removed|inactive");
  ASSERT_TRUE(states.has_value());
  UserListQuery query{.states = *states};
  EXPECT_EQ(Ids(SelectUsers(query, Sample())), (Ids_{"u2", "u4"}));
  EXPECT_FALSE(ParseStateSubset("pending").has_value());
  EXPECT_FALSE(ParseStateSubset("active|").has_value());
  EXPECT_EQ(ParseStateSubset("x").error().detail, "state");

  auto occupations = ParseOccupationSubset("transportationAndMaterialMoving|none");
  ASSERT_TRUE(occupations.has_value());
  UserListQuery by_occupation{.occupations = *occupations};
  EXPECT_EQ(Ids(SelectUsers(by_occupation, Sample())), (Ids_{"u2"}));
  EXPECT_FALSE(ParseOccupationSubset("a||b").has_value());
}

TEST(UserSubsetTest, SubsetsCombineWithTheFilterAndCustomerId) {
  UserListQuery query{.filter = *ParseUserFilter("createdAt gt '2020-01-01'"),
                      .states = {"active", "inactive", "locked"}};
  EXPECT_EQ(Ids(SelectUsers(query, Sample())), (Ids_{"u2", "u3"}));
  UserListQuery by_customer{.customer_id = "100"};
  EXPECT_EQ(Ids(SelectUsers(by_customer, Sample())), (Ids_{"u1"}));
}

TEST(UserSearchTest, QMatchesNamesCaseInsensitivelyAndEmailsOnlyWhenAllowed) {
  UserListQuery query{.q = "YOUNG"};
  EXPECT_EQ(Ids(SelectUsers(query, Sample())), (Ids_{"u2", "u4"}));
  query.q = "example.COM";
  EXPECT_TRUE(SelectUsers(query, Sample()).empty());
  query.q_includes_emails = true;
  EXPECT_EQ(Ids(SelectUsers(query, Sample())), (Ids_{"u2"}));
}

TEST(UserSearchTest, TextSearchIsAnySubstringOfAnyField) {
  UserFacts user = Facts("u9", "packerfan", "active", Day(2020, 1, 1));
  user.first_name = "Jane";
  user.last_name = "Ackerman";
  user.pii_texts = {"3333 N. Elm St.", "+19105553333", "hacker127@blackhats.example.com",
                    "112223333"};
  EXPECT_TRUE(MatchesAnyText(user, {"acker"}, false));
  EXPECT_TRUE(MatchesAnyText(user, {"nomatch", "JANE"}, false));
  EXPECT_FALSE(MatchesAnyText(user, {"3333"}, false));  // PII fields need the PII scope
  EXPECT_TRUE(MatchesAnyText(user, {"3333"}, true));
  EXPECT_TRUE(MatchesAnyText(user, {"elm st"}, true));
  EXPECT_FALSE(MatchesAnyText(user, {"zzz", ""}, true));
  EXPECT_FALSE(MatchesAnyText(user, {}, true));
}

TEST(TimestampTest, ParsesDateTimesAndDates) {
  EXPECT_EQ(ParseTimestamp("2020-01-02"), Day(2020, 1, 2));
  EXPECT_EQ(
      ParseTimestamp("2020-01-02T03:04:05Z"),
      Day(2020, 1, 2) + std::chrono::hours(3) + std::chrono::minutes(4) + std::chrono::seconds(5));
  EXPECT_EQ(ParseTimestamp("2020-01-02T03:04:05.375Z"), ParseTimestamp("2020-01-02T03:04:05Z"));
  EXPECT_EQ(ParseTimestamp("2020-01-02T03:00:00+02:00"), ParseTimestamp("2020-01-02T01:00:00Z"));
  for (const char* bad :
       {"", "2020", "2020-02-30", "2020-01-02T", "2020-01-02T25:00:00Z", "2020-01-02T03:04:05",
        "2020-01-02 03:04:05Z", "2020-01-02T03:04:05.Z", "x020-01-02"}) {
    EXPECT_FALSE(ParseTimestamp(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace roster::core
