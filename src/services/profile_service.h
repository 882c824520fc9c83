// Apiture users: creation with profile and contact items, reads, listing, search and lookup,
// PUT/PATCH, and the state actions (activate, deactivate, lock, freeze, remove).
#pragma once

#include "core/error.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

class ProfileService {
 public:
  ProfileService(Ports ports, const Settings& settings) : ports_(ports), settings_(settings) {}

 private:
  Ports ports_;
  const Settings& settings_;
};

}  // namespace roster::services
