#include "store/postgres/postgres_store.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <iterator>
#include <optional>
#include <random>
#include <thread>
#include <utility>

#include "store/postgres/migrations.h"
#include "store/postgres/pg_connection.h"
#include "store/time_list.h"

namespace roster::store {
namespace {

using core::ErrorCode;
using core::Result;
using core::TimePoint;
using pg::Failure;
using pg::Params;
using pg::PgConnection;
using pg::PgResult;
using pg::Stmt;

constexpr const char* kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
constexpr const char* kBeginWrite = "BEGIN ISOLATION LEVEL SERIALIZABLE";
// Reconnections per Read or Write after a connection broke before COMMIT: enough to get past
// stale pooled connections after a server restart, without looping while the server is down.
constexpr int kMaxReconnects = 2;

void AddUser(Params& params, const core::User& user) {
  params.Text(user.id)
      .Text(user.username)
      .Text(user.provider)
      .Text(user.provider_id)
      .Text(user.email)
      .Text(user.first_name)
      .Text(user.last_name)
      .Text(user.password_hash)
      .Bool(user.validated)
      .Text(core::ToString(user.state))
      .Text(user.lock_type)
      .OptionalTime(user.last_lock_date)
      .Time(user.created_at)
      .Time(user.updated_at)
      .Int(user.version);
}

core::Entitlement ReadEntitlement(const PgResult& result, int row) {
  return core::Entitlement{result.Text(row, 0), result.Text(row, 1), result.Text(row, 2),
                           result.Text(row, 3), result.Text(row, 4), result.Time(row, 5)};
}

core::Bank ReadBank(const PgResult& result, int row) {
  return core::Bank{result.Text(row, 0), result.Text(row, 1), result.Text(row, 2),
                    result.Time(row, 3)};
}

core::UserAttribute ReadUserAttribute(const PgResult& result, int row) {
  return core::UserAttribute{result.Text(row, 0), result.Text(row, 1), result.Text(row, 2),
                             result.Text(row, 3), result.Text(row, 4), result.Bool(row, 5),
                             result.Time(row, 6), result.Time(row, 7)};
}

core::UserAuthContext ReadAuthContext(const PgResult& result, int row) {
  return core::UserAuthContext{result.Text(row, 0), result.Text(row, 1), result.Text(row, 2),
                               result.Text(row, 3), result.Text(row, 4), result.Time(row, 5)};
}

core::AuthContextUpdate ReadAuthContextUpdate(const PgResult& result, int row) {
  core::AuthContextUpdate update;
  update.id = result.Text(row, 0);
  update.user_id = result.Text(row, 1);
  update.bank_id = result.Text(row, 2);
  update.key = result.Text(row, 3);
  update.value = result.Text(row, 4);
  update.sca_method = result.Text(row, 5);
  update.consumer_id = result.Text(row, 6);
  update.status = result.Text(row, 7);
  update.challenge_digest = result.Text(row, 8);
  update.failed_attempts = static_cast<int>(result.Int(row, 9));
  update.created_at = result.Time(row, 10);
  update.expires_at = result.Time(row, 11);
  return update;
}

core::EntitlementRequest ReadEntitlementRequest(const PgResult& result, int row) {
  return core::EntitlementRequest{result.Text(row, 0), result.Text(row, 1), result.Text(row, 2),
                                  result.Text(row, 3), result.Time(row, 4)};
}

// Without its routings, which come from a second query.
core::Account ReadAccount(const PgResult& result, int row) {
  core::Account account;
  account.bank_id = result.Text(row, 0);
  account.id = result.Text(row, 1);
  account.owner_user_id = result.Text(row, 2);
  account.label = result.Text(row, 3);
  account.product_code = result.Text(row, 4);
  account.currency = result.Text(row, 5);
  account.balance = result.Text(row, 6);
  account.branch_id = result.Text(row, 7);
  account.created_at = result.Time(row, 8);
  return account;
}

core::AccountAccess ReadAccess(const PgResult& result, int row) {
  return core::AccountAccess{result.Text(row, 0), result.Text(row, 1), result.Text(row, 2),
                             result.Text(row, 3), result.Time(row, 4)};
}

core::Customer ReadCustomer(const PgResult& result, int row) {
  core::Customer customer;
  customer.id = result.Text(row, 0);
  customer.bank_id = result.Text(row, 1);
  customer.customer_number = result.Text(row, 2);
  customer.legal_name = result.Text(row, 3);
  customer.mobile_phone_number = result.Text(row, 4);
  customer.email = result.Text(row, 5);
  customer.details_json = result.Text(row, 6);
  customer.created_at = result.Time(row, 7);
  return customer;
}

core::UserCustomerLink ReadCustomerLink(const PgResult& result, int row) {
  return core::UserCustomerLink{result.Text(row, 0), result.Text(row, 1), result.Text(row, 2),
                                result.Text(row, 3), result.Bool(row, 4), result.Time(row, 5)};
}

core::UserProfile ReadUserProfile(const PgResult& result, int row) {
  core::UserProfile profile;
  profile.user_id = result.Text(row, 0);
  profile.tax_id = result.Text(row, 1);
  profile.customer_id = result.Text(row, 2);
  profile.occupation = result.Text(row, 3);
  profile.preferred_address_id = result.Text(row, 4);
  profile.tax_address_id = result.Text(row, 5);
  profile.preferred_email_id = result.Text(row, 6);
  profile.preferred_phone_id = result.Text(row, 7);
  profile.last_logged_in_at = result.OptionalTime(row, 8);
  profile.last_contacted_at = result.OptionalTime(row, 9);
  profile.details_json = result.Text(row, 10);
  return profile;
}

core::UserConstraints ReadUserConstraints(const PgResult& result, int row) {
  return core::UserConstraints{result.Text(row, 0), result.Text(row, 1), result.Int(row, 2),
                               result.Time(row, 3)};
}

core::TrackingId ReadTrackingId(const PgResult& result, int row) {
  return core::TrackingId{result.Text(row, 0), result.Text(row, 1), result.Time(row, 2)};
}

// Columns 2.. of ROSTER_AUTHENTICATOR_COLUMNS.
core::Authenticator ReadAuthenticator(const PgResult& result, int row) {
  core::Authenticator authenticator;
  authenticator.id = result.Text(row, 2);
  authenticator.type = result.Text(row, 3);
  authenticator.state = result.Text(row, 4);
  authenticator.code_digest = result.Text(row, 5);
  authenticator.retry_count = static_cast<int>(result.Int(row, 6));
  authenticator.maximum_retries = static_cast<int>(result.Int(row, 7));
  authenticator.started_at = result.OptionalTime(row, 8);
  authenticator.verified_at = result.OptionalTime(row, 9);
  authenticator.failed_at = result.OptionalTime(row, 10);
  authenticator.expires_at = result.Time(row, 11);
  return authenticator;
}

core::ConfigurationValues ReadConfigurationValues(const PgResult& result, int row) {
  return core::ConfigurationValues{result.Text(row, 0), result.Text(row, 1), result.Int(row, 2),
                                   result.Time(row, 3)};
}

core::EncryptionKey ReadEncryptionKey(const PgResult& result, int row) {
  core::EncryptionKey key;
  key.alias = result.Text(row, 0);
  key.name = result.Text(row, 1);
  key.public_pem = result.Text(row, 2);
  key.private_pem = result.Text(row, 3);
  key.created_at = result.Time(row, 4);
  key.expires_at = result.Time(row, 5);
  return key;
}

core::AccessToken ReadAccessToken(const PgResult& result, int row) {
  return core::AccessToken{result.Text(row, 0), result.Text(row, 1), result.Text(row, 2),
                           result.Text(row, 3), result.Text(row, 4), result.Time(row, 5),
                           result.Time(row, 6)};
}

// Parameters $1..$8 of kInsertContactItem and kUpdateContactItem (the key, then the values).
void AddContactItem(Params& params, const core::ContactItem& item) {
  params.Text(item.user_id)
      .Text(core::ToString(item.kind))
      .Text(item.id)
      .Text(item.type)
      .Text(item.state)
      .Text(item.value)
      .Text(item.replace_id)
      .Text(item.details_json);
}

bool IsUniqueViolation(const Failure& failure, std::string_view constraint) {
  return failure.sqlstate == "23505" && failure.constraint == constraint;
}

// The foreign keys named <table>_user_id_fkey reference users (id).
bool IsUserReferenceViolation(const Failure& failure) {
  return failure.sqlstate == "23503" && failure.constraint.ends_with("_user_id_fkey");
}

// Sleeps before running a transaction again: exponential with full jitter, so that contenders of
// other processes do not collide again in lockstep.
void Backoff(int attempt) {
  thread_local std::minstd_rand random{std::random_device{}()};
  const int upper_us = 500 << std::min(attempt - 1, 6);  // 0.5 ms .. 32 ms
  std::uniform_int_distribution<int> jitter(0, upper_us);
  std::this_thread::sleep_for(std::chrono::microseconds{jitter(random)});
}

// The statements of PurgeExpired, in order: a challenge's authenticators go before the challenge.
constexpr std::array kPurgeStatements = {Stmt::kPurgeTokens,
                                         Stmt::kPurgeAccessTokens,
                                         Stmt::kPurgeEmailValidations,
                                         Stmt::kPurgePasswordResets,
                                         Stmt::kPurgeChallengeAuthenticators,
                                         Stmt::kPurgeChallenges,
                                         Stmt::kPurgeAuthContextUpdates};

class PgTx final : public ports::Tx {
 public:
  // The first statement that failed, and the port error it was reported as. PostgreSQL aborts
  // the transaction at that point.
  struct Failed {
    Failure failure;
    core::Error error;
  };

