// verifyAuthenticator — POST .../authenticators/{authenticatorId}/verified (link
// apiture:verify), body {"attributes": {"code": "123456"}}: started -> verified (right code) or
// failed (wrong code); 200 with the authenticator either way.
#include "api/apiture/challenges/challenge_json.h"
#include "api/apiture/handlers.h"

namespace roster::api::apiture {

core::Result<Reply> VerifyAuthenticator(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  const boost::json::value* attributes = body->if_contains("attributes");
  if (attributes == nullptr || !attributes->is_object()) {
    return core::Fail(core::ErrorCode::kInvalidInput, "attributes");
  }
  const boost::json::value* code = attributes->as_object().if_contains("code");
  if (code == nullptr || !code->is_string() || code->as_string().size() < 3 ||
      code->as_string().size() > 10) {
    return core::Fail(core::ErrorCode::kInvalidInput, "attributes.code");
  }
  const std::string& authenticator_id = call.Param("authenticatorId");
  auto view = call.services().challenges.Verify(*caller, call.Param("challengeId"),
                                                authenticator_id, code->as_string());
  if (!view) return std::unexpected(view.error());
  auto out = EncodeAuthenticatorById(*view, authenticator_id);
  if (!out) return std::unexpected(out.error());
  return Reply{.body = std::move(*out)};
}

}  // namespace roster::api::apiture
