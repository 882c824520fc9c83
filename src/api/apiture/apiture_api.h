// The Apiture dialect: resolves /users/... (and the supporting /auth/... resources) to handlers
// and turns their results (or errors) into HAL responses, with entity tags and conditional GETs.
#pragma once

#include <string_view>

#include "api/apiture/call.h"
#include "http/message.h"

namespace roster::api::apiture {

class ApitureApi {
 public:
  explicit ApitureApi(Services services) : services_(services) {}

  // True when the target belongs to this dialect.
  static bool Owns(std::string_view target);

  // Cheap, non-blocking: matching only. Unknown routes resolve to an inline 404.
  http::Dispatch Resolve(const http::Request& head) const;

 private:
  Services services_;
};

}  // namespace roster::api::apiture
