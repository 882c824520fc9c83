#include "api/obp/auth_contexts/auth_contexts_json.h"
#include "api/obp/handlers.h"
#include "api/obp/json.h"

namespace roster::api::obp {

// POST /banks/BANK_ID/users/current/auth-context-updates/AUTH_CONTEXT_UPDATE_ID/challenge
// (OBPv3.1.0 and OBPv5.0.0 answerUserAuthContextUpdateChallenge), body {"answer": "..."}: 200
// with the request and its new status. The v5.0.0 JSON adds consumer_id.
core::Result<Reply> AnswerUserAuthContextUpdateChallenge(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  auto answer = RequiredString(*body, "answer");
  if (!answer) return std::unexpected(answer.error());
  auto update = call.services().auth_contexts.AnswerChallenge(
      *caller, call.Param("BANK_ID"), call.Param("AUTH_CONTEXT_UPDATE_ID"), *answer);
  if (!update) return std::unexpected(update.error());
  return Reply{http::Status::ok,
               AuthContextUpdateJson(*update, ShowsConsumerId(call.implemented_in()))};
}

}  // namespace roster::api::obp
