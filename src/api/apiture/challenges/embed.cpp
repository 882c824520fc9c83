#include "api/apiture/challenges/embed.h"

namespace roster::api::apiture {

// PENDING: load the challenge through ChallengeService and encode it.
std::optional<boost::json::object> EmbeddedChallenge(const Services&, const core::Error&) {
  return std::nullopt;
}

}  // namespace roster::api::apiture
