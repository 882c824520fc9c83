#include <charconv>
#include <limits>

#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

namespace {

// Query parameters of getUsers (obp-reference-behaviour.md §2.10): exact names, empty values
// ignored, unknown names ignored.
core::Result<std::pair<core::UserQuery, std::optional<bool>>> ParseUserQuery(const Call& call) {
  core::UserQuery query;
  query.deleted = false;
  auto bad = [](std::string message) {
    return core::Fail(core::ErrorCode::kInvalidQueryParameter, std::move(message));
  };
  auto as_int = [](const std::string& text) -> std::optional<long long> {
    if (text.empty() || text.size() > 18) return std::nullopt;
    long long value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
  };
  auto lower = [](std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  };
  if (auto limit = call.Query("limit")) {
    auto value = as_int(*limit);
    if (!value || *value < 1) {
      return bad(
          "OBP-10025: wrong value for obp_limit parameter. Please send a positive "
          "integer (=>1)!");
    }
    query.limit = static_cast<int>(std::min<long long>(*value, 10000));
  }
  if (auto offset = call.Query("offset")) {
    auto value = as_int(*offset);
    if (!value || *value < 0 || *value > std::numeric_limits<int>::max()) {
      return bad(
          "OBP-10024: wrong value for obp_offset parameter. Please send a positive "
          "integer (=>0)!");
    }
    query.offset = static_cast<int>(*value);
  }
  if (auto direction = call.Query("sort_direction")) {
    std::string value = lower(*direction);
    if (value != "asc" && value != "desc") {
      return bad(
          "OBP-10023: obp_sort_direction parameter can only take two values: DESC or "
          "ASC!");
    }
    query.descending = value == "desc";
  }
  for (const char* name : {"from_date", "to_date"}) {
    if (auto date = call.Query(name)) {
      // yyyy-MM-dd'T'HH:mm:ss.SSS'Z' (parsed, not used for filtering, as in the reference).
      const std::string& d = *date;
      bool ok = d.size() == 24 && d[4] == '-' && d[7] == '-' && d[10] == 'T' && d[13] == ':' &&
                d[16] == ':' && d[19] == '.' && d[23] == 'Z';
      for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22}) {
        ok = ok && std::isdigit(static_cast<unsigned char>(d[i]));
      }
      if (!ok) {
        return bad(
            "OBP-10026: Failed to parse date string. Please use this format "
            "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'!");
      }
    }
  }
  if (auto deleted = call.Query("is_deleted")) {
    std::string value = lower(*deleted);
    if (value != "true" && value != "false") {
      return bad("OBP-10036: is_deleted parameter can only take two values: TRUE or FALSE!");
    }
    query.deleted = value == "true";
  }
  std::optional<bool> locked;
  if (auto status = call.Query("locked_status")) {
    std::string value = lower(*status);
    if (value == "locked") locked = true;
    if (value == "active") locked = false;
  }
  return std::pair{query, locked};
}

}  // namespace

// GET /users (OBPv4.0.0 getUsers), role CanGetAnyUser.
core::Result<Reply> GetUsers(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto query = ParseUserQuery(call);
  if (!query) return std::unexpected(query.error());
  auto users = call.services().users.List(*caller, query->first, query->second);
  if (!users) return std::unexpected(users.error());
  json::array list;
  for (const auto& details : *users) list.push_back(UserJsonV400(details));
  return Reply{http::Status::ok, json::object{{"users", std::move(list)}}};
}

}  // namespace roster::api::obp
