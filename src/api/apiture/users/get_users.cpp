// getUsers — GET /users/users: a page of summaryUser items. Administrators (admin/read) see
// every user, anyone else only themselves.
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "api/apiture/hal.h"
#include "api/apiture/handlers.h"
#include "api/apiture/users/user_json.h"
#include "core/user_query.h"
#include "services/profile_service.h"

namespace roster::api::apiture {

namespace {

constexpr std::int64_t kDefaultLimit = 100;
constexpr std::int64_t kMaxLimit = 1000;
constexpr std::int64_t kMaxStart = 1'000'000'000;

}  // namespace

core::Result<Reply> GetUsers(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto start = call.QueryInt("start", 0, kMaxStart);
  if (!start) return std::unexpected(start.error());
  auto limit = call.QueryInt("limit", kDefaultLimit, kMaxLimit);
  if (!limit) return std::unexpected(limit.error());
  if (*limit < 1) return core::Fail(core::ErrorCode::kInvalidQueryParameter, "limit");

  core::UserListQuery query;
  std::string carried;  // the narrowing parameters, repeated in the paging links
  auto carry = [&](std::string_view name, const std::string& value) {
    carried +=
        std::string(name) + "=" + boost::urls::encode(value, boost::urls::unreserved_chars) + "&";
  };
  if (auto filter = call.Query("filter")) {
    auto terms = core::ParseUserFilter(*filter);
    if (!terms) return std::unexpected(terms.error());
    query.filter = std::move(*terms);
    carry("filter", *filter);
  }
  if (auto sort = call.Query("sortBy")) {
    auto keys = core::ParseUserSort(*sort);
    if (!keys) return std::unexpected(keys.error());
    query.sort = std::move(*keys);
    carry("sortBy", *sort);
  }
  if (auto states = call.Query("state")) {
    auto parsed = core::ParseStateSubset(*states);
    if (!parsed) return std::unexpected(parsed.error());
    query.states = std::move(*parsed);
    carry("state", *states);
  }
  if (auto occupations = call.Query("occupation")) {
    auto parsed = core::ParseOccupationSubset(*occupations);
    if (!parsed) return std::unexpected(parsed.error());
    query.occupations = std::move(*parsed);
    carry("occupation", *occupations);
  }
  if (auto customer = call.Query("customerId")) {
    query.customer_id = *customer;
    carry("customerId", *customer);
  }
  if (auto q = call.Query("q")) {
    query.q = *q;
    carry("q", *q);
  }

  auto page = call.services().profiles.List(*caller, query, *start, *limit, &FactsOfUser);
  if (!page) return std::unexpected(page.error());
  boost::json::array items;
  for (const services::UserView& view : page->items) items.push_back(EncodeSummaryUser(view));
  return Reply{.body = Collection(Page{.path = "/users/users",
                                       .query = carried,
                                       .name = "users",
                                       .start = *start,
                                       .limit = *limit,
                                       .count = page->count},
                                  std::move(items), ProfileUri("users", "users", "1.9.2"))};
}

}  // namespace roster::api::apiture