  PgTx(PgConnection& connection, bool writable) : connection_(connection), writable_(writable) {}

  const std::optional<Failed>& failed() const { return failed_; }

  Result<void> InsertUser(const core::User& user) override {
    Params params;
    AddUser(params, user);
    auto done = Run(Stmt::kInsertUser, params, true, "insert user",
                    [&](const Failure& failure) { return UsernameClash(failure, user.username); });
    if (!done) return std::unexpected(done.error());
    return {};
  }

  Result<void> UpdateUser(const core::User& user) override {
    Params params;
    AddUser(params, user);
    auto done = Run(Stmt::kUpdateUser, params, true, "update user",
                    [&](const Failure& failure) { return UsernameClash(failure, user.username); });
    if (!done) return std::unexpected(done.error());
    if (done->Affected() == 0) return core::Fail(ErrorCode::kUserNotFound, user.id);
    return {};
  }

  Result<std::optional<core::User>> FindUserById(std::string_view id) override {
    return FindUser(Stmt::kFindUserById, id);
  }

  Result<std::optional<core::User>> FindUserByUsername(std::string_view username) override {
    return FindUser(Stmt::kFindUserByUsername, username);
  }

  Result<std::vector<core::User>> ListUsers(const core::UserQuery& filter) override {
    Stmt which;
    if (filter.email) {
      which = filter.descending ? Stmt::kListUsersByEmailDesc : Stmt::kListUsersByEmailAsc;
    } else {
      which = filter.descending ? Stmt::kListUsersDesc : Stmt::kListUsersAsc;
    }
    Params params;
    if (filter.deleted) {
      params.Bool(*filter.deleted);
    } else {
      params.Null();
    }
    // PostgreSQL rejects a negative LIMIT or OFFSET; the port means an empty page / no offset.
    params.Int(std::max(filter.limit, 0)).Int(std::max(filter.offset, 0));
    if (filter.email) params.Text(*filter.email);
    auto result = Run(which, params, false, "list users");
    if (!result) return std::unexpected(result.error());
    std::vector<core::User> users;
    users.reserve(static_cast<std::size_t>(result->Rows()));
    for (int row = 0; row < result->Rows(); ++row) {
      auto user = ReadUser(*result, row);
      if (!user) return std::unexpected(user.error());
      users.push_back(std::move(*user));
    }
    return users;
  }

  Result<core::LoginAttempts> GetLoginAttempts(std::string_view provider,
                                               std::string_view username) override {
    auto result = Run(Stmt::kGetLoginAttempts, Params().Text(provider).Text(username), false,
                      "get login attempts");
    if (!result) return std::unexpected(result.error());
    core::LoginAttempts attempts{std::string(provider), std::string(username), 0, std::nullopt};
    if (result->Rows() > 0) {
      attempts.bad_attempts = static_cast<int>(result->Int(0, 0));
      attempts.last_failure_date = result->OptionalTime(0, 1);
    }
    return attempts;
  }

  Result<int> RecordFailedLogin(std::string_view provider, std::string_view username,
                                TimePoint now) override {
    auto result = Run(Stmt::kRecordFailedLogin, Params().Text(provider).Text(username).Time(now),
                      true, "record failed login");
    if (!result) return std::unexpected(result.error());
    return static_cast<int>(result->Int(0, 0));
  }

  Result<void> ResetLoginAttempts(std::string_view provider, std::string_view username,
                                  TimePoint now) override {
    return Done(Run(Stmt::kResetLoginAttempts, Params().Text(provider).Text(username).Time(now),
                    true, "reset login attempts"));
  }

  Result<void> InsertConsumer(const core::Consumer& consumer) override {
    Params params;
    params.Text(consumer.id)
        .Text(consumer.name)
        .Text(consumer.key_digest)
        .Bool(consumer.enabled)
        .Bool(consumer.trusted)
        .Time(consumer.created_at);
    return Done(Run(Stmt::kInsertConsumer, params, true, "insert consumer"));
  }

  Result<std::optional<core::Consumer>> FindConsumerByKeyDigest(std::string_view digest) override {
    auto result =
        Run(Stmt::kFindConsumerByKeyDigest, Params().Text(digest), false, "find consumer");
    if (!result) return std::unexpected(result.error());
    if (result->Rows() == 0) return std::nullopt;
    return core::Consumer{result->Text(0, 0), result->Text(0, 1), result->Text(0, 2),
                          result->Bool(0, 3), result->Bool(0, 4), result->Time(0, 5)};
  }

  Result<void> InsertToken(const core::Token& token) override {
    Params params;
    params.Text(token.digest)
        .Text(token.user_id)
        .Text(token.consumer_id)
        .Time(token.created_at)
        .Time(token.expires_at);
    return Done(Run(Stmt::kInsertToken, params, true, "insert token",
                    [&](const Failure& failure) { return UnknownUser(failure, token.user_id); }));
  }

  Result<std::optional<core::TokenWithUser>> FindTokenWithUser(std::string_view digest) override {
    auto result =
        Run(Stmt::kFindTokenWithUser, Params().Text(digest), false, "find token with user");
    if (!result) return std::unexpected(result.error());
    if (result->Rows() == 0) return std::nullopt;
    auto user = ReadUser(*result, 0);
    if (!user) return std::unexpected(user.error());
    constexpr int kToken = 15;  // the token's columns follow the user's
    return core::TokenWithUser{
        .token = {result->Text(0, kToken), result->Text(0, kToken + 1), result->Text(0, kToken + 2),
                  result->Time(0, kToken + 3), result->Time(0, kToken + 4)},
        .user = std::move(*user)};
  }

