// Auth contexts and their SCA-confirmed updates (one-time codes through the Notifier).
#pragma once

#include "core/error.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

class AuthContextService {
 public:
  AuthContextService(Ports ports, const Settings& settings) : ports_(ports), settings_(settings) {}

 private:
  Ports ports_;
  const Settings& settings_;
};

}  // namespace roster::services
