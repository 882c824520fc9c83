#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// POST /users (OBPv2.0.0 createUser): anonymous, as in the reference (§2.3).
core::Result<Reply> CreateUser(Call& call) {
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  services::NewUser input;
  for (auto [key, field] :
       {std::pair{"email", &input.email}, std::pair{"username", &input.username},
        std::pair{"password", &input.password}, std::pair{"first_name", &input.first_name},
        std::pair{"last_name", &input.last_name}}) {
    auto value = RequiredString(*body, key);
    if (!value) return std::unexpected(value.error());
    *field = std::move(*value);
  }
  auto created = call.services().users.Register(input);
  if (!created) return std::unexpected(created.error());
  return Reply{http::Status::created, UserJsonV200(*created)};
}

}  // namespace roster::api::obp