  Result<void> DeleteToken(std::string_view digest) override {
    return Done(Run(Stmt::kDeleteToken, Params().Text(digest), true, "delete token"));
  }

  Result<void> DeleteTokensOfUser(std::string_view user_id) override {
    for (const Stmt which : {Stmt::kDeleteTokensOfUser, Stmt::kDeleteAccessTokensOfUser}) {
      auto done = Run(which, Params().Text(user_id), true, "delete tokens of user");
      if (!done) return std::unexpected(done.error());
    }
    return {};
  }

  Result<void> InsertEntitlement(const core::Entitlement& entitlement) override {
    Params params;
    params.Text(entitlement.id)
        .Text(entitlement.user_id)
        .Text(entitlement.bank_id)
        .Text(entitlement.role_name)
        .Text(entitlement.created_by_process)
        .Time(entitlement.created_at);
    return Done(Run(Stmt::kInsertEntitlement, params, true, "insert entitlement",
                    [&](const Failure& failure) -> std::optional<core::Error> {
                      if (IsUniqueViolation(failure, "entitlements_user_bank_role_key")) {
                        return Constraint(ErrorCode::kEntitlementExists, entitlement.role_name,
                                          failure);
                      }
                      return UnknownUser(failure, entitlement.user_id);
                    }));
  }

  Result<std::optional<core::Entitlement>> FindEntitlement(std::string_view id) override {
    auto result = Run(Stmt::kFindEntitlement, Params().Text(id), false, "find entitlement");
    if (!result) return std::unexpected(result.error());
    if (result->Rows() == 0) return std::nullopt;
    return ReadEntitlement(*result, 0);
  }

  Result<void> DeleteEntitlement(std::string_view id) override {
    auto result = Run(Stmt::kDeleteEntitlement, Params().Text(id), true, "delete entitlement");
    if (!result) return std::unexpected(result.error());
    if (result->Affected() == 0) {
      return core::Fail(ErrorCode::kEntitlementNotFound, std::string(id));
    }
    return {};
  }

  Result<std::vector<core::Entitlement>> ListEntitlementsOfUser(std::string_view user_id) override {
    return ListEntitlements(Stmt::kListEntitlementsOfUser, user_id);
  }

  Result<std::vector<core::Entitlement>> ListEntitlementsOfBank(std::string_view bank_id) override {
    return ListEntitlements(Stmt::kListEntitlementsOfBank, bank_id);
  }

  Result<bool> HasEntitlement(std::string_view user_id, std::string_view bank_id,
                              std::string_view role_name) override {
    auto result = Run(Stmt::kHasEntitlement, Params().Text(user_id).Text(bank_id).Text(role_name),
                      false, "has entitlement");
    if (!result) return std::unexpected(result.error());
    return result->Rows() > 0;
  }

  Result<void> InsertBank(const core::Bank& bank) override {
    Params params;
    params.Text(bank.id).Text(bank.short_name).Text(bank.full_name).Time(bank.created_at);
    return Done(Run(Stmt::kInsertBank, params, true, "insert bank",
                    [&](const Failure& failure) -> std::optional<core::Error> {
                      if (IsUniqueViolation(failure, "banks_pkey")) {
                        return Constraint(ErrorCode::kBankExists, bank.id, failure);
                      }
                      return std::nullopt;
                    }));
  }

  Result<std::optional<core::Bank>> FindBank(std::string_view id) override {
    auto result = Run(Stmt::kFindBank, Params().Text(id), false, "find bank");
    if (!result) return std::unexpected(result.error());
    if (result->Rows() == 0) return std::nullopt;
    return ReadBank(*result, 0);
  }

  Result<std::vector<core::Bank>> ListBanks() override {
    auto result = Run(Stmt::kListBanks, Params(), false, "list banks");
    if (!result) return std::unexpected(result.error());
    std::vector<core::Bank> banks;
    for (int row = 0; row < result->Rows(); ++row) banks.push_back(ReadBank(*result, row));
    return banks;
  }

  Result<std::optional<core::User>> FindUserByProvider(std::string_view provider,
                                                       std::string_view provider_id) override {
    auto result = Run(Stmt::kFindUserByProvider, Params().Text(provider).Text(provider_id), false,
                      "find user by provider");
    if (!result) return std::unexpected(result.error());
    if (result->Rows() == 0) return std::nullopt;
    auto user = ReadUser(*result, 0);
    if (!user) return std::unexpected(user.error());
    return std::move(*user);
  }

  Result<void> InsertUserAttribute(const core::UserAttribute& attribute) override {
    Params params;
    params.Text(attribute.id)
        .Text(attribute.user_id)
        .Text(attribute.name)
        .Text(attribute.type)
        .Text(attribute.value)
        .Bool(attribute.is_personal)
        .Time(attribute.created_at)
        .Time(attribute.updated_at);
    return Done(
        Run(Stmt::kInsertUserAttribute, params, true, "insert user attribute",
            [&](const Failure& failure) { return UnknownUser(failure, attribute.user_id); }));
  }

  Result<void> UpdateUserAttribute(const core::UserAttribute& attribute) override {
    Params params;
    params.Text(attribute.id)
        .Text(attribute.name)
        .Text(attribute.type)
        .Text(attribute.value)
        .Time(attribute.updated_at);
    return ChangedOne(Run(Stmt::kUpdateUserAttribute, params, true, "update user attribute"),
                      ErrorCode::kAttributeNotFound, attribute.id);
  }

  Result<std::optional<core::UserAttribute>> FindUserAttribute(std::string_view id) override {
    return FindOne(Stmt::kFindUserAttribute, Params().Text(id), ReadUserAttribute,
                   "find user attribute");
  }

  Result<std::vector<core::UserAttribute>> ListUserAttributes(std::string_view user_id) override {
    return List(Stmt::kListUserAttributes, Params().Text(user_id), ReadUserAttribute,
                "list user attributes");
  }

  Result<void> InsertAuthContext(const core::UserAuthContext& context) override {
    Params params;
    params.Text(context.id)
        .Text(context.user_id)
        .Text(context.key)
        .Text(context.value)
        .Text(context.consumer_id)
        .Time(context.created_at);
    return Done(Run(Stmt::kInsertAuthContext, params, true, "insert auth context",
                    [&](const Failure& failure) { return UnknownUser(failure, context.user_id); }));
  }

  Result<std::vector<core::UserAuthContext>> ListAuthContexts(std::string_view user_id) override {
    return List(Stmt::kListAuthContexts, Params().Text(user_id), ReadAuthContext,
                "list auth contexts");
  }

  Result<void> DeleteAuthContext(std::string_view id) override {
    return ChangedOne(Run(Stmt::kDeleteAuthContext, Params().Text(id), true, "delete auth context"),
                      ErrorCode::kAuthContextNotFound, id);
  }

  Result<void> DeleteAuthContextsOfUser(std::string_view user_id) override {
    return Done(Run(Stmt::kDeleteAuthContextsOfUser, Params().Text(user_id), true,
                    "delete auth contexts of user"));
  }

