#include "services/auth_context_service.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "services/access.h"

namespace roster::services {

using core::AuthContextUpdate;
using core::ErrorCode;
using core::Fail;
using core::Result;
using core::UserAuthContext;

namespace {

constexpr std::string_view kCanCreateUserAuthContext = "CanCreateUserAuthContext";
constexpr std::string_view kCanGetUserAuthContext = "CanGetUserAuthContext";
constexpr std::string_view kCanDeleteUserAuthContext = "CanDeleteUserAuthContext";

constexpr std::size_t kCodeDigits = 8;

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

Result<core::User> RequireUser(ports::Tx& tx, std::string_view user_id) {
  auto user = tx.FindUserById(user_id);
  if (!user) return std::unexpected(user.error());
  if (!*user) return Fail(ErrorCode::kUserNotFound, std::string(user_id));
  return std::move(**user);
}

Result<void> RequireBank(ports::Tx& tx, std::string_view bank_id) {
  auto bank = tx.FindBank(bank_id);
  if (!bank) return std::unexpected(bank.error());
  if (!*bank) return Fail(ErrorCode::kBankNotFound, std::string(bank_id));
  return {};
}

// The role check, then the target user.
Result<void> RequireRoleAndUser(ports::Tx& tx, const Principal& caller, std::string_view role,
                                std::string_view user_id) {
  if (auto r = RequireAnyRole(tx, caller, {role}); !r) return r;
  if (auto user = RequireUser(tx, user_id); !user) return std::unexpected(user.error());
  return {};
}

Result<core::Customer> RequireCustomerNumber(ports::Tx& tx, std::string_view bank_id,
                                             std::string_view number) {
  auto customer = tx.FindCustomerByNumber(bank_id, number);
  if (!customer) return std::unexpected(customer.error());
  if (!*customer) return Fail(ErrorCode::kInvalidAuthContextKey);
  return std::move(**customer);
}

// What RequestUpdate learns inside its transaction and needs after the commit.
struct Delivery {
  std::string to;
  std::string kind;
};

}  // namespace

Result<UserAuthContext> AuthContextService::Create(const Principal& caller,
                                                   std::string_view user_id, std::string_view key,
                                                   std::string_view value) {
  const std::string_view trimmed_key = Trim(key);
  const std::string_view trimmed_value = Trim(value);
  UserAuthContext context{.id = ports_.random.Uuid(),
                          .user_id = std::string(user_id),
                          .key = std::string(trimmed_key),
                          .value = std::string(trimmed_value),
                          .consumer_id = caller.consumer_id,
                          .created_at = ports_.clock.Now()};
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<UserAuthContext> {
    if (auto r = RequireRoleAndUser(tx, caller, kCanCreateUserAuthContext, user_id); !r) {
      return std::unexpected(r.error());
    }
    if (context.key.empty() || context.value.empty()) {
      return Fail(ErrorCode::kInvalidJson, "The key and value fields must not be empty.");
    }
    if (context.key.size() > kMaxAuthContextKeyLength ||
        context.value.size() > kMaxAuthContextValueLength) {
      return Fail(ErrorCode::kInvalidJson, "The key and value fields must be at most " +
                                               std::to_string(kMaxAuthContextKeyLength) +
                                               " characters long.");
    }
    if (auto r = tx.InsertAuthContext(context); !r) return std::unexpected(r.error());
    return context;
  });
}

Result<std::vector<UserAuthContext>> AuthContextService::List(const Principal& caller,
                                                              std::string_view user_id) {
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<std::vector<UserAuthContext>> {
    if (auto r = RequireRoleAndUser(tx, caller, kCanGetUserAuthContext, user_id); !r) {
      return std::unexpected(r.error());
    }
    return tx.ListAuthContexts(user_id);
  });
}

Result<void> AuthContextService::Delete(const Principal& caller, std::string_view user_id,
                                        std::string_view context_id) {
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<void> {
    if (auto r = RequireRoleAndUser(tx, caller, kCanDeleteUserAuthContext, user_id); !r) {
      return r;
    }
    auto contexts = tx.ListAuthContexts(user_id);
    if (!contexts) return std::unexpected(contexts.error());
    const bool owned = std::any_of(contexts->begin(), contexts->end(),
                                   [&](const UserAuthContext& c) { return c.id == context_id; });
    if (!owned) return Fail(ErrorCode::kAuthContextNotFound, std::string(context_id));
    return tx.DeleteAuthContext(context_id);
  });
}

Result<void> AuthContextService::DeleteAll(const Principal& caller, std::string_view user_id) {
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<void> {
    if (auto r = RequireRoleAndUser(tx, caller, kCanDeleteUserAuthContext, user_id); !r) {
      return r;
    }
    return tx.DeleteAuthContextsOfUser(user_id);
  });
}

