#include "api/obp/attributes/attributes_json.h"
#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// PUT /my/user/attributes/USER_ATTRIBUTE_ID (OBPv4.0.0 updateMyPersonalUserAttribute): 200.
// Unlike the reference, an unknown id or another user's attribute gives 404 OBP-20081.
core::Result<Reply> UpdateMyPersonalUserAttribute(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  auto input = DecodeAttributeInput(*body);
  if (!input) return std::unexpected(input.error());
  auto updated =
      call.services().attributes.UpdateMine(*caller, call.Param("USER_ATTRIBUTE_ID"), *input);
  if (!updated) return std::unexpected(updated.error());
  return Reply{http::Status::ok, UserAttributeJson(*updated)};
}

}  // namespace roster::api::obp
