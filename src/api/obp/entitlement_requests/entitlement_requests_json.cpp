#include "api/obp/entitlement_requests/entitlement_requests_json.h"

#include "api/obp/json.h"

namespace roster::api::obp {

json::object EntitlementRequestJson(const services::EntitlementRequestDetails& details) {
  return {{"entitlement_request_id", details.request.id},
          {"user", UserJsonV200(details.user)},
          {"role_name", details.request.role_name},
          {"bank_id", details.request.bank_id},
          {"created", FormatDate(details.request.created_at)}};
}

json::object EntitlementRequestsJson(const std::vector<services::EntitlementRequestDetails>& list) {
  json::array items;
  items.reserve(list.size());
  for (const auto& details : list) items.emplace_back(EntitlementRequestJson(details));
  return {{"entitlement_requests", std::move(items)}};
}

}  // namespace roster::api::obp