Result<AuthContextUpdate> AuthContextService::RequestUpdate(const Principal& caller,
                                                            std::string_view bank_id,
                                                            std::string_view sca_method,
                                                            std::string_view key,
                                                            std::string_view value) {
  const std::string code = ports_.random.Digits(kCodeDigits);
  const core::TimePoint now = ports_.clock.Now();
  AuthContextUpdate update{.id = ports_.random.Uuid(),
                           .user_id = caller.user.id,
                           .bank_id = std::string(bank_id),
                           .key = std::string(Trim(key)),
                           .value = std::string(Trim(value)),
                           .sca_method = std::string(sca_method),
                           .consumer_id = caller.consumer_id,
                           .status = std::string(kUpdateInitiated),
                           .challenge_digest = ports_.digest.Digest(code),
                           .failed_attempts = 0,
                           .created_at = now,
                           .expires_at = now + settings_.challenge_ttl};
  auto delivery = ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<Delivery> {
    if (auto r = RequireBank(tx, bank_id); !r) return std::unexpected(r.error());
    if (sca_method != "SMS" && sca_method != "EMAIL") {
      return Fail(ErrorCode::kUnsupportedScaMethod, std::string(sca_method));
    }
    if (update.key != kCustomerNumberKey || update.value.empty() ||
        update.value.size() > kMaxAuthContextUpdateLength) {
      return Fail(ErrorCode::kInvalidAuthContextKey);
    }
    auto customer = RequireCustomerNumber(tx, bank_id, update.value);
    if (!customer) return std::unexpected(customer.error());
    Delivery out;
    if (sca_method == "SMS") {
      if (customer->mobile_phone_number.empty()) {
        return Fail(ErrorCode::kInvalidInput,
                    "The customer has no mobile phone number to send the one-time password to.");
      }
      out = {customer->mobile_phone_number, std::string(kOtpSmsKind)};
    } else {
      // The caller is re-read so that a changed e-mail address is honoured.
      auto user = RequireUser(tx, caller.user.id);
      if (!user) return std::unexpected(user.error());
      out = {customer->email.empty() ? user->email : customer->email, std::string(kOtpEmailKind)};
      if (out.to.empty()) {
        return Fail(ErrorCode::kInvalidInput,
                    "There is no e-mail address to send the one-time password to.");
      }
    }
    if (auto r = tx.InsertAuthContextUpdate(update); !r) return std::unexpected(r.error());
    return out;
  });
  if (!delivery) return std::unexpected(delivery.error());

  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(settings_.challenge_ttl);
  const std::string lifetime = minutes.count() >= 1 && minutes == settings_.challenge_ttl
                                   ? std::to_string(minutes.count()) + " minutes"
                                   : std::to_string(settings_.challenge_ttl.count()) + " seconds";
  ports::Message message{.kind = delivery->kind,
                         .to = delivery->to,
                         .subject = "Your one-time password",
                         .body = "Your one-time password to confirm the change of " + update.key +
                                 " is " + code + ". It expires in " + lifetime + ".\n"};
  if (auto sent = ports_.notifier.Send(message); !sent) {
    // Nobody can ever answer this request: close it so that it does not linger as INITIATED.
    update.status = std::string(kUpdateRejected);
    (void)ports::WriteTx(ports_.store,
                         [&](ports::Tx& tx) { return tx.UpdateAuthContextUpdate(update); });
    return std::unexpected(sent.error());
  }
  return update;
}

Result<AuthContextUpdate> AuthContextService::AnswerChallenge(const Principal& caller,
                                                              std::string_view bank_id,
                                                              std::string_view update_id,
                                                              std::string_view answer) {
  const core::TimePoint now = ports_.clock.Now();
  const std::string answer_digest = ports_.digest.Digest(answer);
  const std::string context_id = ports_.random.Uuid();
  const std::string link_id = ports_.random.Uuid();
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<AuthContextUpdate> {
    if (auto r = RequireBank(tx, bank_id); !r) return std::unexpected(r.error());
    auto found = tx.FindAuthContextUpdate(update_id);
    if (!found) return std::unexpected(found.error());
    // Another user's (or another bank's) request is reported exactly like a missing one.
    if (!*found || (*found)->user_id != caller.user.id || (*found)->bank_id != bank_id) {
      return Fail(ErrorCode::kAuthContextUpdateNotFound, std::string(update_id));
    }
    AuthContextUpdate update = std::move(**found);
    // Like the reference, expiry is checked before the status.
    if (now >= update.expires_at) {
      return Fail(ErrorCode::kChallengeExpired, std::to_string(settings_.challenge_ttl.count()));
    }
    if (update.status != kUpdateInitiated) return update;

    // Constant-time comparison, so that response timing reveals nothing about the code.
    if (!ports_.digest.Equal(answer_digest, update.challenge_digest)) {
      ++update.failed_attempts;
      if (update.failed_attempts >= settings_.challenge_max_attempts) {
        update.status = std::string(kUpdateRejected);
      }
      if (auto r = tx.UpdateAuthContextUpdate(update); !r) return std::unexpected(r.error());
      return update;
    }

    update.status = std::string(kUpdateAccepted);
    if (auto r = tx.UpdateAuthContextUpdate(update); !r) return std::unexpected(r.error());
    UserAuthContext context{.id = context_id,
                            .user_id = update.user_id,
                            .key = update.key,
                            .value = update.value,
                            .consumer_id = update.consumer_id,
                            .created_at = now};
    if (auto r = tx.InsertAuthContext(context); !r) return std::unexpected(r.error());
    if (update.key == kCustomerNumberKey) {
      auto customer = RequireCustomerNumber(tx, update.bank_id, update.value);
      if (!customer) return std::unexpected(customer.error());
      auto links = tx.ListCustomerLinksOfUser(update.user_id);
      if (!links) return std::unexpected(links.error());
      const bool linked = std::any_of(links->begin(), links->end(), [&](const auto& link) {
        return link.customer_id == customer->id;
      });
      if (!linked) {
        core::UserCustomerLink link{.id = link_id,
                                    .user_id = update.user_id,
                                    .customer_id = customer->id,
                                    .bank_id = update.bank_id,
                                    .is_active = true,
                                    .created_at = now};
        auto inserted = tx.InsertUserCustomerLink(link);
        if (!inserted && inserted.error().code != ErrorCode::kCustomerLinkExists) {
          return std::unexpected(inserted.error());
        }
      }
    }
    return update;
  });
}

}  // namespace roster::services
