// startAuthenticator — POST .../authenticators/{authenticatorId}/started (link apiture:start):
// pending -> started; sends a one-time code. No request body is needed.
#include "api/apiture/challenges/challenge_json.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> StartAuthenticator(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  const std::string& authenticator_id = call.Param("authenticatorId");
  auto view =
      call.services().challenges.Start(*caller, call.Param("challengeId"), authenticator_id);
  if (!view) return std::unexpected(view.error());
  auto body = EncodeAuthenticatorById(*view, authenticator_id);
  if (!body) return std::unexpected(body.error());
  return Reply{.body = std::move(*body)};
}

}  // namespace roster::api::apiture
