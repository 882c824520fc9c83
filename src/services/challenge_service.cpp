#include "services/challenge_service.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "services/user_record.h"

namespace roster::services {

using core::Authenticator;
using core::Challenge;
using core::ErrorCode;
using core::Fail;
using core::Result;
using core::TimePoint;

namespace {

constexpr std::size_t kCodeDigits = 6;
constexpr int kMaximumRetries = 3;
// Message kinds for the Notifier ("_sms" goes through the SMS gateway).
constexpr std::string_view kEmailKind = "mfa_code";
constexpr std::string_view kSmsKind = "mfa_code_sms";

int VerifiedCount(const Challenge& challenge) {
  return static_cast<int>(
      std::count_if(challenge.authenticators.begin(), challenge.authenticators.end(),
                    [](const Authenticator& a) { return a.state == "verified"; }));
}

// Where the user's codes go now: the preferred e-mail address, the approved preferred phone.
struct Targets {
  std::string email;
  std::string phone;
};

Targets TargetsOf(const UserRecord& record) {
  Targets targets{.email = record.user.email};
  const core::ContactItem* phone =
      record.Find(core::ContactKind::kPhone, record.profile.preferred_phone_id);
  if (phone != nullptr && phone->state == "approved") targets.phone = phone->value;
  return targets;
}

std::string MaskEmail(std::string_view email) {
  const std::size_t at = email.find('@');
  if (email.empty() || at == std::string_view::npos || at == 0) return email.empty() ? "" : "***";
  return std::string(email.substr(0, 1)) + "***" + std::string(email.substr(at));
}

std::string MaskPhone(std::string_view phone) {
  if (phone.size() <= 4) return phone.empty() ? "" : "****";
  return "****" + std::string(phone.substr(phone.size() - 4));
}

const std::string& TargetOf(const Authenticator& authenticator, const Targets& targets) {
  return authenticator.type == "sms" ? targets.phone : targets.email;
}

ChallengeView MakeView(Challenge challenge, TimePoint now, const Targets& targets) {
  ChallengeView view{.challenge = std::move(challenge), .now = now};
  for (const Authenticator& a : view.challenge.authenticators) {
    view.masked_targets.push_back(a.type == "sms" ? MaskPhone(targets.phone)
                                                  : MaskEmail(targets.email));
  }
  return view;
}

// The scope a challenge operation needs before anything is looked up.
Result<void> RequireChallengeScope(const ScopedPrincipal& caller, bool write) {
  if (caller.IsService()) return {};
  const std::string_view own = write ? core::kProfilesWrite : core::kProfilesRead;
  const std::string_view admin = write ? core::kAdminWrite : core::kAdminRead;
  if (caller.scopes.HasAny({own, admin})) return {};
  return Fail(ErrorCode::kInsufficientScope, std::string(own) + "," + std::string(admin));
}

bool MayUse(const ScopedPrincipal& caller, const Challenge& challenge, bool write) {
  if (caller.IsService()) return true;
  if (caller.scopes.Has(write ? core::kAdminWrite : core::kAdminRead)) return true;
  return caller.IsUser(challenge.user_id) &&
         caller.scopes.Has(write ? core::kProfilesWrite : core::kProfilesRead);
}

// The challenge `id` if the caller may use it; kNoSuchChallenge otherwise (no enumeration of
// other users' challenges).
Result<Challenge> LoadFor(ports::Tx& tx, const ScopedPrincipal& caller, std::string_view id,
                          bool write) {
  auto found = tx.FindChallenge(id);
  if (!found) return std::unexpected(found.error());
  if (!*found || !MayUse(caller, **found, write)) {
    return Fail(ErrorCode::kNoSuchChallenge, std::string(id));
  }
  return std::move(**found);
}

Result<Targets> LoadTargets(ports::Tx& tx, std::string_view user_id) {
  auto record = LoadUserRecord(tx, user_id);
  if (!record) {
    // The user is gone: the challenge can no longer deliver anything.
    if (record.error().code == ErrorCode::kUserNotFound) return Targets{};
    return std::unexpected(record.error());
  }
  return TargetsOf(*record);
}

// "10 minutes", "45 seconds".
std::string Lifetime(std::chrono::seconds left) {
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(left);
  if (minutes.count() >= 1 && minutes == left) return std::to_string(minutes.count()) + " minutes";
  return std::to_string(left.count()) + " seconds";
}

}  // namespace

std::string_view AuthenticatorStateOf(const Authenticator& authenticator, TimePoint now) {
  if ((authenticator.state == "pending" || authenticator.state == "started") &&
      now >= authenticator.expires_at) {
    return "expired";
  }
  return authenticator.state;
}

bool CanRetry(const Authenticator& authenticator, TimePoint now) {
  const std::string_view state = AuthenticatorStateOf(authenticator, now);
  return (state == "started" || state == "failed") && now < authenticator.expires_at &&
         authenticator.retry_count < authenticator.maximum_retries;
}

std::string_view ChallengeStateOf(const Challenge& challenge, TimePoint now) {
  if (challenge.redemption_count > 0) return "redeemed";
  if (now >= challenge.expires_at) return "expired";
  int verified = 0;
  int viable = 0;  // verified, or still able to become verified
  bool touched = false;
  for (const Authenticator& a : challenge.authenticators) {
    const std::string_view state = AuthenticatorStateOf(a, now);
    if (state != "pending") touched = true;
    if (state == "verified") {
      ++verified;
      ++viable;
    } else if (state == "pending" || state == "started" ||
               (state == "failed" && CanRetry(a, now))) {
      ++viable;
    }
  }
  if (verified >= challenge.minimum_authenticator_count) return "verified";
  if (viable < challenge.minimum_authenticator_count) return "failed";
  return touched ? "started" : "pending";
}

bool IsRedeemable(const Challenge& challenge, TimePoint now) {
  return challenge.redemption_count < challenge.maximum_redemption_count &&
         now < challenge.expires_at &&
         VerifiedCount(challenge) >= challenge.minimum_authenticator_count;
}

Result<std::string> ChallengeService::Issue(std::string_view user_id, std::string_view context,
                                            std::string_view reason) {
  const TimePoint now = ports_.clock.Now();
  const TimePoint expires = now + settings_.challenge_ttl;
  Challenge challenge{.id = ports_.random.Uuid(),
                      .user_id = std::string(user_id),
                      .context = std::string(context),
                      .reason = std::string(reason),
                      .minimum_authenticator_count = 1,
                      .maximum_redemption_count = 1,
                      .created_at = now,
                      .expires_at = expires};
  const std::string email_id = ports_.random.Uuid();
  const std::string sms_id = ports_.random.Uuid();
  auto done = ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<void> {
    auto record = LoadUserRecord(tx, user_id);
    if (!record) return std::unexpected(record.error());
    const Targets targets = TargetsOf(*record);
    const auto make = [&](std::string id, std::string type) {
      return Authenticator{.id = std::move(id),
                           .type = std::move(type),
                           .state = "pending",
                           .maximum_retries = kMaximumRetries,
                           .expires_at = expires};
    };
    if (!targets.email.empty()) challenge.authenticators.push_back(make(email_id, "email"));
    if (!targets.phone.empty()) challenge.authenticators.push_back(make(sms_id, "sms"));
    return tx.InsertChallenge(challenge);
  });
  if (!done) return std::unexpected(done.error());
  return challenge.id;
}

