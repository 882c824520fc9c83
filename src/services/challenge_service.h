// Multi-factor challenges (Apiture-Challenge): creating a challenge for a sensitive operation,
// starting, verifying and retrying its authenticators (one-time codes through the Notifier), and
// redeeming it.
#pragma once

#include "core/error.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

class ChallengeService {
 public:
  ChallengeService(Ports ports, const Settings& settings) : ports_(ports), settings_(settings) {}

 private:
  Ports ports_;
  const Settings& settings_;
};

}  // namespace roster::services
