#pragma once

#include <string>

#include "core/model.h"

namespace roster::services {

// The authenticated caller of a request: an active user, and the consumer its token belongs to.
struct Principal {
  core::User user;
  std::string consumer_id;
};

}  // namespace roster::services