Result<void> ChallengeService::Redeem(ports::Tx& tx, std::string_view user_id,
                                      std::string_view context, std::string_view id,
                                      TimePoint now) {
  auto found = tx.FindChallenge(id);
  if (!found) return std::unexpected(found.error());
  if (!*found || (*found)->user_id != user_id || (*found)->context != context) {
    return Fail(ErrorCode::kNoSuchChallenge, std::string(id));
  }
  Challenge challenge = std::move(**found);
  if (challenge.redemption_count >= challenge.maximum_redemption_count) {
    return Fail(ErrorCode::kChallengeAlreadyRedeemed, std::string(id));
  }
  if (now >= challenge.expires_at) return Fail(ErrorCode::kChallengeRedeemExpired, std::string(id));
  if (VerifiedCount(challenge) < challenge.minimum_authenticator_count) {
    return Fail(ErrorCode::kChallengeNotVerified, std::string(id));
  }
  challenge.redemption_count += 1;
  challenge.redemption_history.push_back(now);
  return tx.UpdateChallenge(challenge);
}

Result<ChallengeView> ChallengeService::Find(std::string_view id) {
  const TimePoint now = ports_.clock.Now();
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<ChallengeView> {
    auto found = tx.FindChallenge(id);
    if (!found) return std::unexpected(found.error());
    if (!*found) return Fail(ErrorCode::kNoSuchChallenge, std::string(id));
    auto targets = LoadTargets(tx, (*found)->user_id);
    if (!targets) return std::unexpected(targets.error());
    return MakeView(std::move(**found), now, *targets);
  });
}

Result<ChallengeView> ChallengeService::Get(const ScopedPrincipal& caller,
                                            std::string_view challenge_id) {
  if (auto r = RequireChallengeScope(caller, false); !r) return std::unexpected(r.error());
  const TimePoint now = ports_.clock.Now();
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<ChallengeView> {
    auto challenge = LoadFor(tx, caller, challenge_id, false);
    if (!challenge) return std::unexpected(challenge.error());
    auto targets = LoadTargets(tx, challenge->user_id);
    if (!targets) return std::unexpected(targets.error());
    return MakeView(std::move(*challenge), now, *targets);
  });
}

