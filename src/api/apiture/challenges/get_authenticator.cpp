// getAuthenticator — GET /auth/challenges/challenges/{challengeId}/authenticators/{authenticatorId}
#include "api/apiture/challenges/challenge_json.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> GetAuthenticator(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto view = call.services().challenges.Get(*caller, call.Param("challengeId"));
  if (!view) return std::unexpected(view.error());
  auto body = EncodeAuthenticatorById(*view, call.Param("authenticatorId"));
  if (!body) return std::unexpected(body.error());
  return Reply{.body = std::move(*body)};
}

}  // namespace roster::api::apiture
