#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// POST /banks (OBPv5.0.0 createBank), role CanCreateBank: the bank registry behind BANK_ID.
core::Result<Reply> CreateBank(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  auto id = RequiredString(*body, "id");
  if (!id) return std::unexpected(id.error());
  core::Bank bank{.id = *id};
  for (auto [key, field] :
       {std::pair{"bank_code", &bank.short_name}, std::pair{"short_name", &bank.short_name},
        std::pair{"full_name", &bank.full_name}}) {
    if (const json::value* value = body->if_contains(key)) {
      if (!value->is_string()) return core::Fail(core::ErrorCode::kInvalidJson, {}, key);
      *field = std::string(value->as_string());
    }
  }
  auto created = call.services().entitlements.CreateBank(*caller, std::move(bank));
  if (!created) return std::unexpected(created.error());
  return Reply{http::Status::created, BankJson(*created)};
}

}  // namespace roster::api::obp
