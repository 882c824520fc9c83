// Multi-factor challenges (Apiture-Challenge): creating a challenge for a sensitive operation,
// starting, verifying and retrying its authenticators (one-time codes through the Notifier), and
// redeeming it.
//
// A challenge belongs to one user and guards one operation (its context, an operationId). It
// has an "email" authenticator (a code sent to the user's preferred e-mail address) and, when
// the user has an approved preferred phone number, an "sms" authenticator. Codes are random
// digits; only their digests are stored, compared in constant time. Starting an authenticator
// sends a code; verifying with the right code makes it verified, a wrong code makes it failed;
// retrying (at most maximum_retries times) sends a new code. The challenge is redeemable while
// it is unexpired, has been redeemed fewer than maximum_redemption_count times and has at least
// minimum_authenticator_count verified authenticators (docs/dialects.md, "Apiture contact items").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

// Authenticator and challenge states, derived at `now` (the stored state of a pending or
// started authenticator past its expiry reads "expired").
std::string_view AuthenticatorStateOf(const core::Authenticator& authenticator,
                                      core::TimePoint now);
// True when the authenticator may be retried now (started or failed, retries left, unexpired).
bool CanRetry(const core::Authenticator& authenticator, core::TimePoint now);
// pending, started, verified, failed, redeemed or expired.
std::string_view ChallengeStateOf(const core::Challenge& challenge, core::TimePoint now);
bool IsRedeemable(const core::Challenge& challenge, core::TimePoint now);

// A challenge as its owner sees it at `now`; masked_targets[i] is where authenticator i sends
// its code ("j***@example.com", "****0155"), "" when the user no longer has one.
struct ChallengeView {
  core::Challenge challenge;
  core::TimePoint now{};
  std::vector<std::string> masked_targets;
};

class ChallengeService {
 public:
  ChallengeService(Ports ports, const Settings& settings) : ports_(ports), settings_(settings) {}

  // Creates a challenge for `user_id` guarding the operation `context`, in its own write
  // transaction, and returns its id. No code is sent until an authenticator is started.
  core::Result<std::string> Issue(std::string_view user_id, std::string_view context,
                                  std::string_view reason);

  // Inside the caller's write transaction: redeems the challenge `id` for `user_id` and
  // `context` (redemption_count + 1, the time appended to the history), so that it is consumed
  // only when the caller's change commits. Errors (detail = `id`): kNoSuchChallenge (unknown, or
  // another user's or operation's), kChallengeAlreadyRedeemed, kChallengeRedeemExpired,
  // kChallengeNotVerified.
  core::Result<void> Redeem(ports::Tx& tx, std::string_view user_id, std::string_view context,
                            std::string_view id, core::TimePoint now);

  // The challenge named by an MFA error, for the error body; no access check (the caller has
  // just been handed its id). kNoSuchChallenge when unknown.
  core::Result<ChallengeView> Find(std::string_view id);

  // The owner (profiles/read; profiles/write for the others) or an administrator (admin/read;
  // admin/write). Another user's challenge is reported like an unknown one: kNoSuchChallenge.
  core::Result<ChallengeView> Get(const ScopedPrincipal& caller, std::string_view challenge_id);
  // kAuthenticatorNotFound (detail = the id) for an authenticator the challenge does not have.
  // Start: pending -> started, sends a code. Verify: started -> verified or failed. Retry:
  // started or failed with retries left -> started, sends a new code. Otherwise
  // kInvalidAuthenticatorState (detail = the state); kChallengeExpired once expired. The view
  // returned is that of the whole challenge.
  core::Result<ChallengeView> Start(const ScopedPrincipal& caller, std::string_view challenge_id,
                                    std::string_view authenticator_id);
  core::Result<ChallengeView> Verify(const ScopedPrincipal& caller, std::string_view challenge_id,
                                     std::string_view authenticator_id, std::string_view code);
  core::Result<ChallengeView> Retry(const ScopedPrincipal& caller, std::string_view challenge_id,
                                    std::string_view authenticator_id);

 private:
  enum class Step { kStart, kVerify, kRetry };
  core::Result<ChallengeView> Advance(const ScopedPrincipal& caller, std::string_view challenge_id,
                                      std::string_view authenticator_id, Step step,
                                      std::string_view code);

  Ports ports_;
  const Settings& settings_;
};

}  // namespace roster::services
