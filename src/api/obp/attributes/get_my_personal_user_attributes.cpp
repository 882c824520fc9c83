#include "api/obp/attributes/attributes_json.h"
#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// GET /my/user/attributes (OBPv4.0.0 getMyPersonalUserAttributes): 200.
core::Result<Reply> GetMyPersonalUserAttributes(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto attributes = call.services().attributes.ListMine(*caller);
  if (!attributes) return std::unexpected(attributes.error());
  return Reply{http::Status::ok, UserAttributesJson(*attributes)};
}

}  // namespace roster::api::obp
