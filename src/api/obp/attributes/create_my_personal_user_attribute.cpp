#include "api/obp/attributes/attributes_json.h"
#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// POST /my/user/attributes (OBPv4.0.0 createMyPersonalUserAttribute): 201.
core::Result<Reply> CreateMyPersonalUserAttribute(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  auto input = DecodeAttributeInput(*body);
  if (!input) return std::unexpected(input.error());
  auto created = call.services().attributes.CreateMine(*caller, *input);
  if (!created) return std::unexpected(created.error());
  return Reply{http::Status::created, UserAttributeJson(*created)};
}

}  // namespace roster::api::obp
