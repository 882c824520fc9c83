// getChallenge — GET /auth/challenges/challenges/{challengeId}
#include "api/apiture/challenges/challenge_json.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> GetChallenge(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto view = call.services().challenges.Get(*caller, call.Param("challengeId"));
  if (!view) return std::unexpected(view.error());
  return Reply{.body = EncodeChallenge(*view)};
}

}  // namespace roster::api::apiture
