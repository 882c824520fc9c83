#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// GET /banks (OBPv4.0.0 getBanks): anonymous.
core::Result<Reply> GetBanks(Call& call) {
  auto banks = call.services().entitlements.ListBanks();
  if (!banks) return std::unexpected(banks.error());
  json::array list;
  for (const auto& bank : *banks) list.push_back(BankJson(bank));
  return Reply{http::Status::ok, json::object{{"banks", std::move(list)}}};
}

}  // namespace roster::api::obp
