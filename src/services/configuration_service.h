// Configuration groups (schemas in code, values in the store), open banking integrations.
#pragma once

#include "core/error.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

class ConfigurationService {
 public:
  ConfigurationService(Ports ports, const Settings& settings)
      : ports_(ports), settings_(settings) {}

 private:
  Ports ports_;
  const Settings& settings_;
};

}  // namespace roster::services
