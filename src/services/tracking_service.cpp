#include "services/tracking_service.h"

#include <algorithm>
#include <set>

#include "services/apiture_access.h"
#include "services/configuration_service.h"

namespace roster::services {

using core::ErrorCode;
using core::Fail;
using core::Result;

namespace {

bool ValidTrackingId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

// The users group's maximumTrackingIds, within [1, kMaxTrackingIds].
Result<int> MaximumTrackingIds(ports::Tx& tx) {
  const core::ConfigurationGroupDefinition* group = core::FindConfigurationGroup("users");
  if (group == nullptr) return kMaxTrackingIds;
  auto view = LoadConfigurationGroup(tx, *group);
  if (!view) return std::unexpected(view.error());
  const boost::json::value* maximum = view->values.if_contains("maximumTrackingIds");
  if (maximum == nullptr || !maximum->is_int64()) return kMaxTrackingIds;
  return static_cast<int>(std::clamp<std::int64_t>(maximum->get_int64(), 1, kMaxTrackingIds));
}

Result<void> RequireUser(ports::Tx& tx, std::string_view user_id) {
  auto user = tx.FindUserById(user_id);
  if (!user) return std::unexpected(user.error());
  if (!*user) return Fail(ErrorCode::kUserNotFound, std::string(user_id));
  return {};
}

}  // namespace

Result<std::vector<core::TrackingId>> TrackingService::Add(const ScopedPrincipal& caller,
                                                           std::string_view user_id,
                                                           const std::vector<std::string>& ids) {
  if (auto allowed = RequireWrite(caller, user_id); !allowed) {
    return std::unexpected(allowed.error());
  }
  if (ids.size() > kMaxTrackingIdsPerRequest) return Fail(ErrorCode::kInvalidInput, "trackingIds");
  for (const std::string& id : ids) {
    if (!ValidTrackingId(id)) return Fail(ErrorCode::kInvalidInput, "trackingIds");
  }
  const core::TimePoint now = ports_.clock.Now();
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<std::vector<core::TrackingId>> {
    if (auto found = RequireUser(tx, user_id); !found) return std::unexpected(found.error());
    auto maximum = MaximumTrackingIds(tx);
    if (!maximum) return std::unexpected(maximum.error());
    auto existing = tx.ListTrackingIds(user_id);
    if (!existing) return std::unexpected(existing.error());
    std::set<std::string, std::less<>> known;
    for (const core::TrackingId& id : *existing) known.insert(id.value);
    std::vector<std::string> fresh;
    for (const std::string& id : ids) {
      if (known.insert(id).second) fresh.push_back(id);
    }
    const auto limit = static_cast<std::size_t>(*maximum);
    // More new ids than fit: only the last ones are kept (they are the newest).
    if (fresh.size() > limit) fresh.erase(fresh.begin(), fresh.end() - limit);
    std::size_t total = existing->size() + fresh.size();
    std::size_t evict = total > limit ? total - limit : 0;
    for (std::size_t i = 0; i < evict && i < existing->size(); ++i) {
      if (auto r = tx.DeleteTrackingId(user_id, (*existing)[i].value); !r) {
        return std::unexpected(r.error());
      }
    }
    for (const std::string& id : fresh) {
      core::TrackingId record{.user_id = std::string(user_id), .value = id, .created_at = now};
      if (auto r = tx.InsertTrackingId(record); !r) return std::unexpected(r.error());
    }
    return tx.ListTrackingIds(user_id);
  });
}

Result<std::vector<core::TrackingId>> TrackingService::List(const ScopedPrincipal& caller,
                                                            std::string_view user_id) {
  if (auto allowed = RequireRead(caller, user_id); !allowed)
    return std::unexpected(allowed.error());
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<std::vector<core::TrackingId>> {
    if (auto found = RequireUser(tx, user_id); !found) return std::unexpected(found.error());
    return tx.ListTrackingIds(user_id);
  });
}

}  // namespace roster::services
