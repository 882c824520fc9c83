#include "api/apiture/challenges/challenge_json.h"

#include "api/apiture/hal.h"

namespace roster::api::apiture {

namespace json = boost::json;
using core::Authenticator;

namespace {

// The attributes schema of both types (the source's sms example; `length` is informative).
json::object CodeSchema(std::string_view title, std::string_view where) {
  json::object code{{"type", "string"},
                    {"description", "The code that was sent " + std::string(where) +
                                        ". The user enters it in the app; set attributes.code "
                                        "to it."},
                    {"minLength", 3},
                    {"maxLength", 10}};
  json::object length{{"description", "The number of digits that are sent to the user."},
                      {"type", "integer"},
                      {"minimum", 3},
                      {"maximum", 10},
                      {"example", 6}};
  return {{"title", title},
          {"type", "object"},
          {"required", json::array{"code"}},
          {"properties", json::object{{"code", std::move(code)}, {"length", std::move(length)}}}};
}

json::object TypeOf(std::string_view name) {
  if (name == "sms") {
    return {{"name", "sms"},
            {"label", "SMS Code"},
            {"description", "Enter a code sent via SMS to the user's preferred mobile device."},
            {"category", "device"},
            {"schema", CodeSchema("SMS attributes", "to the user's preferred phone via SMS")}};
  }
  return {{"name", "email"},
          {"label", "Email Code"},
          {"description", "Enter a code sent to the user's preferred email address."},
          {"category", "device"},
          {"schema", CodeSchema("Email attributes", "to the user's preferred email address")}};
}

void PutTime(json::object& out, std::string_view name, const std::optional<core::TimePoint>& t) {
  if (t) out[name] = FormatTime(*t);
}

}  // namespace

std::string ChallengePath(std::string_view challenge_id) {
  return "/auth/challenges/challenges/" + std::string(challenge_id);
}

std::string AuthenticatorPath(std::string_view challenge_id, std::string_view authenticator_id) {
  return ChallengePath(challenge_id) + "/authenticators/" + std::string(authenticator_id);
}

json::object EncodeAuthenticator(const services::ChallengeView& view, std::size_t index) {
  const core::Challenge& challenge = view.challenge;
  const Authenticator& a = challenge.authenticators.at(index);
  const std::string_view state = services::AuthenticatorStateOf(a, view.now);
  const std::string self = AuthenticatorPath(challenge.id, a.id);
  const bool open = challenge.redemption_count == 0 && view.now < challenge.expires_at;
  json::object links{{"self", Link(self)},
                     {"apiture:challenge", Link(ChallengePath(challenge.id))}};
  if (open && state == "pending") links["apiture:start"] = Link(self + "/started");
  if (open && state == "started") links["apiture:verify"] = Link(self + "/verified");
  if (open && services::CanRetry(a, view.now)) links["apiture:retry"] = Link(self + "/retried");

  json::object out;
  out["_profile"] = ProfileUri("auth", "authenticator", "1.2.1");
  out["_links"] = std::move(links);
  out["_id"] = a.id;
  out["userId"] = challenge.user_id;
  out["state"] = state;
  if (index < view.masked_targets.size() && !view.masked_targets[index].empty()) {
    out["maskedTarget"] = view.masked_targets[index];
  }
  out["type"] = TypeOf(a.type);
  out["maximumRetries"] = a.maximum_retries;
  out["retryCount"] = a.retry_count;
  out["createdAt"] = FormatTime(challenge.created_at);
  PutTime(out, "startedAt", a.started_at);
  PutTime(out, "verifiedAt", a.verified_at);
  PutTime(out, "failedAt", a.failed_at);
  out["expiresAt"] = FormatTime(a.expires_at);
  return out;
}

core::Result<json::object> EncodeAuthenticatorById(const services::ChallengeView& view,
                                                   std::string_view authenticator_id) {
  const auto& list = view.challenge.authenticators;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].id == authenticator_id) return EncodeAuthenticator(view, i);
  }
  return core::Fail(core::ErrorCode::kAuthenticatorNotFound, std::string(authenticator_id));
}

json::object EncodeChallenge(const services::ChallengeView& view) {
  const core::Challenge& challenge = view.challenge;
  json::array authenticators;
  std::optional<core::TimePoint> verified_at;
  std::optional<core::TimePoint> failed_at;
  for (std::size_t i = 0; i < challenge.authenticators.size(); ++i) {
    authenticators.push_back(EncodeAuthenticator(view, i));
    const Authenticator& a = challenge.authenticators[i];
    if (a.verified_at && (!verified_at || *a.verified_at > *verified_at))
      verified_at = a.verified_at;
    if (a.failed_at && (!failed_at || *a.failed_at > *failed_at)) failed_at = a.failed_at;
  }
  const std::string_view state = services::ChallengeStateOf(challenge, view.now);
  json::array history;
  for (core::TimePoint t : challenge.redemption_history)
    history.push_back(json::value(FormatTime(t)));

  json::object out;
  out["_profile"] = ProfileUri("auth", "challenge", "1.2.1");
  out["_links"] = json::object{{"self", Link(ChallengePath(challenge.id))}};
  out["_id"] = challenge.id;
  out["reason"] = challenge.reason;
  out["contextUri"] = "/users/users/" + challenge.user_id;
  out["context"] = challenge.context;
  out["userId"] = challenge.user_id;
  out["minimumAuthenticatorCount"] = challenge.minimum_authenticator_count;
  out["maximumRedemptionCount"] = challenge.maximum_redemption_count;
  out["redemptionCount"] = challenge.redemption_count;
  out["redemptionHistory"] = std::move(history);
  out["state"] = state;
  out["redeemable"] = services::IsRedeemable(challenge, view.now);
  out["authenticators"] = std::move(authenticators);
  out["createdAt"] = FormatTime(challenge.created_at);
  if (state == "verified" || state == "redeemed") PutTime(out, "verifiedAt", verified_at);
  if (state == "failed") PutTime(out, "failedAt", failed_at);
  out["expiresAt"] = FormatTime(challenge.expires_at);
  return out;
}

}  // namespace roster::api::apiture
