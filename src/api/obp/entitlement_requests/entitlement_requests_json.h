// OBP entitlement-request codecs (obp-reference-behaviour.md §2.9).
#pragma once

#include <boost/json.hpp>
#include <vector>

#include "services/entitlement_request_service.h"

namespace roster::api::obp {

// EntitlementRequestJSON: {entitlement_request_id, user:{UserJsonV200}, role_name, bank_id,
// created}.
boost::json::object EntitlementRequestJson(const services::EntitlementRequestDetails& details);
// EntitlementRequestsJSON: {"entitlement_requests":[EntitlementRequestJSON...]}.
boost::json::object EntitlementRequestsJson(
    const std::vector<services::EntitlementRequestDetails>& list);

}  // namespace roster::api::obp
