#include "api/obp/handlers.h"
#include "api/obp/json.h"
#include "core/roles.h"

namespace roster::api::obp {

// GET /roles (OBPv2.1.0 getRoles): the role catalogue, authenticated.
core::Result<Reply> GetRoles(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  json::array roles;
  for (const core::RoleInfo& role : core::AllRoles()) {
    roles.push_back(json::object{{"role", role.name}, {"requires_bank_id", role.requires_bank_id}});
  }
  return Reply{http::Status::ok, json::object{{"roles", std::move(roles)}}};
}

}  // namespace roster::api::obp
