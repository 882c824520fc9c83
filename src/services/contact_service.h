// Apiture contact items (addresses, e-mail addresses, phone numbers): list, create (pending,
// ?replaceId), get, delete, approval by the bank, and the preferred / tax pointers, guarded by MFA
// challenges.
#pragma once

#include "core/error.h"
#include "services/challenge_service.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

class ContactService {
 public:
  ContactService(Ports ports, const Settings& settings, ChallengeService& challenges)
      : ports_(ports), settings_(settings), challenges_(challenges) {}

 private:
  Ports ports_;
  const Settings& settings_;
  ChallengeService& challenges_;
};

}  // namespace roster::services
