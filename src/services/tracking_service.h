// Tracking ids attached to a user: de-duplicated, at most 150, oldest dropped.
#pragma once

#include "core/error.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

class TrackingService {
 public:
  TrackingService(Ports ports, const Settings& settings) : ports_(ports), settings_(settings) {}

 private:
  Ports ports_;
  const Settings& settings_;
};

}  // namespace roster::services
