#include "api/apiture/challenges/embed.h"

#include "api/apiture/challenges/challenge_json.h"
#include "services/challenge_service.h"

namespace roster::api::apiture {

std::optional<boost::json::object> EmbeddedChallenge(const Services& services,
                                                     const core::Error& error) {
  if (error.detail.empty()) return std::nullopt;
  auto view = services.challenges.Find(error.detail);
  if (!view) return std::nullopt;
  return EncodeChallenge(*view);
}

}  // namespace roster::api::apiture
