// GET /users/configurations/groups — getConfigurationGroups: the configuration groups the caller
// may read (configurationGroupSummary items), paged with ?start= and ?limit= (default 100).
#include "api/apiture/configuration/configuration_reply.h"
#include "api/apiture/hal.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> GetConfigurationGroups(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto start = call.QueryInt("start", 0, 1'000'000);
  if (!start) return std::unexpected(start.error());
  auto limit = call.QueryInt("limit", 100, 1000);
  if (!limit) return std::unexpected(limit.error());
  if (*limit == 0) return core::Fail(core::ErrorCode::kInvalidQueryParameter, "limit");
  auto groups = call.services().configuration.ListGroups(*caller);
  if (!groups) return std::unexpected(groups.error());
  boost::json::array items;
  const auto count = static_cast<std::int64_t>(groups->size());
  for (std::int64_t i = *start; i < count && i < *start + *limit; ++i) {
    items.push_back(GroupSummary(*(*groups)[static_cast<std::size_t>(i)]));
  }
  Page page{.path = "/users/configurations/groups",
            .name = "configurationGroups",
            .start = *start,
            .limit = *limit,
            .count = count};
  return Reply{.body = Collection(page, std::move(items),
                                  ProfileUri("configurations", "configurationGroups", "2.1.1"))};
}

}  // namespace roster::api::apiture
