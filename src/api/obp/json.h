// OBP JSON codecs: the wire shapes of the source documents (snake_case, second-precision UTC
// dates, optional members omitted when empty).
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "http/message.h"
#include "services/user_service.h"

namespace roster::api::obp {

namespace json = boost::json;

// "2024-10-16T12:00:00Z"
std::string FormatDate(core::TimePoint time);

http::Response JsonResponse(http::Status status, const json::value& body,
                            const http::Request& request);

// Parses a request body as a JSON object. kInvalidJson for anything else (including invalid
// UTF-8, which Boost.JSON rejects).
core::Result<json::object> ParseObject(std::string_view body);
// A required string member; kInvalidJson when missing or not a string.
core::Result<std::string> RequiredString(const json::object& object, std::string_view key);

json::object EntitlementJson(const core::Entitlement& entitlement);  // without user_id
json::object EntitlementListJson(const std::vector<core::Entitlement>& entitlements,
                                 bool with_user_id);

// UserJsonV200: user_id, email, provider_id, provider, username, entitlements.
json::object UserJsonV200(const services::UserDetails& details);
// UserJsonV300 (current user): V200 plus views (omitted while the user has no account access).
json::object UserJsonV300(const services::UserDetails& details);
// UserJsonV400 (look-ups, lists): V200 plus is_deleted and is_locked.
json::object UserJsonV400(const services::UserDetails& details);

// {username, bad_attempts_since_last_success_or_reset, last_failure_date}
json::object LockStatusJson(const services::LockStatus& status);
// {id, bank_code, full_name, logo, website, bank_routings}
json::object BankJson(const core::Bank& bank);

}  // namespace roster::api::obp
