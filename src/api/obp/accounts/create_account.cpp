#include "api/obp/accounts/accounts_json.h"
#include "api/obp/handlers.h"

namespace roster::api::obp {

// PUT /banks/BANK_ID/accounts/ACCOUNT_ID (OBPv5.0.0 createAccount): 201 with the account.
core::Result<Reply> CreateAccount(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  auto input = NewAccountFromJson(*body);
  if (!input) return std::unexpected(input.error());
  input->bank_id = call.Param("BANK_ID");
  input->account_id = call.Param("ACCOUNT_ID");
  auto account = call.services().accounts.CreateAccount(*caller, std::move(*input));
  if (!account) return std::unexpected(account.error());
  return Reply{http::Status::created, AccountJson(*account)};
}

}  // namespace roster::api::obp