  Result<void> InsertAuthContextUpdate(const core::AuthContextUpdate& update) override {
    Params params;
    params.Text(update.id)
        .Text(update.user_id)
        .Text(update.bank_id)
        .Text(update.key)
        .Text(update.value)
        .Text(update.sca_method)
        .Text(update.consumer_id)
        .Text(update.status)
        .Text(update.challenge_digest)
        .Int(update.failed_attempts)
        .Time(update.created_at)
        .Time(update.expires_at);
    return Done(Run(Stmt::kInsertAuthContextUpdate, params, true, "insert auth context update",
                    [&](const Failure& failure) { return UnknownUser(failure, update.user_id); }));
  }

  Result<std::optional<core::AuthContextUpdate>> FindAuthContextUpdate(
      std::string_view id) override {
    return FindOne(Stmt::kFindAuthContextUpdate, Params().Text(id), ReadAuthContextUpdate,
                   "find auth context update");
  }

  Result<void> UpdateAuthContextUpdate(const core::AuthContextUpdate& update) override {
    Params params;
    params.Text(update.id).Text(update.status).Int(update.failed_attempts);
    return ChangedOne(
        Run(Stmt::kUpdateAuthContextUpdate, params, true, "update auth context update"),
        ErrorCode::kAuthContextUpdateNotFound, update.id);
  }

  Result<void> InsertEntitlementRequest(const core::EntitlementRequest& request) override {
    Params params;
    params.Text(request.id)
        .Text(request.user_id)
        .Text(request.bank_id)
        .Text(request.role_name)
        .Time(request.created_at);
    return Done(Run(Stmt::kInsertEntitlementRequest, params, true, "insert entitlement request",
                    [&](const Failure& failure) -> std::optional<core::Error> {
                      if (IsUniqueViolation(failure, "entitlement_requests_user_bank_role_key")) {
                        return Constraint(ErrorCode::kEntitlementRequestExists, request.role_name,
                                          failure);
                      }
                      return UnknownUser(failure, request.user_id);
                    }));
  }

  Result<std::optional<core::EntitlementRequest>> FindEntitlementRequest(
      std::string_view id) override {
    return FindOne(Stmt::kFindEntitlementRequest, Params().Text(id), ReadEntitlementRequest,
                   "find entitlement request");
  }

  Result<void> DeleteEntitlementRequest(std::string_view id) override {
    return ChangedOne(
        Run(Stmt::kDeleteEntitlementRequest, Params().Text(id), true, "delete entitlement request"),
        ErrorCode::kEntitlementRequestNotFound, id);
  }

  Result<std::vector<core::EntitlementRequest>> ListEntitlementRequests(
      std::string_view user_id) override {
    if (user_id.empty()) {
      return List(Stmt::kListEntitlementRequests, Params(), ReadEntitlementRequest,
                  "list entitlement requests");
    }
    return List(Stmt::kListEntitlementRequestsOfUser, Params().Text(user_id),
                ReadEntitlementRequest, "list entitlement requests");
  }

  // A refused routing aborts the transaction (PostgresStore::RunTx never commits it), so the
  // account row cannot outlive it.
  Result<void> InsertAccount(const core::Account& account) override {
    Params params;
    params.Text(account.bank_id)
        .Text(account.id)
        .Text(account.owner_user_id)
        .Text(account.label)
        .Text(account.product_code)
        .Text(account.currency)
        .Text(account.balance)
        .Text(account.branch_id)
        .Time(account.created_at);
    auto inserted = Run(Stmt::kInsertAccount, params, true, "insert account",
                        [&](const Failure& failure) -> std::optional<core::Error> {
                          if (IsUniqueViolation(failure, "accounts_pkey")) {
                            return Constraint(ErrorCode::kAccountExists, account.id, failure);
                          }
                          return std::nullopt;
                        });
    if (!inserted) return std::unexpected(inserted.error());
    for (std::size_t position = 0; position < account.routings.size(); ++position) {
      const core::AccountRouting& routing = account.routings[position];
      Params routing_params;
      routing_params.Text(routing.scheme)
          .Text(routing.address)
          .Text(account.bank_id)
          .Text(account.id)
          .Int(static_cast<std::int64_t>(position));
      auto added =
          Run(Stmt::kInsertAccountRouting, routing_params, true, "insert account routing",
              [&](const Failure& failure) -> std::optional<core::Error> {
                if (IsUniqueViolation(failure, "account_routings_pkey")) {
                  return Constraint(ErrorCode::kAccountRoutingTaken, routing.address, failure);
                }
                return std::nullopt;
              });
      if (!added) return std::unexpected(added.error());
    }
    return {};
  }

  Result<std::optional<core::Account>> FindAccount(std::string_view bank_id,
                                                   std::string_view id) override {
    auto found = Run(Stmt::kFindAccount, Params().Text(bank_id).Text(id), false, "find account");
    if (!found) return std::unexpected(found.error());
    if (found->Rows() == 0) return std::nullopt;
    core::Account account = ReadAccount(*found, 0);
    auto routings = Run(Stmt::kListAccountRoutings, Params().Text(bank_id).Text(id), false,
                        "list account routings");
    if (!routings) return std::unexpected(routings.error());
    for (int row = 0; row < routings->Rows(); ++row) {
      account.routings.push_back(
          core::AccountRouting{routings->Text(row, 0), routings->Text(row, 1)});
    }
    return account;
  }

  Result<void> GrantAccess(const core::AccountAccess& access) override {
    Params params;
    params.Text(access.bank_id)
        .Text(access.account_id)
        .Text(access.view_id)
        .Text(access.user_id)
        .Time(access.created_at);
    return Done(Run(Stmt::kGrantAccess, params, true, "grant access",
                    [&](const Failure& failure) { return UnknownUser(failure, access.user_id); }));
  }

  Result<bool> RevokeAccess(std::string_view bank_id, std::string_view account_id,
                            std::string_view view_id, std::string_view user_id) override {
    auto result = Run(Stmt::kRevokeAccess,
                      Params().Text(bank_id).Text(account_id).Text(view_id).Text(user_id), true,
                      "revoke access");
    if (!result) return std::unexpected(result.error());
    return result->Affected() > 0;
  }

  Result<std::vector<core::AccountAccess>> ListAccessToAccount(
      std::string_view bank_id, std::string_view account_id) override {
    return List(Stmt::kListAccessToAccount, Params().Text(bank_id).Text(account_id), ReadAccess,
                "list access to account");
  }

  Result<std::vector<core::AccountAccess>> ListAccessOfUser(std::string_view user_id) override {
    return List(Stmt::kListAccessOfUser, Params().Text(user_id), ReadAccess, "list access of user");
  }

  Result<void> InsertCustomer(const core::Customer& customer) override {
    Params params;
    params.Text(customer.id)
        .Text(customer.bank_id)
        .Text(customer.customer_number)
        .Text(customer.legal_name)
        .Text(customer.mobile_phone_number)
        .Text(customer.email)
        .Text(customer.details_json)
        .Time(customer.created_at);
    return Done(Run(Stmt::kInsertCustomer, params, true, "insert customer",
                    [&](const Failure& failure) -> std::optional<core::Error> {
                      if (IsUniqueViolation(failure, "customers_bank_number_key")) {
                        return Constraint(ErrorCode::kCustomerNumberTaken, customer.customer_number,
                                          failure);
                      }
                      return std::nullopt;
                    }));
  }

  Result<std::optional<core::Customer>> FindCustomer(std::string_view id) override {
    return FindOne(Stmt::kFindCustomer, Params().Text(id), ReadCustomer, "find customer");
  }

