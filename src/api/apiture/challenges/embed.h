// The challenge an MFA error carries, as embedded in a challengeErrorResponse.
#pragma once

#include <boost/json.hpp>
#include <optional>

#include "api/apiture/call.h"
#include "core/error.h"

namespace roster::api::apiture {

// The JSON of the challenge named by `error` (see CarriesChallenge), or nullopt when it cannot
// be loaded (the error is then rendered without it).
std::optional<boost::json::object> EmbeddedChallenge(const Services& services,
                                                     const core::Error& error);

}  // namespace roster::api::apiture