Result<ChallengeView> ChallengeService::Start(const ScopedPrincipal& caller,
                                              std::string_view challenge_id,
                                              std::string_view authenticator_id) {
  return Advance(caller, challenge_id, authenticator_id, Step::kStart, {});
}

Result<ChallengeView> ChallengeService::Verify(const ScopedPrincipal& caller,
                                               std::string_view challenge_id,
                                               std::string_view authenticator_id,
                                               std::string_view code) {
  return Advance(caller, challenge_id, authenticator_id, Step::kVerify, code);
}

Result<ChallengeView> ChallengeService::Retry(const ScopedPrincipal& caller,
                                              std::string_view challenge_id,
                                              std::string_view authenticator_id) {
  return Advance(caller, challenge_id, authenticator_id, Step::kRetry, {});
}

Result<ChallengeView> ChallengeService::Advance(const ScopedPrincipal& caller,
                                                std::string_view challenge_id,
                                                std::string_view authenticator_id, Step step,
                                                std::string_view code) {
  if (auto r = RequireChallengeScope(caller, true); !r) return std::unexpected(r.error());
  const TimePoint now = ports_.clock.Now();
  const std::string new_code =
      step == Step::kVerify ? std::string() : ports_.random.Digits(kCodeDigits);
  const std::string answer_digest = step == Step::kVerify ? ports_.digest.Digest(code) : "";
  struct Outcome {
    ChallengeView view;
    ports::Message message;  // to send after the commit; empty `to` for none
  };
  auto outcome = ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<Outcome> {
    auto challenge = LoadFor(tx, caller, challenge_id, true);
    if (!challenge) return std::unexpected(challenge.error());
    auto it = std::find_if(challenge->authenticators.begin(), challenge->authenticators.end(),
                           [&](const Authenticator& a) { return a.id == authenticator_id; });
    if (it == challenge->authenticators.end()) {
      return Fail(ErrorCode::kAuthenticatorNotFound, std::string(authenticator_id));
    }
    Authenticator& authenticator = *it;
    const std::string_view state = AuthenticatorStateOf(authenticator, now);
    if (now >= challenge->expires_at || state == "expired") {
      return Fail(ErrorCode::kChallengeExpired, std::to_string(settings_.challenge_ttl.count()));
    }
    if (challenge->redemption_count > 0) {
      return Fail(ErrorCode::kInvalidAuthenticatorState, "redeemed");
    }
    switch (step) {
      case Step::kStart:
        if (state != "pending") {
          return Fail(ErrorCode::kInvalidAuthenticatorState, std::string(state));
        }
        break;
      case Step::kVerify:
        if (state != "started") {
          return Fail(ErrorCode::kInvalidAuthenticatorState, std::string(state));
        }
        break;
      case Step::kRetry:
        if (!CanRetry(authenticator, now)) {
          return Fail(ErrorCode::kInvalidAuthenticatorState, state == "started" || state == "failed"
                                                                 ? "no retries left"
                                                                 : std::string(state));
        }
        break;
    }
    auto targets = LoadTargets(tx, challenge->user_id);
    if (!targets) return std::unexpected(targets.error());
    Outcome out;
    if (step == Step::kVerify) {
      // Constant-time comparison of digests: timing reveals nothing about the code.
      if (!authenticator.code_digest.empty() &&
          ports_.digest.Equal(answer_digest, authenticator.code_digest)) {
        authenticator.state = "verified";
        authenticator.verified_at = now;
      } else {
        authenticator.state = "failed";
        authenticator.failed_at = now;
      }
      authenticator.code_digest.clear();  // a code answers once
    } else {
      const std::string& to = TargetOf(authenticator, *targets);
      if (to.empty()) return Fail(ErrorCode::kInvalidAuthenticatorState, "no delivery address");
      authenticator.code_digest = ports_.digest.Digest(new_code);
      authenticator.state = "started";
      authenticator.started_at = now;
      authenticator.failed_at.reset();
      if (step == Step::kRetry) authenticator.retry_count += 1;
      const bool sms = authenticator.type == "sms";
      out.message = ports::Message{.kind = std::string(sms ? kSmsKind : kEmailKind),
                                   .to = to,
                                   .subject = "Your verification code",
                                   .body = "Your verification code is " + new_code + ". " +
                                           challenge->reason + " The code expires in " +
                                           Lifetime(authenticator.expires_at - now) + ".\n"};
    }
    if (auto r = tx.UpdateChallenge(*challenge); !r) return std::unexpected(r.error());
    out.view = MakeView(std::move(*challenge), now, *targets);
    return out;
  });
  if (!outcome) return std::unexpected(outcome.error());
  if (!outcome->message.to.empty()) {
    if (auto sent = ports_.notifier.Send(outcome->message); !sent) {
      return std::unexpected(sent.error());
    }
  }
  return std::move(outcome->view);
}

}  // namespace roster::services