  Result<std::optional<core::Customer>> FindCustomerByNumber(
      std::string_view bank_id, std::string_view customer_number) override {
    return FindOne(Stmt::kFindCustomerByNumber, Params().Text(bank_id).Text(customer_number),
                   ReadCustomer, "find customer by number");
  }

  Result<std::vector<core::Customer>> ListCustomers(std::string_view bank_id) override {
    if (bank_id.empty())
      return List(Stmt::kListCustomers, Params(), ReadCustomer, "list customers");
    return List(Stmt::kListCustomersOfBank, Params().Text(bank_id), ReadCustomer, "list customers");
  }

  Result<void> InsertUserCustomerLink(const core::UserCustomerLink& link) override {
    Params params;
    params.Text(link.id)
        .Text(link.user_id)
        .Text(link.customer_id)
        .Text(link.bank_id)
        .Bool(link.is_active)
        .Time(link.created_at);
    return Done(Run(Stmt::kInsertUserCustomerLink, params, true, "insert user customer link",
                    [&](const Failure& failure) -> std::optional<core::Error> {
                      if (IsUniqueViolation(failure, "user_customer_links_user_customer_key")) {
                        return Constraint(ErrorCode::kCustomerLinkExists, link.customer_id,
                                          failure);
                      }
                      if (failure.sqlstate == "23503" &&
                          failure.constraint == "user_customer_links_customer_id_fkey") {
                        return Constraint(ErrorCode::kCustomerNotFound, link.customer_id, failure);
                      }
                      return UnknownUser(failure, link.user_id);
                    }));
  }

  Result<std::vector<core::UserCustomerLink>> ListCustomerLinksOfUser(
      std::string_view user_id) override {
    return List(Stmt::kListCustomerLinksOfUser, Params().Text(user_id), ReadCustomerLink,
                "list customer links of user");
  }

  Result<void> InsertPasswordReset(const core::PasswordReset& reset) override {
    Params params;
    params.Text(reset.digest).Text(reset.user_id).Time(reset.expires_at);
    return Done(Run(Stmt::kInsertPasswordReset, params, true, "insert password reset",
                    [&](const Failure& failure) { return UnknownUser(failure, reset.user_id); }));
  }

  Result<std::optional<core::PasswordReset>> TakePasswordReset(std::string_view digest) override {
    auto result = Run(Stmt::kTakePasswordReset, Params().Text(digest), true, "take password reset");
    if (!result) return std::unexpected(result.error());
    if (result->Rows() == 0) return std::nullopt;
    return core::PasswordReset{result->Text(0, 0), result->Text(0, 1), result->Time(0, 2)};
  }

  Result<void> InsertEmailValidation(const core::EmailValidation& validation) override {
    Params params;
    params.Text(validation.digest).Text(validation.user_id).Time(validation.expires_at);
    return Done(
        Run(Stmt::kInsertEmailValidation, params, true, "insert email validation",
            [&](const Failure& failure) { return UnknownUser(failure, validation.user_id); }));
  }

  Result<std::optional<core::EmailValidation>> TakeEmailValidation(
      std::string_view digest) override {
    auto result =
        Run(Stmt::kTakeEmailValidation, Params().Text(digest), true, "take email validation");
    if (!result) return std::unexpected(result.error());
    if (result->Rows() == 0) return std::nullopt;
    return core::EmailValidation{result->Text(0, 0), result->Text(0, 1), result->Time(0, 2)};
  }

  Result<std::optional<core::UserProfile>> FindUserProfile(std::string_view user_id) override {
    return FindOne(Stmt::kFindUserProfile, Params().Text(user_id), ReadUserProfile,
                   "find user profile");
  }

  Result<void> PutUserProfile(const core::UserProfile& profile) override {
    Params params;
    params.Text(profile.user_id)
        .Text(profile.tax_id)
        .Text(profile.customer_id)
        .Text(profile.occupation)
        .Text(profile.preferred_address_id)
        .Text(profile.tax_address_id)
        .Text(profile.preferred_email_id)
        .Text(profile.preferred_phone_id)
        .OptionalTime(profile.last_logged_in_at)
        .OptionalTime(profile.last_contacted_at)
        .Text(profile.details_json);
    return Done(Run(Stmt::kPutUserProfile, params, true, "put user profile",
                    [&](const Failure& failure) { return UnknownUser(failure, profile.user_id); }));
  }

  Result<std::optional<std::string>> FindUserByTaxId(std::string_view tax_id) override {
    auto result = Run(Stmt::kFindUserByTaxId, Params().Text(tax_id), false, "find user by tax id");
    if (!result) return std::unexpected(result.error());
    if (result->Rows() == 0) return std::nullopt;
    return result->Text(0, 0);
  }

  Result<std::vector<core::UserProfile>> ListUserProfiles() override {
    return List(Stmt::kListUserProfiles, Params(), ReadUserProfile, "list user profiles");
  }

  Result<void> InsertContactItem(const core::ContactItem& item) override {
    Params params;
    AddContactItem(params, item);
    params.Time(item.created_at);
    return Done(Run(Stmt::kInsertContactItem, params, true, "insert contact item",
                    [&](const Failure& failure) -> std::optional<core::Error> {
                      if (IsUniqueViolation(failure, "contact_items_pkey")) {
                        return Constraint(ErrorCode::kContactItemExists, item.id, failure);
                      }
                      return UnknownUser(failure, item.user_id);
                    }));
  }

  Result<void> UpdateContactItem(const core::ContactItem& item) override {
    Params params;
    AddContactItem(params, item);
    return ChangedOne(Run(Stmt::kUpdateContactItem, params, true, "update contact item"),
                      ErrorCode::kContactItemNotFound, item.id);
  }

  Result<void> DeleteContactItem(std::string_view user_id, core::ContactKind kind,
                                 std::string_view id) override {
    return ChangedOne(
        Run(Stmt::kDeleteContactItem, Params().Text(user_id).Text(core::ToString(kind)).Text(id),
            true, "delete contact item"),
        ErrorCode::kContactItemNotFound, id);
  }

  Result<std::optional<core::ContactItem>> FindContactItem(std::string_view user_id,
                                                           core::ContactKind kind,
                                                           std::string_view id) override {
    auto result =
        Run(Stmt::kFindContactItem, Params().Text(user_id).Text(core::ToString(kind)).Text(id),
            false, "find contact item");
    if (!result) return std::unexpected(result.error());
    if (result->Rows() == 0) return std::nullopt;
    auto item = ReadContactItem(*result, 0);
    if (!item) return std::unexpected(item.error());
    return std::move(*item);
  }

  Result<std::vector<core::ContactItem>> ListContactItems(std::string_view user_id) override {
    auto result = user_id.empty()
                      ? Run(Stmt::kListContactItems, Params(), false, "list contact items")
                      : Run(Stmt::kListContactItemsOfUser, Params().Text(user_id), false,
                            "list contact items");
    if (!result) return std::unexpected(result.error());
    std::vector<core::ContactItem> items;
    items.reserve(static_cast<std::size_t>(result->Rows()));
    for (int row = 0; row < result->Rows(); ++row) {
      auto item = ReadContactItem(*result, row);
      if (!item) return std::unexpected(item.error());
      items.push_back(std::move(*item));
    }
    return items;
  }

  Result<std::optional<core::UserConstraints>> FindUserConstraints(
      std::string_view user_id) override {
    return FindOne(Stmt::kFindUserConstraints, Params().Text(user_id), ReadUserConstraints,
                   "find user constraints");
  }

