// The OBP dialect: resolves /obp/vX.Y.Z/... and the unversioned OBP paths to handlers and turns
// their results (or errors) into responses.
#pragma once

#include <string_view>

#include "api/obp/call.h"
#include "http/message.h"

namespace roster::api::obp {

class ObpApi {
 public:
  explicit ObpApi(Services services) : services_(services) {}

  // True when the target belongs to this dialect.
  static bool Owns(std::string_view target);

  // Cheap, non-blocking: matching only. Unknown routes resolve to an inline 404 (OBP-10404).
  http::Dispatch Resolve(const http::Request& head) const;

 private:
  Services services_;
};

}  // namespace roster::api::obp
