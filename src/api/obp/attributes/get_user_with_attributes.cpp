#include "api/obp/attributes/attributes_json.h"
#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// GET /users/USER_ID/attributes (OBPv4.0.0 getUserWithAttributes), role
// CanGetUsersWithAttributes: 200.
//
// An unknown USER_ID gives 404 OBP-20005. The source documents list no not-found error for this
// endpoint and name OBP-20005 as "USER_ID not found"; the reference answers 400 OBP-20057 here
// (its getUserByUserId helper), which the other USER_ID endpoints of this server do not copy
// either, so one USER_ID gives one error everywhere.
core::Result<Reply> GetUserWithAttributes(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto found = call.services().attributes.GetUserWithAttributes(*caller, call.Param("USER_ID"));
  if (!found) return std::unexpected(found.error());
  return Reply{http::Status::ok, UserWithAttributesJson(*found)};
}

}  // namespace roster::api::obp
