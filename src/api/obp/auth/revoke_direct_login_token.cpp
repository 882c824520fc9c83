#include "api/obp/direct_login.h"
#include "api/obp/handlers.h"

namespace roster::api::obp {

// DELETE /my/logins/direct (unversioned). A Roster extension, not in the reference: revokes the
// DirectLogin token the request presents (the DirectLogin or Authorization header), so that it
// answers 401 OBP-20003 from then on; the user's other tokens stay valid. 200 with the bare
// JSON `true`, like the reference's other deletions.
core::Result<Reply> RevokeDirectLoginToken(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto token = AccessTokenOf(call.request());
  if (!token) return std::unexpected(token.error());
  if (!*token) return core::Fail(core::ErrorCode::kNotAuthenticated);
  auto revoked = call.services().auth.RevokeToken(**token);
  if (!revoked) return std::unexpected(revoked.error());
  return Reply{http::Status::ok, boost::json::value(true)};
}

}  // namespace roster::api::obp
