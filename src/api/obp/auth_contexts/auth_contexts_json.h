// OBP JSON codecs of user auth contexts and auth-context update requests.
#pragma once

#include <boost/json.hpp>
#include <string_view>
#include <vector>

#include "core/model.h"

namespace roster::api::obp {

// True for the implementations whose JSON carries consumer_id (OBPv5.0.0; v3.1.0 has none).
bool ShowsConsumerId(std::string_view implemented_in);

// {user_auth_context_id, user_id, key, value, time_stamp[, consumer_id]}
boost::json::object UserAuthContextJson(const core::UserAuthContext& context,
                                        bool with_consumer_id);
// {"user_auth_contexts": [...]}
boost::json::object UserAuthContextsJson(const std::vector<core::UserAuthContext>& contexts,
                                         bool with_consumer_id);
// {user_auth_context_update_id, user_id, key, value, status[, consumer_id]}; never the code.
boost::json::object AuthContextUpdateJson(const core::AuthContextUpdate& update,
                                          bool with_consumer_id);

}  // namespace roster::api::obp
