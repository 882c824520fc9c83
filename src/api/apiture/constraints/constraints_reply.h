// The `constraints` representation shared by getUserConstraints, updateUserConstraints and
// patchUserConstraints.
#pragma once

#include <string_view>

#include "api/apiture/call.h"
#include "services/constraint_service.h"

namespace roster::api::apiture {

// {"_profile", "_links": {"self"}, "transfers", "checkDeposits"} with ETag "v<version>".
Reply ConstraintsReply(std::string_view user_id, const services::ConstraintsView& view);

}  // namespace roster::api::apiture
