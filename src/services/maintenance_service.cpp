#include "services/maintenance_service.h"

#include "ports/store.h"

namespace roster::services {

core::Result<std::int64_t> MaintenanceService::PurgeExpired(const std::function<bool()>& go_on) {
  const core::TimePoint cutoff = ports_.clock.Now() - settings_.purge_retention;
  std::int64_t total = 0;
  for (;;) {
    auto purged = ports::WriteTx(
        ports_.store, [&](ports::Tx& tx) { return tx.PurgeExpired(cutoff, kPurgeBatch); });
    if (!purged) return std::unexpected(purged.error());
    total += *purged;
    if (*purged == 0 || (go_on && !go_on())) return total;
  }
}

}  // namespace roster::services