  Result<void> PutUserConstraints(const core::UserConstraints& constraints) override {
    Params params;
    params.Text(constraints.user_id)
        .Text(constraints.body_json)
        .Int(constraints.version)
        .Time(constraints.updated_at);
    return Done(
        Run(Stmt::kPutUserConstraints, params, true, "put user constraints",
            [&](const Failure& failure) { return UnknownUser(failure, constraints.user_id); }));
  }

  Result<std::vector<core::TrackingId>> ListTrackingIds(std::string_view user_id) override {
    return List(Stmt::kListTrackingIds, Params().Text(user_id), ReadTrackingId,
                "list tracking ids");
  }

  Result<void> InsertTrackingId(const core::TrackingId& tracking_id) override {
    Params params;
    params.Text(tracking_id.user_id).Text(tracking_id.value).Time(tracking_id.created_at);
    return Done(
        Run(Stmt::kInsertTrackingId, params, true, "insert tracking id",
            [&](const Failure& failure) { return UnknownUser(failure, tracking_id.user_id); }));
  }

  Result<void> DeleteTrackingId(std::string_view user_id, std::string_view value) override {
    return Done(Run(Stmt::kDeleteTrackingId, Params().Text(user_id).Text(value), true,
                    "delete tracking id"));
  }

  Result<void> InsertChallenge(const core::Challenge& challenge) override {
    Params params;
    params.Text(challenge.id)
        .Text(challenge.user_id)
        .Text(challenge.context)
        .Text(challenge.reason)
        .Int(challenge.minimum_authenticator_count)
        .Int(challenge.maximum_redemption_count)
        .Int(challenge.redemption_count)
        .Text(EncodeTimeList(challenge.redemption_history))
        .Time(challenge.created_at)
        .Time(challenge.expires_at);
    auto inserted =
        Run(Stmt::kInsertChallenge, params, true, "insert challenge",
            [&](const Failure& failure) { return UnknownUser(failure, challenge.user_id); });
    if (!inserted) return std::unexpected(inserted.error());
    return InsertAuthenticators(challenge);
  }

  Result<std::optional<core::Challenge>> FindChallenge(std::string_view id) override {
    auto found = Run(Stmt::kFindChallenge, Params().Text(id), false, "find challenge");
    if (!found) return std::unexpected(found.error());
    if (found->Rows() == 0) return std::nullopt;
    core::Challenge challenge;
    challenge.id = found->Text(0, 0);
    challenge.user_id = found->Text(0, 1);
    challenge.context = found->Text(0, 2);
    challenge.reason = found->Text(0, 3);
    challenge.minimum_authenticator_count = static_cast<int>(found->Int(0, 4));
    challenge.maximum_redemption_count = static_cast<int>(found->Int(0, 5));
    challenge.redemption_count = static_cast<int>(found->Int(0, 6));
    const std::string history = found->Text(0, 7);
    auto times = DecodeTimeList(history);
    if (!times) {
      return core::Fail(
          ErrorCode::kInternal, {},
          "postgres: challenge " + challenge.id + " has a malformed history '" + history + "'");
    }
    challenge.redemption_history = std::move(*times);
    challenge.created_at = found->Time(0, 8);
    challenge.expires_at = found->Time(0, 9);
    auto authenticators = List(Stmt::kListAuthenticators, Params().Text(id), ReadAuthenticator,
                               "list authenticators");
    if (!authenticators) return std::unexpected(authenticators.error());
    challenge.authenticators = std::move(*authenticators);
    return challenge;
  }

  Result<void> UpdateChallenge(const core::Challenge& challenge) override {
    Params params;
    params.Text(challenge.id)
        .Text(challenge.context)
        .Text(challenge.reason)
        .Int(challenge.minimum_authenticator_count)
        .Int(challenge.maximum_redemption_count)
        .Int(challenge.redemption_count)
        .Text(EncodeTimeList(challenge.redemption_history))
        .Time(challenge.expires_at);
    auto changed = ChangedOne(Run(Stmt::kUpdateChallenge, params, true, "update challenge"),
                              ErrorCode::kNoSuchChallenge, challenge.id);
    if (!changed) return changed;
    auto deleted = Run(Stmt::kDeleteAuthenticators, Params().Text(challenge.id), true,
                       "delete authenticators");
    if (!deleted) return std::unexpected(deleted.error());
    return InsertAuthenticators(challenge);
  }

  Result<std::optional<core::ConfigurationValues>> FindConfigurationValues(
      std::string_view group) override {
    return FindOne(Stmt::kFindConfigurationValues, Params().Text(group), ReadConfigurationValues,
                   "find configuration values");
  }

  Result<void> PutConfigurationValues(const core::ConfigurationValues& values) override {
    Params params;
    params.Text(values.group).Text(values.values_json).Int(values.version).Time(values.updated_at);
    return Done(Run(Stmt::kPutConfigurationValues, params, true, "put configuration values"));
  }

  Result<void> InsertEncryptionKey(const core::EncryptionKey& key) override {
    Params params;
    params.Text(key.alias)
        .Text(key.name)
        .Text(key.public_pem)
        .Text(key.private_pem)
        .Time(key.created_at)
        .Time(key.expires_at);
    return Done(Run(Stmt::kInsertEncryptionKey, params, true, "insert encryption key"));
  }

  Result<std::vector<core::EncryptionKey>> ListEncryptionKeys() override {
    return List(Stmt::kListEncryptionKeys, Params(), ReadEncryptionKey, "list encryption keys");
  }

  Result<std::optional<core::EncryptionKey>> FindEncryptionKeyByAlias(
      std::string_view alias) override {
    return FindOne(Stmt::kFindEncryptionKeyByAlias, Params().Text(alias), ReadEncryptionKey,
                   "find encryption key");
  }

  Result<void> InsertAccessToken(const core::AccessToken& token) override {
    Params params;
    params.Text(token.digest)
        .Text(token.kind)
        .Text(token.user_id)
        .Text(token.consumer_id)
        .Text(token.scope)
        .Time(token.created_at)
        .Time(token.expires_at);
    return Done(Run(Stmt::kInsertAccessToken, params, true, "insert access token"));
  }

  Result<std::optional<core::AccessToken>> FindAccessToken(std::string_view digest) override {
    return FindOne(Stmt::kFindAccessToken, Params().Text(digest), ReadAccessToken,
                   "find access token");
  }

  Result<void> DeleteAccessToken(std::string_view digest) override {
    return Done(Run(Stmt::kDeleteAccessToken, Params().Text(digest), true, "delete access token"));
  }

  Result<std::optional<core::AccessTokenWithUser>> FindAccessTokenWithUser(
      std::string_view digest) override {
    auto result = Run(Stmt::kFindAccessTokenWithUser, Params().Text(digest), false,
                      "find access token with user");
    if (!result) return std::unexpected(result.error());
    if (result->Rows() == 0) return std::nullopt;
    constexpr int kToken = 15;  // the token's columns follow the user's
    core::AccessTokenWithUser found{
        .token = {result->Text(0, kToken), result->Text(0, kToken + 1), result->Text(0, kToken + 2),
                  result->Text(0, kToken + 3), result->Text(0, kToken + 4),
                  result->Time(0, kToken + 5), result->Time(0, kToken + 6)}};
    if (!result->IsNull(0, 0)) {
      auto user = ReadUser(*result, 0);
      if (!user) return std::unexpected(user.error());
      found.user = std::move(*user);
    }
    return found;
  }

