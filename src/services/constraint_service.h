// A user's constraints (limits): read by the user or an admin, changed only by an admin.
#pragma once

#include "core/error.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

class ConstraintService {
 public:
  ConstraintService(Ports ports, const Settings& settings) : ports_(ports), settings_(settings) {}

 private:
  Ports ports_;
  const Settings& settings_;
};

}  // namespace roster::services
