// Tracking ids attached to a user: de-duplicated, at most 150 (the `users` configuration
// group's maximumTrackingIds, 150 by default and at most), oldest dropped.
//
// Access (services/apiture_access.h): adding needs RequireWrite on the user ("entitlements to
// update the user"), listing RequireRead.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

// The most tracking ids a user keeps, whatever the configuration says.
inline constexpr int kMaxTrackingIds = 150;
// The most ids one request may carry.
inline constexpr std::size_t kMaxTrackingIdsPerRequest = 1000;

class TrackingService {
 public:
  TrackingService(Ports ports, const Settings& settings) : ports_(ports), settings_(settings) {}

  // Adds the ids that are new (duplicates in `ids` or already on the user are ignored), all
  // with the current time, then drops the oldest ids beyond the maximum. Returns every id of
  // the user, oldest first. An id is 1 to 128 printable ASCII characters without spaces.
  // Errors: access errors, kInvalidInput ("trackingIds"), kUserNotFound.
  core::Result<std::vector<core::TrackingId>> Add(const ScopedPrincipal& caller,
                                                  std::string_view user_id,
                                                  const std::vector<std::string>& ids);
  // Every id of the user, oldest first. Errors: access errors, kUserNotFound.
  core::Result<std::vector<core::TrackingId>> List(const ScopedPrincipal& caller,
                                                   std::string_view user_id);

 private:
  Ports ports_;
  const Settings& settings_;
};

}  // namespace roster::services