  Result<std::int64_t> PurgeExpired(core::TimePoint cutoff, int limit) override {
    std::int64_t purged = 0;
    for (const Stmt which : kPurgeStatements) {
      auto result = Run(which, Params().Time(cutoff).Int(limit), true, "purge expired");
      if (!result) return std::unexpected(result.error());
      purged += result->Affected();
    }
    return purged;
  }

 private:
  // Maps a constraint failure to a port error, or nullopt for the generic mapping.
  using ConstraintMap = std::function<std::optional<core::Error>(const Failure&)>;

  // Runs one statement. Refuses writes inside Store::Read and any statement after a failure
  // (the transaction is aborted); records the first failure for PostgresStore::RunTx.
  Result<PgResult> Run(Stmt stmt, const Params& params, bool writes, std::string_view what,
                       const ConstraintMap& constraints = {}) {
    if (writes && !writable_) {
      return core::Fail(ErrorCode::kInternal, {}, "postgres: write attempted inside Store::Read");
    }
    if (failed_) {
      return core::Fail(
          ErrorCode::kInternal, {},
          "postgres: " + std::string(what) + " after a failed statement: " + failed_->error.log);
    }
    auto result = connection_.Run(stmt, params);
    if (result) return std::move(*result);
    std::optional<core::Error> error;
    if (constraints) error = constraints(result.error());
    if (!error) error = pg::ToError(result.error(), what);
    failed_ = Failed{result.error(), *error};
    return std::unexpected(std::move(*error));
  }

  static Result<void> Done(const Result<PgResult>& result) {
    if (!result) return std::unexpected(result.error());
    return {};
  }

  // A constraint failure the port names: public detail, the server's message for the log.
  static core::Error Constraint(ErrorCode code, std::string_view detail, const Failure& failure) {
    return core::Error{code, std::string(detail), pg::ToError(failure, "constraint").log};
  }

  // username and (provider, provider_id) are both the login name; either clash is "taken".
  static std::optional<core::Error> UsernameClash(const Failure& failure,
                                                  std::string_view username) {
    if (IsUniqueViolation(failure, "users_username_key") ||
        IsUniqueViolation(failure, "users_provider_key")) {
      return Constraint(ErrorCode::kUsernameTaken, username, failure);
    }
    return std::nullopt;
  }

  static std::optional<core::Error> UnknownUser(const Failure& failure, std::string_view user_id) {
    if (IsUserReferenceViolation(failure)) {
      return Constraint(ErrorCode::kUserNotFound, user_id, failure);
    }
    return std::nullopt;
  }

  static Result<core::User> ReadUser(const PgResult& result, int row) {
    core::User user;
    user.id = result.Text(row, 0);
    user.username = result.Text(row, 1);
    user.provider = result.Text(row, 2);
    user.provider_id = result.Text(row, 3);
    user.email = result.Text(row, 4);
    user.first_name = result.Text(row, 5);
    user.last_name = result.Text(row, 6);
    user.password_hash = result.Text(row, 7);
    user.validated = result.Bool(row, 8);
    const std::string state = result.Text(row, 9);
    const auto parsed = core::UserStateFromString(state);
    if (!parsed) {
      return core::Fail(ErrorCode::kInternal, {},
                        "postgres: user " + user.id + " has unknown state '" + state + "'");
    }
    user.state = *parsed;
    user.lock_type = result.Text(row, 10);
    user.last_lock_date = result.OptionalTime(row, 11);
    user.created_at = result.Time(row, 12);
    user.updated_at = result.Time(row, 13);
    user.version = result.Int(row, 14);
    return user;
  }

  Result<std::optional<core::User>> FindUser(Stmt which, std::string_view key) {
    auto result = Run(which, Params().Text(key), false, "find user");
    if (!result) return std::unexpected(result.error());
    if (result->Rows() == 0) return std::nullopt;
    auto user = ReadUser(*result, 0);
    if (!user) return std::unexpected(user.error());
    return std::move(*user);
  }

  Result<std::vector<core::Entitlement>> ListEntitlements(Stmt which, std::string_view key) {
    auto result = Run(which, Params().Text(key), false, "list entitlements");
    if (!result) return std::unexpected(result.error());
    std::vector<core::Entitlement> entitlements;
    for (int row = 0; row < result->Rows(); ++row) {
      entitlements.push_back(ReadEntitlement(*result, row));
    }
    return entitlements;
  }

  static Result<core::ContactItem> ReadContactItem(const PgResult& result, int row) {
    core::ContactItem item;
    item.user_id = result.Text(row, 0);
    const std::string kind = result.Text(row, 1);
    item.id = result.Text(row, 2);
    const auto parsed = core::ContactKindFromString(kind);
    if (!parsed) {
      return core::Fail(ErrorCode::kInternal, {},
                        "postgres: contact item " + item.id + " has unknown kind '" + kind + "'");
    }
    item.kind = *parsed;
    item.type = result.Text(row, 3);
    item.state = result.Text(row, 4);
    item.value = result.Text(row, 5);
    item.replace_id = result.Text(row, 6);
    item.details_json = result.Text(row, 7);
    item.created_at = result.Time(row, 8);
    return item;
  }

  // One statement per authenticator; a failure aborts the transaction, so a challenge is never
  // committed with only some of them.
  Result<void> InsertAuthenticators(const core::Challenge& challenge) {
    for (std::size_t position = 0; position < challenge.authenticators.size(); ++position) {
      const core::Authenticator& authenticator = challenge.authenticators[position];
      Params params;
      params.Text(challenge.id)
          .Int(static_cast<std::int64_t>(position))
          .Text(authenticator.id)
          .Text(authenticator.type)
          .Text(authenticator.state)
          .Text(authenticator.code_digest)
          .Int(authenticator.retry_count)
          .Int(authenticator.maximum_retries)
          .OptionalTime(authenticator.started_at)
          .OptionalTime(authenticator.verified_at)
          .OptionalTime(authenticator.failed_at)
          .Time(authenticator.expires_at);
      auto added = Run(Stmt::kInsertAuthenticator, params, true, "insert authenticator");
      if (!added) return std::unexpected(added.error());
    }
    return {};
  }

  // The result of an UPDATE or DELETE of one row by id: `missing` when no row had it.
  static Result<void> ChangedOne(const Result<PgResult>& result, ErrorCode missing,
                                 std::string_view id) {
    if (!result) return std::unexpected(result.error());
    if (result->Affected() == 0) return core::Fail(missing, std::string(id));
    return {};
  }

  // Runs a query of at most one row.
  template <class T>
  Result<std::optional<T>> FindOne(Stmt which, const Params& params,
                                   T (*read)(const PgResult&, int), std::string_view what) {
    auto result = Run(which, params, false, what);
    if (!result) return std::unexpected(result.error());
    if (result->Rows() == 0) return std::nullopt;
    return read(*result, 0);
  }

  template <class T>
  Result<std::vector<T>> List(Stmt which, const Params& params, T (*read)(const PgResult&, int),
                              std::string_view what) {
    auto result = Run(which, params, false, what);
    if (!result) return std::unexpected(result.error());
    std::vector<T> rows;
    rows.reserve(static_cast<std::size_t>(result->Rows()));
    for (int row = 0; row < result->Rows(); ++row) rows.push_back(read(*result, row));
    return rows;
  }

