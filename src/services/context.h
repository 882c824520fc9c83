// The ports every service needs, bundled so that wiring stays in one place.
#pragma once

#include "ports/clock.h"
#include "ports/crypto.h"
#include "ports/notifier.h"
#include "ports/store.h"
#include "services/settings.h"

namespace roster::services {

struct Ports {
  ports::Store& store;
  ports::PasswordHasher& hasher;
  ports::SecretDigest& digest;
  ports::Random& random;
  ports::Clock& clock;
  ports::Notifier& notifier;
};

}  // namespace roster::services
