// Requests for roles, reviewed by administrators.
#pragma once

#include "core/error.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

class EntitlementRequestService {
 public:
  EntitlementRequestService(Ports ports, const Settings& settings) : ports_(ports), settings_(settings) {}

 private:
  Ports ports_;
  const Settings& settings_;
};

}  // namespace roster::services