  PgConnection& connection_;
  bool writable_;
  std::optional<Failed> failed_;
};

}  // namespace

// A pooled connection for the duration of one call; rolls back whatever transaction is still
// open (also when the callback throws) and hands the connection back.
class PostgresStore::Lease {
 public:
  Lease(PostgresStore& store, std::unique_ptr<PgConnection> connection)
      : store_(store), connection_(std::move(connection)) {}
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease() {
    if (!connection_->Broken() && !connection_->Idle()) (void)connection_->Exec("ROLLBACK");
    store_.Release(std::move(connection_));
  }
  PgConnection& operator*() const { return *connection_; }
  PgConnection* operator->() const { return connection_.get(); }

 private:
  PostgresStore& store_;
  std::unique_ptr<PgConnection> connection_;
};

// Holds a place taken by EnterWriter until the end of the scope.
class PostgresStore::WriterTurn {
 public:
  WriterTurn(PostgresStore& store, bool alone) : store_(store), alone_(alone) {}
  WriterTurn(const WriterTurn&) = delete;
  WriterTurn& operator=(const WriterTurn&) = delete;
  ~WriterTurn() { store_.LeaveWriter(alone_); }

 private:
  PostgresStore& store_;
  bool alone_;
};

core::Result<void> PostgresStore::EnterWriter(bool alone) {
  std::unique_lock lock(writer_mutex_);
  bool entered;
  if (alone) {
    ++reruns_waiting_;
    entered = writer_cv_.wait_for(lock, options_.acquire_timeout,
                                  [&] { return writers_ == 0 && !rerun_inside_; });
    --reruns_waiting_;
    if (entered) rerun_inside_ = true;
  } else {
    entered = writer_cv_.wait_for(lock, options_.acquire_timeout,
                                  [&] { return reruns_waiting_ == 0 && !rerun_inside_; });
    if (entered) ++writers_;
  }
  if (!entered) {
    lock.unlock();
    writer_cv_.notify_all();  // a rerun that gave up may have been holding writers back
    return core::Fail(ErrorCode::kUnavailable, {}, "postgres: timed out behind a rerun writer");
  }
  return {};
}

void PostgresStore::LeaveWriter(bool alone) {
  {
    std::lock_guard lock(writer_mutex_);
    if (alone) {
      rerun_inside_ = false;
    } else {
      --writers_;
    }
  }
  writer_cv_.notify_all();
}

core::Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const PostgresOptions& options) {
  if (const std::string complaint = pg::CheckConnectionString(options.url); !complaint.empty()) {
    return core::Fail(ErrorCode::kInvalidInput, "url", "postgres: bad database url: " + complaint);
  }
  auto first = PgConnection::Connect(options.url, options.connect_timeout, 0);
  if (!first) {
    core::Error error = pg::ToError(first.error(), "connect");
    error.code = ErrorCode::kUnavailable;
    return std::unexpected(std::move(error));
  }
  std::unique_ptr<PostgresStore> store(new PostgresStore(options));
  store->idle_.push_back(std::move(*first));
  store->open_count_ = 1;
  return store;
}

PostgresStore::PostgresStore(PostgresOptions options) : options_(std::move(options)) {
  options_.pool_size = std::max(options_.pool_size, 1);
}

PostgresStore::~PostgresStore() = default;

core::Result<std::unique_ptr<PgConnection>> PostgresStore::Acquire() {
  std::unique_lock lock(pool_mutex_);
  const bool ready = pool_cv_.wait_for(lock, options_.acquire_timeout, [&] {
    return !idle_.empty() || open_count_ < options_.pool_size;
  });
  if (!ready) {
    return core::Fail(ErrorCode::kUnavailable, {}, "postgres: connection pool exhausted");
  }
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
  }
  ++open_count_;
  const std::uint64_t generation = generation_;
  lock.unlock();
  auto connection = PgConnection::Connect(options_.url, options_.connect_timeout, generation);
  if (connection) return std::move(*connection);
  lock.lock();
  --open_count_;
  lock.unlock();
  pool_cv_.notify_one();
  core::Error error = pg::ToError(connection.error(), "connect");
  error.code = ErrorCode::kUnavailable;
  return std::unexpected(std::move(error));
}

void PostgresStore::Release(std::unique_ptr<PgConnection> connection) {
  std::vector<std::unique_ptr<PgConnection>> retired;  // closed after unlocking
  {
    std::lock_guard lock(pool_mutex_);
    if (connection->Broken()) {
      // The server probably dropped every session opened until now (restart, failover).
      const std::uint64_t broken = connection->generation();
      generation_ = std::max(generation_, broken + 1);
      auto stale = std::partition(idle_.begin(), idle_.end(),
                                  [&](const auto& idle) { return idle->generation() > broken; });
      std::move(stale, idle_.end(), std::back_inserter(retired));
      idle_.erase(stale, idle_.end());
    }
    if (connection->Broken() || !connection->Idle() || connection->generation() < generation_) {
      retired.push_back(std::move(connection));
    } else {
      idle_.push_back(std::move(connection));
    }
    open_count_ -= static_cast<int>(retired.size());
  }
  pool_cv_.notify_all();
}

core::Result<void> PostgresStore::RunTx(const TxFn& fn, bool write) {
  int reconnects = 0;
  bool back_off = false;
  for (int attempt = 1;; ++attempt) {
    const bool rerun = back_off;
    if (back_off) Backoff(attempt - 1);
    back_off = false;
    std::optional<WriterTurn> turn;
    if (write) {
      if (auto entered = EnterWriter(rerun); !entered) return entered;
      turn.emplace(*this, rerun);
    }
    auto acquired = Acquire();
    if (!acquired) return std::unexpected(acquired.error());
    Lease connection(*this, std::move(*acquired));
    if (auto begun = connection->Exec(write ? kBeginWrite : kBeginRead); !begun) {
      // Typically a pooled connection the server closed while it was idle.
      if (begun.error().connection_lost && reconnects++ < kMaxReconnects) continue;
      return std::unexpected(pg::ToError(begun.error(), "begin"));
    }
    PgTx tx(*connection, write);
    auto result = fn(tx);
    if (const auto& failed = tx.failed()) {
      // Retried whatever the callback made of the error: the transaction is aborted anyway.
      if (failed->failure.Retryable() && attempt < kMaxAttempts) {
        back_off = true;
        continue;
      }
      if (failed->failure.connection_lost && reconnects++ < kMaxReconnects) continue;
      if (!result) return result;
      return std::unexpected(failed->error);  // the callback ignored the failure: never commit
    }
    if (!result) return result;  // the Lease rolls back
    auto committed = connection->Exec("COMMIT");
    if (committed) return {};
    // A serialisation failure detected at commit rolled back everything. A connection lost
    // during COMMIT leaves the outcome unknown, so that is reported, not retried.
    if (committed.error().Retryable() && attempt < kMaxAttempts) {
      back_off = true;
      continue;
    }
    return std::unexpected(pg::ToError(committed.error(), "commit"));
  }
}

core::Result<void> PostgresStore::Read(const TxFn& fn) { return RunTx(fn, false); }

core::Result<void> PostgresStore::Write(const TxFn& fn) { return RunTx(fn, true); }

core::Result<void> PostgresStore::Migrate() {
  auto acquired = Acquire();
  if (!acquired) return std::unexpected(acquired.error());
  Lease connection(*this, std::move(*acquired));
  return pg::ApplyPostgresMigrations(*connection);
}

core::Result<int> PostgresStore::SchemaVersion() {
  auto acquired = Acquire();
  if (!acquired) return std::unexpected(acquired.error());
  Lease connection(*this, std::move(*acquired));
  return pg::PostgresSchemaVersion(*connection);
}

}  // namespace roster::store
