// JSON of the MFA challenges (the `challenge` and `authenticator` schemas v1.2.1, §5.11) and the
// paths of the challenge resources under /auth/challenges (docs/dialects.md, "Apiture contact
// items"):
//
//   GET  /auth/challenges/challenges/{challengeId}                                  getChallenge
//   GET  /auth/challenges/challenges/{challengeId}/authenticators/{authenticatorId}
//   getAuthenticator POST .../authenticators/{authenticatorId}/started    startAuthenticator
//   (apiture:start) POST .../authenticators/{authenticatorId}/verified   verifyAuthenticator
//   (apiture:verify) POST .../authenticators/{authenticatorId}/retried    retryAuthenticator
//   (apiture:retry)
#pragma once

#include <boost/json.hpp>
#include <cstddef>
#include <string>
#include <string_view>

#include "services/challenge_service.h"

namespace roster::api::apiture {

std::string ChallengePath(std::string_view challenge_id);
std::string AuthenticatorPath(std::string_view challenge_id, std::string_view authenticator_id);

// The challenge with its authenticators embedded in `authenticators`.
boost::json::object EncodeChallenge(const services::ChallengeView& view);
// Authenticator `index` of the challenge; links apiture:challenge, and by state apiture:start
// (pending), apiture:verify (started), apiture:retry (while a retry is allowed).
boost::json::object EncodeAuthenticator(const services::ChallengeView& view, std::size_t index);

// The reply for one authenticator of `view` (kAuthenticatorNotFound when it has none of that
// id): 200 with EncodeAuthenticator.
core::Result<boost::json::object> EncodeAuthenticatorById(const services::ChallengeView& view,
                                                          std::string_view authenticator_id);

}  // namespace roster::api::apiture
