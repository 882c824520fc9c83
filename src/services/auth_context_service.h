// Auth contexts and their SCA-confirmed updates (one-time codes through the Notifier).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

// Longest auth-context key and value (the reference's column sizes); update requests are limited
// to 50 characters each, like the reference.
inline constexpr std::size_t kMaxAuthContextKeyLength = 4000;
inline constexpr std::size_t kMaxAuthContextValueLength = 4000;
inline constexpr std::size_t kMaxAuthContextUpdateLength = 50;

// Statuses of an auth-context update request.
inline constexpr std::string_view kUpdateInitiated = "INITIATED";
inline constexpr std::string_view kUpdateAccepted = "ACCEPTED";
inline constexpr std::string_view kUpdateRejected = "REJECTED";

// The one key an update request may confirm: the value names a customer of the bank.
inline constexpr std::string_view kCustomerNumberKey = "CUSTOMER_NUMBER";

// Notification kinds of one-time codes: e-mail, and SMS (which a Notifier may deliver through an
// e-mail-to-SMS gateway or only log).
inline constexpr std::string_view kOtpEmailKind = "otp";
inline constexpr std::string_view kOtpSmsKind = "otp_sms";

// Thread-safe (stateless apart from the ports, which are thread-safe).
class AuthContextService {
 public:
  AuthContextService(Ports ports, const Settings& settings) : ports_(ports), settings_(settings) {}

  // --- Staff CRUD (system roles CanCreate/Get/DeleteUserAuthContext; kMissingRole) ------------
  // Every call checks the role first, then the target user (kUserNotFound).

  // Key and value are trimmed; each must be non-empty and at most 4000 characters, else
  // kInvalidJson (detail explains). The context records the caller's consumer.
  core::Result<core::UserAuthContext> Create(const Principal& caller, std::string_view user_id,
                                             std::string_view key, std::string_view value);
  // Ordered by creation.
  core::Result<std::vector<core::UserAuthContext>> List(const Principal& caller,
                                                        std::string_view user_id);
  // kAuthContextNotFound when the id is unknown or belongs to another user.
  core::Result<void> Delete(const Principal& caller, std::string_view user_id,
                            std::string_view context_id);
  // Deletes every auth context of the user (none is fine).
  core::Result<void> DeleteAll(const Principal& caller, std::string_view user_id);

  // --- SCA-confirmed updates of the caller's own auth contexts -------------------------------

  // Starts an update: checks, in order, the bank (kBankNotFound), the method, SMS or EMAIL
  // (kUnsupportedScaMethod), the key, which must be CUSTOMER_NUMBER, and the value, which must be
  // the customer number of a customer of that bank (both kInvalidAuthContextKey; key and value
  // are trimmed and at most 50 characters). Stores an INITIATED request with the digest of an
  // 8-digit one-time code that expires after settings.challenge_ttl, then sends the code through
  // the Notifier (after the commit, since a Write callback may be retried): EMAIL to the
  // customer's e-mail address (the caller's when the customer has none), SMS to the customer's
  // mobile number. A failed delivery rejects the request and returns the Notifier's error
  // (kUnavailable); a customer without a mobile number gives kInvalidInput for SMS.
  core::Result<core::AuthContextUpdate> RequestUpdate(const Principal& caller,
                                                      std::string_view bank_id,
                                                      std::string_view sca_method,
                                                      std::string_view key, std::string_view value);

  // Answers the one-time code of an update: kBankNotFound; kAuthContextUpdateNotFound when the id
  // is unknown, of another bank or of another user; kChallengeExpired (detail = the configured
  // lifetime in seconds) once the code has expired. An INITIATED request becomes ACCEPTED on the
  // right code (compared in constant time) and is applied in the same transaction: the caller
  // gets the auth context (key, value) and, for CUSTOMER_NUMBER, a link to the customer unless
  // one exists. A wrong code counts a failed attempt; at settings.challenge_max_attempts the
  // request becomes REJECTED and nothing is applied. An ACCEPTED or REJECTED request is returned
  // unchanged.
  core::Result<core::AuthContextUpdate> AnswerChallenge(const Principal& caller,
                                                        std::string_view bank_id,
                                                        std::string_view update_id,
                                                        std::string_view answer);

 private:
  Ports ports_;
  const Settings& settings_;
};

}  // namespace roster::services
