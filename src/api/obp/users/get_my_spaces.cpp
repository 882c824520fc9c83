#include <algorithm>
#include <string>
#include <vector>

#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// GET /my/spaces (OBPv4.0.0 getMySpaces): 200 {"bank_ids":[...]}, the banks at which the caller
// holds CanReadDynamicResourceDocsAtOneBank (as in the reference), sorted, without repeats.
core::Result<Reply> GetMySpaces(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto entitlements = call.services().entitlements.ListMine(*caller);
  if (!entitlements) return std::unexpected(entitlements.error());
  std::vector<std::string> banks;
  for (const auto& entitlement : *entitlements) {
    if (entitlement.role_name == "CanReadDynamicResourceDocsAtOneBank") {
      banks.push_back(entitlement.bank_id);
    }
  }
  std::sort(banks.begin(), banks.end());
  banks.erase(std::unique(banks.begin(), banks.end()), banks.end());
  json::array bank_ids(banks.begin(), banks.end());
  return Reply{http::Status::ok, json::object{{"bank_ids", std::move(bank_ids)}}};
}

}  // namespace roster::api::obp
