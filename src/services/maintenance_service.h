// Housekeeping that no request triggers: expired records would otherwise stay forever (every
// DirectLogin adds a token row).
#pragma once

#include <cstdint>
#include <functional>

#include "core/error.h"
#include "services/context.h"

namespace roster::services {

// Records deleted per kind and transaction: small enough that a purge never holds the database's
// write lock (SQLite) for long, so requests that write keep going while it runs.
inline constexpr int kPurgeBatch = 1000;

class MaintenanceService {
 public:
  MaintenanceService(Ports ports, const Settings& settings) : ports_(ports), settings_(settings) {}

  // Deletes every record that expired more than settings.purge_retention ago (see
  // ports::Tx::PurgeExpired for the kinds), in transactions of at most kPurgeBatch records per
  // kind, asking `go_on` (when given) before each transaction after the first: a server that is
  // stopping does not wait for a long backlog. Returns how many went. Safe to run on several
  // processes at once. Errors: store errors.
  core::Result<std::int64_t> PurgeExpired(const std::function<bool()>& go_on = {});

 private:
  Ports ports_;
  const Settings& settings_;
};

}  // namespace roster::services
