#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/time_list.h"

namespace roster::store {
namespace {

using core::ErrorCode;
using core::Result;
using core::TimePoint;

std::int64_t ToUnix(TimePoint time) { return time.time_since_epoch().count(); }
TimePoint FromUnix(std::int64_t seconds) { return TimePoint{std::chrono::seconds{seconds}}; }

// A cached statement borrowed for one execution: binds parameters, steps, and on destruction
// resets it and clears its bindings so that the SQLITE_STATIC text bound below is never read
// after the caller's buffers are gone.
class Query {
 public:
  explicit Query(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  Query& Text(int index, std::string_view value) {
    // A null data() would bind SQL NULL; "" must stay an empty string (system-role bank id).
    const char* data = value.data() != nullptr ? value.data() : "";
    Check(sqlite3_bind_text(stmt_, index, data, static_cast<int>(value.size()), SQLITE_STATIC));
    return *this;
  }
  Query& Int(int index, std::int64_t value) {
    Check(sqlite3_bind_int64(stmt_, index, value));
    return *this;
  }
  Query& Time(int index, TimePoint value) { return Int(index, ToUnix(value)); }
  Query& OptionalTime(int index, const std::optional<TimePoint>& value) {
    if (value) return Time(index, *value);
    Check(sqlite3_bind_null(stmt_, index));
    return *this;
  }
  Query& Null(int index) {
    Check(sqlite3_bind_null(stmt_, index));
    return *this;
  }

  // SQLITE_ROW, SQLITE_DONE or an error code (including a failed bind).
  int Step() { return bind_rc_ != SQLITE_OK ? bind_rc_ : sqlite3_step(stmt_); }

  std::string ColText(int column) const {
    const auto* text = sqlite3_column_text(stmt_, column);
    if (text == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
  }
  std::int64_t ColInt(int column) const { return sqlite3_column_int64(stmt_, column); }
  TimePoint ColTime(int column) const { return FromUnix(ColInt(column)); }
  std::optional<TimePoint> ColOptionalTime(int column) const {
    if (IsNull(column)) return std::nullopt;
    return ColTime(column);
  }
  bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

 private:
  void Check(int rc) {
    if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  }

  sqlite3_stmt* stmt_;
  int bind_rc_ = SQLITE_OK;
};

void BindUser(Query& query, const core::User& user) {
  query.Text(1, user.id)
      .Text(2, user.username)
      .Text(3, user.provider)
      .Text(4, user.provider_id)
      .Text(5, user.email)
      .Text(6, user.first_name)
      .Text(7, user.last_name)
      .Text(8, user.password_hash)
      .Int(9, user.validated ? 1 : 0)
      .Text(10, core::ToString(user.state))
      .Text(11, user.lock_type)
      .OptionalTime(12, user.last_lock_date)
      .Time(13, user.created_at)
      .Time(14, user.updated_at)
      .Int(15, user.version);
}

core::Entitlement ReadEntitlement(const Query& query) {
  core::Entitlement entitlement;
  entitlement.id = query.ColText(0);
  entitlement.user_id = query.ColText(1);
  entitlement.bank_id = query.ColText(2);
  entitlement.role_name = query.ColText(3);
  entitlement.created_by_process = query.ColText(4);
  entitlement.created_at = query.ColTime(5);
  return entitlement;
}

core::Bank ReadBank(const Query& query) {
  return core::Bank{query.ColText(0), query.ColText(1), query.ColText(2), query.ColTime(3)};
}

core::UserAttribute ReadUserAttribute(const Query& query) {
  return core::UserAttribute{query.ColText(0), query.ColText(1), query.ColText(2),
                             query.ColText(3), query.ColText(4), query.ColInt(5) != 0,
                             query.ColTime(6), query.ColTime(7)};
}

core::UserAuthContext ReadAuthContext(const Query& query) {
  return core::UserAuthContext{query.ColText(0), query.ColText(1), query.ColText(2),
                               query.ColText(3), query.ColText(4), query.ColTime(5)};
}

core::AuthContextUpdate ReadAuthContextUpdate(const Query& query) {
  core::AuthContextUpdate update;
  update.id = query.ColText(0);
  update.user_id = query.ColText(1);
  update.bank_id = query.ColText(2);
  update.key = query.ColText(3);
  update.value = query.ColText(4);
  update.sca_method = query.ColText(5);
  update.consumer_id = query.ColText(6);
  update.status = query.ColText(7);
  update.challenge_digest = query.ColText(8);
  update.failed_attempts = static_cast<int>(query.ColInt(9));
  update.created_at = query.ColTime(10);
  update.expires_at = query.ColTime(11);
  return update;
}

core::EntitlementRequest ReadEntitlementRequest(const Query& query) {
  return core::EntitlementRequest{query.ColText(0), query.ColText(1), query.ColText(2),
                                  query.ColText(3), query.ColTime(4)};
}

// Without its routings, which come from a second query.
core::Account ReadAccount(const Query& query) {
  core::Account account;
  account.bank_id = query.ColText(0);
  account.id = query.ColText(1);
  account.owner_user_id = query.ColText(2);
  account.label = query.ColText(3);
  account.product_code = query.ColText(4);
  account.currency = query.ColText(5);
  account.balance = query.ColText(6);
  account.branch_id = query.ColText(7);
  account.created_at = query.ColTime(8);
  return account;
}

core::AccountAccess ReadAccess(const Query& query) {
  return core::AccountAccess{query.ColText(0), query.ColText(1), query.ColText(2), query.ColText(3),
                             query.ColTime(4)};
}

core::Customer ReadCustomer(const Query& query) {
  core::Customer customer;
  customer.id = query.ColText(0);
  customer.bank_id = query.ColText(1);
  customer.customer_number = query.ColText(2);
  customer.legal_name = query.ColText(3);
  customer.mobile_phone_number = query.ColText(4);
  customer.email = query.ColText(5);
  customer.details_json = query.ColText(6);
  customer.created_at = query.ColTime(7);
  return customer;
}

core::UserCustomerLink ReadCustomerLink(const Query& query) {
  return core::UserCustomerLink{query.ColText(0), query.ColText(1),     query.ColText(2),
                                query.ColText(3), query.ColInt(4) != 0, query.ColTime(5)};
}

core::UserProfile ReadUserProfile(const Query& query) {
  core::UserProfile profile;
  profile.user_id = query.ColText(0);
  profile.tax_id = query.ColText(1);
  profile.customer_id = query.ColText(2);
  profile.occupation = query.ColText(3);
  profile.preferred_address_id = query.ColText(4);
  profile.tax_address_id = query.ColText(5);
  profile.preferred_email_id = query.ColText(6);
  profile.preferred_phone_id = query.ColText(7);
  profile.last_logged_in_at = query.ColOptionalTime(8);
  profile.last_contacted_at = query.ColOptionalTime(9);
  profile.details_json = query.ColText(10);
  return profile;
}

core::UserConstraints ReadUserConstraints(const Query& query) {
  return core::UserConstraints{query.ColText(0), query.ColText(1), query.ColInt(2),
                               query.ColTime(3)};
}

core::TrackingId ReadTrackingId(const Query& query) {
  return core::TrackingId{query.ColText(0), query.ColText(1), query.ColTime(2)};
}

// Columns 2.. of ROSTER_AUTHENTICATOR_COLUMNS.
core::Authenticator ReadAuthenticator(const Query& query) {
  core::Authenticator authenticator;
  authenticator.id = query.ColText(2);
  authenticator.type = query.ColText(3);
  authenticator.state = query.ColText(4);
  authenticator.code_digest = query.ColText(5);
  authenticator.retry_count = static_cast<int>(query.ColInt(6));
  authenticator.maximum_retries = static_cast<int>(query.ColInt(7));
  authenticator.started_at = query.ColOptionalTime(8);
  authenticator.verified_at = query.ColOptionalTime(9);
  authenticator.failed_at = query.ColOptionalTime(10);
  authenticator.expires_at = query.ColTime(11);
  return authenticator;
}

core::ConfigurationValues ReadConfigurationValues(const Query& query) {
  return core::ConfigurationValues{query.ColText(0), query.ColText(1), query.ColInt(2),
                                   query.ColTime(3)};
}

core::EncryptionKey ReadEncryptionKey(const Query& query) {
  core::EncryptionKey key;
  key.alias = query.ColText(0);
  key.name = query.ColText(1);
  key.public_pem = query.ColText(2);
  key.private_pem = query.ColText(3);
  key.created_at = query.ColTime(4);
  key.expires_at = query.ColTime(5);
  return key;
}

core::AccessToken ReadAccessToken(const Query& query) {
  return core::AccessToken{query.ColText(0), query.ColText(1), query.ColText(2), query.ColText(3),
                           query.ColText(4), query.ColTime(5), query.ColTime(6)};
}

// Only the SQLite-reported cause of a constraint failure, to pick the port's error code.
bool IsUniqueViolation(int rc) { return rc == SQLITE_CONSTRAINT_UNIQUE; }
bool IsPrimaryKeyViolation(int rc) { return rc == SQLITE_CONSTRAINT_PRIMARYKEY; }
bool IsForeignKeyViolation(int rc) { return rc == SQLITE_CONSTRAINT_FOREIGNKEY; }

// The statements of PurgeExpired, in order: a challenge's authenticators go before the challenge.
constexpr std::array kPurgeStatements = {Stmt::kPurgeTokens,
                                         Stmt::kPurgeAccessTokens,
                                         Stmt::kPurgeEmailValidations,
                                         Stmt::kPurgePasswordResets,
                                         Stmt::kPurgeChallengeAuthenticators,
                                         Stmt::kPurgeChallenges,
                                         Stmt::kPurgeAuthContextUpdates};

class SqliteTx final : public ports::Tx {
 public:
  SqliteTx(SqliteConnection& connection, bool writable)
      : connection_(connection), writable_(writable) {}

  Result<void> InsertUser(const core::User& user) override {
    auto stmt = Prepare(Stmt::kInsertUser, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    BindUser(query, user);
    const int rc = query.Step();
    // username and (provider, provider_id) are both the login name; either clash is "taken".
    if (IsUniqueViolation(rc)) return Constraint(ErrorCode::kUsernameTaken, user.username, rc);
    return Done(rc, "insert user");
  }

  Result<void> UpdateUser(const core::User& user) override {
    auto stmt = Prepare(Stmt::kUpdateUser, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    BindUser(query, user);
    const int rc = query.Step();
    if (IsUniqueViolation(rc)) return Constraint(ErrorCode::kUsernameTaken, user.username, rc);
    if (auto done = Done(rc, "update user"); !done) return done;
    if (sqlite3_changes(connection_.db()) == 0) {
      return core::Fail(ErrorCode::kUserNotFound, user.id);
    }
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
    auto stmt = Prepare(which, false);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    if (filter.deleted) {
      query.Int(1, *filter.deleted ? 1 : 0);
    } else {
      query.Null(1);
    }
    // SQLite reads a negative LIMIT as "no limit"; the port means an empty page.
    query.Int(2, std::max(filter.limit, 0)).Int(3, std::max(filter.offset, 0));
    if (filter.email) query.Text(4, *filter.email);
    std::vector<core::User> users;
    int rc;
    while ((rc = query.Step()) == SQLITE_ROW) {
      auto user = ReadUser(query);
      if (!user) return std::unexpected(user.error());
      users.push_back(std::move(*user));
    }
    if (rc != SQLITE_DONE) return std::unexpected(Error(rc, "list users"));
    return users;
  }

  Result<core::LoginAttempts> GetLoginAttempts(std::string_view provider,
                                               std::string_view username) override {
    auto stmt = Prepare(Stmt::kGetLoginAttempts, false);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, provider).Text(2, username);
    core::LoginAttempts attempts{std::string(provider), std::string(username), 0, std::nullopt};
    const int rc = query.Step();
    if (rc == SQLITE_ROW) {
      attempts.bad_attempts = static_cast<int>(query.ColInt(0));
      attempts.last_failure_date = query.ColOptionalTime(1);
      return attempts;
    }
    if (rc != SQLITE_DONE) return std::unexpected(Error(rc, "get login attempts"));
    return attempts;
  }

  Result<int> RecordFailedLogin(std::string_view provider, std::string_view username,
                                TimePoint now) override {
    auto stmt = Prepare(Stmt::kRecordFailedLogin, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, provider).Text(2, username).Time(3, now);
    int rc = query.Step();
    if (rc != SQLITE_ROW) return std::unexpected(Error(rc, "record failed login"));
    const int count = static_cast<int>(query.ColInt(0));
    // Runs the statement to completion so that a failure at its end is reported, not lost.
    rc = query.Step();
    if (rc != SQLITE_DONE) return std::unexpected(Error(rc, "record failed login"));
    return count;
  }

  Result<void> ResetLoginAttempts(std::string_view provider, std::string_view username,
                                  TimePoint now) override {
    auto stmt = Prepare(Stmt::kResetLoginAttempts, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, provider).Text(2, username).Time(3, now);
    return Done(query.Step(), "reset login attempts");
  }

  Result<void> InsertConsumer(const core::Consumer& consumer) override {
    auto stmt = Prepare(Stmt::kInsertConsumer, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, consumer.id)
        .Text(2, consumer.name)
        .Text(3, consumer.key_digest)
        .Int(4, consumer.enabled ? 1 : 0)
        .Int(5, consumer.trusted ? 1 : 0)
        .Time(6, consumer.created_at);
    return Done(query.Step(), "insert consumer");
  }

  Result<std::optional<core::Consumer>> FindConsumerByKeyDigest(std::string_view digest) override {
    auto stmt = Prepare(Stmt::kFindConsumerByKeyDigest, false);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, digest);
    const int rc = query.Step();
    if (rc == SQLITE_ROW) {
      return core::Consumer{query.ColText(0),     query.ColText(1),     query.ColText(2),
                            query.ColInt(3) != 0, query.ColInt(4) != 0, query.ColTime(5)};
    }
    if (rc != SQLITE_DONE) return std::unexpected(Error(rc, "find consumer"));
    return std::nullopt;
  }

  Result<void> InsertToken(const core::Token& token) override {
    auto stmt = Prepare(Stmt::kInsertToken, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, token.digest)
        .Text(2, token.user_id)
        .Text(3, token.consumer_id)
        .Time(4, token.created_at)
        .Time(5, token.expires_at);
    const int rc = query.Step();
    if (IsForeignKeyViolation(rc)) return Constraint(ErrorCode::kUserNotFound, token.user_id, rc);
    return Done(rc, "insert token");
  }

  Result<std::optional<core::TokenWithUser>> FindTokenWithUser(std::string_view digest) override {
    auto read = [this](const Query& query) -> Result<core::TokenWithUser> {
      auto user = ReadUser(query);
      if (!user) return std::unexpected(user.error());
      constexpr int kToken = 15;  // the token's columns follow the user's
      return core::TokenWithUser{
          .token = {query.ColText(kToken), query.ColText(kToken + 1), query.ColText(kToken + 2),
                    query.ColTime(kToken + 3), query.ColTime(kToken + 4)},
          .user = std::move(*user)};
    };
    return FindOne<core::TokenWithUser>(Stmt::kFindTokenWithUser, digest, read,
                                        "find token with user");
  }

  Result<void> DeleteToken(std::string_view digest) override {
    auto stmt = Prepare(Stmt::kDeleteToken, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, digest);
    return Done(query.Step(), "delete token");
  }

  Result<void> DeleteTokensOfUser(std::string_view user_id) override {
    for (const Stmt which : {Stmt::kDeleteTokensOfUser, Stmt::kDeleteAccessTokensOfUser}) {
      auto stmt = Prepare(which, true);
      if (!stmt) return std::unexpected(stmt.error());
      Query query(*stmt);
      query.Text(1, user_id);
      if (auto done = Done(query.Step(), "delete tokens of user"); !done) return done;
    }
    return {};
  }

  Result<void> InsertEntitlement(const core::Entitlement& entitlement) override {
    auto stmt = Prepare(Stmt::kInsertEntitlement, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, entitlement.id)
        .Text(2, entitlement.user_id)
        .Text(3, entitlement.bank_id)
        .Text(4, entitlement.role_name)
        .Text(5, entitlement.created_by_process)
        .Time(6, entitlement.created_at);
    const int rc = query.Step();
    if (IsUniqueViolation(rc)) {
      return Constraint(ErrorCode::kEntitlementExists, entitlement.role_name, rc);
    }
    if (IsForeignKeyViolation(rc)) {
      return Constraint(ErrorCode::kUserNotFound, entitlement.user_id, rc);
    }
    return Done(rc, "insert entitlement");
  }

  Result<std::optional<core::Entitlement>> FindEntitlement(std::string_view id) override {
    auto stmt = Prepare(Stmt::kFindEntitlement, false);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, id);
    const int rc = query.Step();
    if (rc == SQLITE_ROW) return ReadEntitlement(query);
    if (rc != SQLITE_DONE) return std::unexpected(Error(rc, "find entitlement"));
    return std::nullopt;
  }

  Result<void> DeleteEntitlement(std::string_view id) override {
    auto stmt = Prepare(Stmt::kDeleteEntitlement, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, id);
    if (auto done = Done(query.Step(), "delete entitlement"); !done) return done;
    if (sqlite3_changes(connection_.db()) == 0) {
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
    auto stmt = Prepare(Stmt::kHasEntitlement, false);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, user_id).Text(2, bank_id).Text(3, role_name);
    const int rc = query.Step();
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) return std::unexpected(Error(rc, "has entitlement"));
    return false;
  }

  Result<void> InsertBank(const core::Bank& bank) override {
    auto stmt = Prepare(Stmt::kInsertBank, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, bank.id)
        .Text(2, bank.short_name)
        .Text(3, bank.full_name)
        .Time(4, bank.created_at);
    const int rc = query.Step();
    if (IsPrimaryKeyViolation(rc)) return Constraint(ErrorCode::kBankExists, bank.id, rc);
    return Done(rc, "insert bank");
  }

  Result<std::optional<core::Bank>> FindBank(std::string_view id) override {
    auto stmt = Prepare(Stmt::kFindBank, false);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, id);
    const int rc = query.Step();
    if (rc == SQLITE_ROW) return ReadBank(query);
    if (rc != SQLITE_DONE) return std::unexpected(Error(rc, "find bank"));
    return std::nullopt;
  }

  Result<std::vector<core::Bank>> ListBanks() override {
    auto stmt = Prepare(Stmt::kListBanks, false);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    std::vector<core::Bank> banks;
    int rc;
    while ((rc = query.Step()) == SQLITE_ROW) banks.push_back(ReadBank(query));
    if (rc != SQLITE_DONE) return std::unexpected(Error(rc, "list banks"));
    return banks;
  }

  Result<std::optional<core::User>> FindUserByProvider(std::string_view provider,
                                                       std::string_view provider_id) override {
    auto stmt = Prepare(Stmt::kFindUserByProvider, false);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, provider).Text(2, provider_id);
    const int rc = query.Step();
    if (rc == SQLITE_ROW) {
      auto user = ReadUser(query);
      if (!user) return std::unexpected(user.error());
      return std::move(*user);
    }
    if (rc != SQLITE_DONE) return std::unexpected(Error(rc, "find user by provider"));
    return std::nullopt;
  }

  Result<void> InsertUserAttribute(const core::UserAttribute& attribute) override {
    auto stmt = Prepare(Stmt::kInsertUserAttribute, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, attribute.id)
        .Text(2, attribute.user_id)
        .Text(3, attribute.name)
        .Text(4, attribute.type)
        .Text(5, attribute.value)
        .Int(6, attribute.is_personal ? 1 : 0)
        .Time(7, attribute.created_at)
        .Time(8, attribute.updated_at);
    const int rc = query.Step();
    if (IsForeignKeyViolation(rc)) {
      return Constraint(ErrorCode::kUserNotFound, attribute.user_id, rc);
    }
    return Done(rc, "insert user attribute");
  }

  Result<void> UpdateUserAttribute(const core::UserAttribute& attribute) override {
    auto stmt = Prepare(Stmt::kUpdateUserAttribute, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, attribute.id)
        .Text(2, attribute.name)
        .Text(3, attribute.type)
        .Text(4, attribute.value)
        .Time(5, attribute.updated_at);
    return ChangedOne(query.Step(), "update user attribute", ErrorCode::kAttributeNotFound,
                      attribute.id);
  }

  Result<std::optional<core::UserAttribute>> FindUserAttribute(std::string_view id) override {
    return FindOne<core::UserAttribute>(Stmt::kFindUserAttribute, id, ReadUserAttribute,
                                        "find user attribute");
  }

  Result<std::vector<core::UserAttribute>> ListUserAttributes(std::string_view user_id) override {
    return List<core::UserAttribute>(Stmt::kListUserAttributes, user_id, ReadUserAttribute,
                                     "list user attributes");
  }

  Result<void> InsertAuthContext(const core::UserAuthContext& context) override {
    auto stmt = Prepare(Stmt::kInsertAuthContext, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, context.id)
        .Text(2, context.user_id)
        .Text(3, context.key)
        .Text(4, context.value)
        .Text(5, context.consumer_id)
        .Time(6, context.created_at);
    const int rc = query.Step();
    if (IsForeignKeyViolation(rc)) return Constraint(ErrorCode::kUserNotFound, context.user_id, rc);
    return Done(rc, "insert auth context");
  }

  Result<std::vector<core::UserAuthContext>> ListAuthContexts(std::string_view user_id) override {
    return List<core::UserAuthContext>(Stmt::kListAuthContexts, user_id, ReadAuthContext,
                                       "list auth contexts");
  }

  Result<void> DeleteAuthContext(std::string_view id) override {
    auto stmt = Prepare(Stmt::kDeleteAuthContext, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, id);
    return ChangedOne(query.Step(), "delete auth context", ErrorCode::kAuthContextNotFound, id);
  }

  Result<void> DeleteAuthContextsOfUser(std::string_view user_id) override {
    auto stmt = Prepare(Stmt::kDeleteAuthContextsOfUser, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, user_id);
    return Done(query.Step(), "delete auth contexts of user");
  }

  Result<void> InsertAuthContextUpdate(const core::AuthContextUpdate& update) override {
    auto stmt = Prepare(Stmt::kInsertAuthContextUpdate, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, update.id)
        .Text(2, update.user_id)
        .Text(3, update.bank_id)
        .Text(4, update.key)
        .Text(5, update.value)
        .Text(6, update.sca_method)
        .Text(7, update.consumer_id)
        .Text(8, update.status)
        .Text(9, update.challenge_digest)
        .Int(10, update.failed_attempts)
        .Time(11, update.created_at)
        .Time(12, update.expires_at);
    const int rc = query.Step();
    if (IsForeignKeyViolation(rc)) return Constraint(ErrorCode::kUserNotFound, update.user_id, rc);
    return Done(rc, "insert auth context update");
  }

  Result<std::optional<core::AuthContextUpdate>> FindAuthContextUpdate(
      std::string_view id) override {
    return FindOne<core::AuthContextUpdate>(Stmt::kFindAuthContextUpdate, id, ReadAuthContextUpdate,
                                            "find auth context update");
  }

  Result<void> UpdateAuthContextUpdate(const core::AuthContextUpdate& update) override {
    auto stmt = Prepare(Stmt::kUpdateAuthContextUpdate, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, update.id).Text(2, update.status).Int(3, update.failed_attempts);
    return ChangedOne(query.Step(), "update auth context update",
                      ErrorCode::kAuthContextUpdateNotFound, update.id);
  }

  Result<void> InsertEntitlementRequest(const core::EntitlementRequest& request) override {
    auto stmt = Prepare(Stmt::kInsertEntitlementRequest, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, request.id)
        .Text(2, request.user_id)
        .Text(3, request.bank_id)
        .Text(4, request.role_name)
        .Time(5, request.created_at);
    const int rc = query.Step();
    if (IsUniqueViolation(rc)) {
      return Constraint(ErrorCode::kEntitlementRequestExists, request.role_name, rc);
    }
    if (IsForeignKeyViolation(rc)) return Constraint(ErrorCode::kUserNotFound, request.user_id, rc);
    return Done(rc, "insert entitlement request");
  }

  Result<std::optional<core::EntitlementRequest>> FindEntitlementRequest(
      std::string_view id) override {
    return FindOne<core::EntitlementRequest>(Stmt::kFindEntitlementRequest, id,
                                             ReadEntitlementRequest, "find entitlement request");
  }

  Result<void> DeleteEntitlementRequest(std::string_view id) override {
    auto stmt = Prepare(Stmt::kDeleteEntitlementRequest, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, id);
    return ChangedOne(query.Step(), "delete entitlement request",
                      ErrorCode::kEntitlementRequestNotFound, id);
  }

  Result<std::vector<core::EntitlementRequest>> ListEntitlementRequests(
      std::string_view user_id) override {
    if (user_id.empty()) {
      return List<core::EntitlementRequest>(Stmt::kListEntitlementRequests, std::nullopt,
                                            ReadEntitlementRequest, "list entitlement requests");
    }
    return List<core::EntitlementRequest>(Stmt::kListEntitlementRequestsOfUser, user_id,
                                          ReadEntitlementRequest, "list entitlement requests");
  }

  Result<void> InsertAccount(const core::Account& account) override {
    if (!writable_) {
      return core::Fail(ErrorCode::kInternal, {}, "sqlite: write attempted inside Store::Read");
    }
    if (auto begun = connection_.Run(Stmt::kSavepointAccount); !begun) return begun;
    auto inserted = InsertAccountRows(account);
    if (!inserted) {
      // Undoes the account row when a routing was refused; the transaction itself goes on.
      if (auto undone = connection_.Run(Stmt::kRollbackToAccount); !undone) return undone;
    }
    if (auto released = connection_.Run(Stmt::kReleaseAccount); !released) return released;
    return inserted;
  }

  Result<std::optional<core::Account>> FindAccount(std::string_view bank_id,
                                                   std::string_view id) override {
    std::optional<core::Account> account;
    {
      auto stmt = Prepare(Stmt::kFindAccount, false);
      if (!stmt) return std::unexpected(stmt.error());
      Query query(*stmt);
      query.Text(1, bank_id).Text(2, id);
      const int rc = query.Step();
      if (rc == SQLITE_DONE) return std::nullopt;
      if (rc != SQLITE_ROW) return std::unexpected(Error(rc, "find account"));
      account = ReadAccount(query);
    }
    auto stmt = Prepare(Stmt::kListAccountRoutings, false);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, bank_id).Text(2, id);
    int rc;
    while ((rc = query.Step()) == SQLITE_ROW) {
      account->routings.push_back(core::AccountRouting{query.ColText(0), query.ColText(1)});
    }
    if (rc != SQLITE_DONE) return std::unexpected(Error(rc, "list account routings"));
    return account;
  }

  Result<void> GrantAccess(const core::AccountAccess& access) override {
    auto stmt = Prepare(Stmt::kGrantAccess, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, access.bank_id)
        .Text(2, access.account_id)
        .Text(3, access.view_id)
        .Text(4, access.user_id)
        .Time(5, access.created_at);
    const int rc = query.Step();
    if (IsForeignKeyViolation(rc)) return Constraint(ErrorCode::kUserNotFound, access.user_id, rc);
    return Done(rc, "grant access");
  }

  Result<bool> RevokeAccess(std::string_view bank_id, std::string_view account_id,
                            std::string_view view_id, std::string_view user_id) override {
    auto stmt = Prepare(Stmt::kRevokeAccess, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, bank_id).Text(2, account_id).Text(3, view_id).Text(4, user_id);
    if (auto done = Done(query.Step(), "revoke access"); !done) {
      return std::unexpected(done.error());
    }
    return sqlite3_changes(connection_.db()) > 0;
  }

  Result<std::vector<core::AccountAccess>> ListAccessToAccount(
      std::string_view bank_id, std::string_view account_id) override {
    auto stmt = Prepare(Stmt::kListAccessToAccount, false);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, bank_id).Text(2, account_id);
    return Collect<core::AccountAccess>(query, ReadAccess, "list access to account");
  }

  Result<std::vector<core::AccountAccess>> ListAccessOfUser(std::string_view user_id) override {
    return List<core::AccountAccess>(Stmt::kListAccessOfUser, user_id, ReadAccess,
                                     "list access of user");
  }

  Result<void> InsertCustomer(const core::Customer& customer) override {
    auto stmt = Prepare(Stmt::kInsertCustomer, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, customer.id)
        .Text(2, customer.bank_id)
        .Text(3, customer.customer_number)
        .Text(4, customer.legal_name)
        .Text(5, customer.mobile_phone_number)
        .Text(6, customer.email)
        .Text(7, customer.details_json)
        .Time(8, customer.created_at);
    const int rc = query.Step();
    if (IsUniqueViolation(rc)) {
      return Constraint(ErrorCode::kCustomerNumberTaken, customer.customer_number, rc);
    }
    return Done(rc, "insert customer");
  }

  Result<std::optional<core::Customer>> FindCustomer(std::string_view id) override {
    return FindOne<core::Customer>(Stmt::kFindCustomer, id, ReadCustomer, "find customer");
  }

  Result<std::optional<core::Customer>> FindCustomerByNumber(
      std::string_view bank_id, std::string_view customer_number) override {
    auto stmt = Prepare(Stmt::kFindCustomerByNumber, false);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, bank_id).Text(2, customer_number);
    const int rc = query.Step();
    if (rc == SQLITE_ROW) return ReadCustomer(query);
    if (rc != SQLITE_DONE) return std::unexpected(Error(rc, "find customer by number"));
    return std::nullopt;
  }

  Result<std::vector<core::Customer>> ListCustomers(std::string_view bank_id) override {
    if (bank_id.empty()) {
      return List<core::Customer>(Stmt::kListCustomers, std::nullopt, ReadCustomer,
                                  "list customers");
    }
    return List<core::Customer>(Stmt::kListCustomersOfBank, bank_id, ReadCustomer,
                                "list customers");
  }

  Result<void> InsertUserCustomerLink(const core::UserCustomerLink& link) override {
    auto stmt = Prepare(Stmt::kInsertUserCustomerLink, true);
    if (!stmt) return std::unexpected(stmt.error());
    int rc;
    {
      Query query(*stmt);
      query.Text(1, link.id)
          .Text(2, link.user_id)
          .Text(3, link.customer_id)
          .Text(4, link.bank_id)
          .Int(5, link.is_active ? 1 : 0)
          .Time(6, link.created_at);
      rc = query.Step();
    }
    if (IsUniqueViolation(rc))
      return Constraint(ErrorCode::kCustomerLinkExists, link.customer_id, rc);
    if (IsForeignKeyViolation(rc)) {
      // SQLite does not say which reference failed: the user is checked, else it is the customer.
      const core::Error cause = Error(rc, "constraint");
      auto user = FindUser(Stmt::kFindUserById, link.user_id);
      if (!user) return std::unexpected(user.error());
      if (!user->has_value()) return core::Fail(ErrorCode::kUserNotFound, link.user_id, cause.log);
      return core::Fail(ErrorCode::kCustomerNotFound, link.customer_id, cause.log);
    }
    return Done(rc, "insert user customer link");
  }

  Result<std::vector<core::UserCustomerLink>> ListCustomerLinksOfUser(
      std::string_view user_id) override {
    return List<core::UserCustomerLink>(Stmt::kListCustomerLinksOfUser, user_id, ReadCustomerLink,
                                        "list customer links of user");
  }

  Result<void> InsertPasswordReset(const core::PasswordReset& reset) override {
    auto stmt = Prepare(Stmt::kInsertPasswordReset, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, reset.digest).Text(2, reset.user_id).Time(3, reset.expires_at);
    const int rc = query.Step();
    if (IsForeignKeyViolation(rc)) return Constraint(ErrorCode::kUserNotFound, reset.user_id, rc);
    return Done(rc, "insert password reset");
  }

  Result<std::optional<core::PasswordReset>> TakePasswordReset(std::string_view digest) override {
    auto stmt = Prepare(Stmt::kTakePasswordReset, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, digest);
    int rc = query.Step();
    if (rc == SQLITE_DONE) return std::nullopt;
    if (rc != SQLITE_ROW) return std::unexpected(Error(rc, "take password reset"));
    core::PasswordReset reset{query.ColText(0), query.ColText(1), query.ColTime(2)};
    rc = query.Step();
    if (rc != SQLITE_DONE) return std::unexpected(Error(rc, "take password reset"));
    return reset;
  }

  Result<void> InsertEmailValidation(const core::EmailValidation& validation) override {
    auto stmt = Prepare(Stmt::kInsertEmailValidation, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, validation.digest).Text(2, validation.user_id).Time(3, validation.expires_at);
    const int rc = query.Step();
    if (IsForeignKeyViolation(rc)) {
      return Constraint(ErrorCode::kUserNotFound, validation.user_id, rc);
    }
    return Done(rc, "insert email validation");
  }

  Result<std::optional<core::EmailValidation>> TakeEmailValidation(
      std::string_view digest) override {
    auto stmt = Prepare(Stmt::kTakeEmailValidation, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, digest);
    int rc = query.Step();
    if (rc == SQLITE_DONE) return std::nullopt;
    if (rc != SQLITE_ROW) return std::unexpected(Error(rc, "take email validation"));
    core::EmailValidation validation{query.ColText(0), query.ColText(1), query.ColTime(2)};
    rc = query.Step();
    if (rc != SQLITE_DONE) return std::unexpected(Error(rc, "take email validation"));
    return validation;
  }

  Result<std::optional<core::UserProfile>> FindUserProfile(std::string_view user_id) override {
    return FindOne<core::UserProfile>(Stmt::kFindUserProfile, user_id, ReadUserProfile,
                                      "find user profile");
  }

  Result<void> PutUserProfile(const core::UserProfile& profile) override {
    auto stmt = Prepare(Stmt::kPutUserProfile, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, profile.user_id)
        .Text(2, profile.tax_id)
        .Text(3, profile.customer_id)
        .Text(4, profile.occupation)
        .Text(5, profile.preferred_address_id)
        .Text(6, profile.tax_address_id)
        .Text(7, profile.preferred_email_id)
        .Text(8, profile.preferred_phone_id)
        .OptionalTime(9, profile.last_logged_in_at)
        .OptionalTime(10, profile.last_contacted_at)
        .Text(11, profile.details_json);
    const int rc = query.Step();
    if (IsForeignKeyViolation(rc)) return Constraint(ErrorCode::kUserNotFound, profile.user_id, rc);
    return Done(rc, "put user profile");
  }

  Result<std::optional<std::string>> FindUserByTaxId(std::string_view tax_id) override {
    auto stmt = Prepare(Stmt::kFindUserByTaxId, false);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, tax_id);
    const int rc = query.Step();
    if (rc == SQLITE_ROW) return query.ColText(0);
    if (rc != SQLITE_DONE) return std::unexpected(Error(rc, "find user by tax id"));
    return std::nullopt;
  }

  Result<std::vector<core::UserProfile>> ListUserProfiles() override {
    return List<core::UserProfile>(Stmt::kListUserProfiles, std::nullopt, ReadUserProfile,
                                   "list user profiles");
  }

  Result<void> InsertContactItem(const core::ContactItem& item) override {
    auto stmt = Prepare(Stmt::kInsertContactItem, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    BindContactItem(query, item);
    query.Time(9, item.created_at);
    const int rc = query.Step();
    if (IsPrimaryKeyViolation(rc)) return Constraint(ErrorCode::kContactItemExists, item.id, rc);
    if (IsForeignKeyViolation(rc)) return Constraint(ErrorCode::kUserNotFound, item.user_id, rc);
    return Done(rc, "insert contact item");
  }

  Result<void> UpdateContactItem(const core::ContactItem& item) override {
    auto stmt = Prepare(Stmt::kUpdateContactItem, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    BindContactItem(query, item);
    return ChangedOne(query.Step(), "update contact item", ErrorCode::kContactItemNotFound,
                      item.id);
  }

  Result<void> DeleteContactItem(std::string_view user_id, core::ContactKind kind,
                                 std::string_view id) override {
    auto stmt = Prepare(Stmt::kDeleteContactItem, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, user_id).Text(2, core::ToString(kind)).Text(3, id);
    return ChangedOne(query.Step(), "delete contact item", ErrorCode::kContactItemNotFound, id);
  }

  Result<std::optional<core::ContactItem>> FindContactItem(std::string_view user_id,
                                                           core::ContactKind kind,
                                                           std::string_view id) override {
    auto stmt = Prepare(Stmt::kFindContactItem, false);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, user_id).Text(2, core::ToString(kind)).Text(3, id);
    const int rc = query.Step();
    if (rc == SQLITE_ROW) {
      auto item = ReadContactItem(query);
      if (!item) return std::unexpected(item.error());
      return std::move(*item);
    }
    if (rc != SQLITE_DONE) return std::unexpected(Error(rc, "find contact item"));
    return std::nullopt;
  }

  Result<std::vector<core::ContactItem>> ListContactItems(std::string_view user_id) override {
    auto stmt =
        Prepare(user_id.empty() ? Stmt::kListContactItems : Stmt::kListContactItemsOfUser, false);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    if (!user_id.empty()) query.Text(1, user_id);
    std::vector<core::ContactItem> items;
    int rc;
    while ((rc = query.Step()) == SQLITE_ROW) {
      auto item = ReadContactItem(query);
      if (!item) return std::unexpected(item.error());
      items.push_back(std::move(*item));
    }
    if (rc != SQLITE_DONE) return std::unexpected(Error(rc, "list contact items"));
    return items;
  }

  Result<std::optional<core::UserConstraints>> FindUserConstraints(
      std::string_view user_id) override {
    return FindOne<core::UserConstraints>(Stmt::kFindUserConstraints, user_id, ReadUserConstraints,
                                          "find user constraints");
  }

  Result<void> PutUserConstraints(const core::UserConstraints& constraints) override {
    auto stmt = Prepare(Stmt::kPutUserConstraints, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, constraints.user_id)
        .Text(2, constraints.body_json)
        .Int(3, constraints.version)
        .Time(4, constraints.updated_at);
    const int rc = query.Step();
    if (IsForeignKeyViolation(rc)) {
      return Constraint(ErrorCode::kUserNotFound, constraints.user_id, rc);
    }
    return Done(rc, "put user constraints");
  }

  Result<std::vector<core::TrackingId>> ListTrackingIds(std::string_view user_id) override {
    return List<core::TrackingId>(Stmt::kListTrackingIds, user_id, ReadTrackingId,
                                  "list tracking ids");
  }

  Result<void> InsertTrackingId(const core::TrackingId& tracking_id) override {
    auto stmt = Prepare(Stmt::kInsertTrackingId, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, tracking_id.user_id).Text(2, tracking_id.value).Time(3, tracking_id.created_at);
    const int rc = query.Step();
    if (IsForeignKeyViolation(rc)) {
      return Constraint(ErrorCode::kUserNotFound, tracking_id.user_id, rc);
    }
    return Done(rc, "insert tracking id");
  }

  Result<void> DeleteTrackingId(std::string_view user_id, std::string_view value) override {
    auto stmt = Prepare(Stmt::kDeleteTrackingId, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, user_id).Text(2, value);
    return Done(query.Step(), "delete tracking id");
  }

  Result<void> InsertChallenge(const core::Challenge& challenge) override {
    {
      auto stmt = Prepare(Stmt::kInsertChallenge, true);
      if (!stmt) return std::unexpected(stmt.error());
      const std::string history = EncodeTimeList(challenge.redemption_history);
      Query query(*stmt);
      BindChallenge(query, challenge, history);
      const int rc = query.Step();
      if (IsForeignKeyViolation(rc)) {
        return Constraint(ErrorCode::kUserNotFound, challenge.user_id, rc);
      }
      if (auto done = Done(rc, "insert challenge"); !done) return done;
    }
    return InsertAuthenticators(challenge);
  }

  Result<std::optional<core::Challenge>> FindChallenge(std::string_view id) override {
    std::optional<core::Challenge> challenge;
    {
      auto stmt = Prepare(Stmt::kFindChallenge, false);
      if (!stmt) return std::unexpected(stmt.error());
      Query query(*stmt);
      query.Text(1, id);
      const int rc = query.Step();
      if (rc == SQLITE_DONE) return std::nullopt;
      if (rc != SQLITE_ROW) return std::unexpected(Error(rc, "find challenge"));
      challenge.emplace();
      challenge->id = query.ColText(0);
      challenge->user_id = query.ColText(1);
      challenge->context = query.ColText(2);
      challenge->reason = query.ColText(3);
      challenge->minimum_authenticator_count = static_cast<int>(query.ColInt(4));
      challenge->maximum_redemption_count = static_cast<int>(query.ColInt(5));
      challenge->redemption_count = static_cast<int>(query.ColInt(6));
      const std::string history = query.ColText(7);
      auto times = DecodeTimeList(history);
      if (!times) {
        return core::Fail(
            ErrorCode::kInternal, {},
            "sqlite: challenge " + challenge->id + " has a malformed history '" + history + "'");
      }
      challenge->redemption_history = std::move(*times);
      challenge->created_at = query.ColTime(8);
      challenge->expires_at = query.ColTime(9);
    }
    auto authenticators = List<core::Authenticator>(Stmt::kListAuthenticators, id,
                                                    ReadAuthenticator, "list authenticators");
    if (!authenticators) return std::unexpected(authenticators.error());
    challenge->authenticators = std::move(*authenticators);
    return challenge;
  }

  Result<void> UpdateChallenge(const core::Challenge& challenge) override {
    {
      auto stmt = Prepare(Stmt::kUpdateChallenge, true);
      if (!stmt) return std::unexpected(stmt.error());
      const std::string history = EncodeTimeList(challenge.redemption_history);
      Query query(*stmt);
      BindChallenge(query, challenge, history);
      auto changed =
          ChangedOne(query.Step(), "update challenge", ErrorCode::kNoSuchChallenge, challenge.id);
      if (!changed) return changed;
    }
    {
      auto stmt = Prepare(Stmt::kDeleteAuthenticators, true);
      if (!stmt) return std::unexpected(stmt.error());
      Query query(*stmt);
      query.Text(1, challenge.id);
      if (auto done = Done(query.Step(), "delete authenticators"); !done) return done;
    }
    return InsertAuthenticators(challenge);
  }

  Result<std::optional<core::ConfigurationValues>> FindConfigurationValues(
      std::string_view group) override {
    return FindOne<core::ConfigurationValues>(Stmt::kFindConfigurationValues, group,
                                              ReadConfigurationValues, "find configuration values");
  }

  Result<void> PutConfigurationValues(const core::ConfigurationValues& values) override {
    auto stmt = Prepare(Stmt::kPutConfigurationValues, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, values.group)
        .Text(2, values.values_json)
        .Int(3, values.version)
        .Time(4, values.updated_at);
    return Done(query.Step(), "put configuration values");
  }

  Result<void> InsertEncryptionKey(const core::EncryptionKey& key) override {
    auto stmt = Prepare(Stmt::kInsertEncryptionKey, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, key.alias)
        .Text(2, key.name)
        .Text(3, key.public_pem)
        .Text(4, key.private_pem)
        .Time(5, key.created_at)
        .Time(6, key.expires_at);
    return Done(query.Step(), "insert encryption key");
  }

  Result<std::vector<core::EncryptionKey>> ListEncryptionKeys() override {
    return List<core::EncryptionKey>(Stmt::kListEncryptionKeys, std::nullopt, ReadEncryptionKey,
                                     "list encryption keys");
  }

  Result<std::optional<core::EncryptionKey>> FindEncryptionKeyByAlias(
      std::string_view alias) override {
    return FindOne<core::EncryptionKey>(Stmt::kFindEncryptionKeyByAlias, alias, ReadEncryptionKey,
                                        "find encryption key");
  }

  Result<void> InsertAccessToken(const core::AccessToken& token) override {
    auto stmt = Prepare(Stmt::kInsertAccessToken, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, token.digest)
        .Text(2, token.kind)
        .Text(3, token.user_id)
        .Text(4, token.consumer_id)
        .Text(5, token.scope)
        .Time(6, token.created_at)
        .Time(7, token.expires_at);
    return Done(query.Step(), "insert access token");
  }

  Result<std::optional<core::AccessToken>> FindAccessToken(std::string_view digest) override {
    return FindOne<core::AccessToken>(Stmt::kFindAccessToken, digest, ReadAccessToken,
                                      "find access token");
  }

  Result<void> DeleteAccessToken(std::string_view digest) override {
    auto stmt = Prepare(Stmt::kDeleteAccessToken, true);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, digest);
    return Done(query.Step(), "delete access token");
  }

  Result<std::optional<core::AccessTokenWithUser>> FindAccessTokenWithUser(
      std::string_view digest) override {
    auto read = [this](const Query& query) -> Result<core::AccessTokenWithUser> {
      constexpr int kToken = 15;  // the token's columns follow the user's (NULL without one)
      core::AccessTokenWithUser found{
          .token = {query.ColText(kToken), query.ColText(kToken + 1), query.ColText(kToken + 2),
                    query.ColText(kToken + 3), query.ColText(kToken + 4), query.ColTime(kToken + 5),
                    query.ColTime(kToken + 6)}};
      if (query.IsNull(0)) return found;
      auto user = ReadUser(query);
      if (!user) return std::unexpected(user.error());
      found.user = std::move(*user);
      return found;
    };
    return FindOne<core::AccessTokenWithUser>(Stmt::kFindAccessTokenWithUser, digest, read,
                                              "find access token with user");
  }

  Result<std::int64_t> PurgeExpired(core::TimePoint cutoff, int limit) override {
    std::int64_t purged = 0;
    for (const Stmt which : kPurgeStatements) {
      auto stmt = Prepare(which, true);
      if (!stmt) return std::unexpected(stmt.error());
      Query query(*stmt);
      query.Time(1, cutoff).Int(2, limit);
      if (auto done = Done(query.Step(), "purge expired"); !done) {
        return std::unexpected(done.error());
      }
      purged += sqlite3_changes(connection_.db());
    }
    return purged;
  }

 private:
  // Parameters 1..8 of kInsertContactItem and kUpdateContactItem (the key, then the values).
  static void BindContactItem(Query& query, const core::ContactItem& item) {
    query.Text(1, item.user_id)
        .Text(2, core::ToString(item.kind))
        .Text(3, item.id)
        .Text(4, item.type)
        .Text(5, item.state)
        .Text(6, item.value)
        .Text(7, item.replace_id)
        .Text(8, item.details_json);
  }

  Result<core::ContactItem> ReadContactItem(const Query& query) const {
    core::ContactItem item;
    item.user_id = query.ColText(0);
    const std::string kind = query.ColText(1);
    const auto parsed = core::ContactKindFromString(kind);
    item.id = query.ColText(2);
    if (!parsed) {
      return core::Fail(ErrorCode::kInternal, {},
                        "sqlite: contact item " + item.id + " has unknown kind '" + kind + "'");
    }
    item.kind = *parsed;
    item.type = query.ColText(3);
    item.state = query.ColText(4);
    item.value = query.ColText(5);
    item.replace_id = query.ColText(6);
    item.details_json = query.ColText(7);
    item.created_at = query.ColTime(8);
    return item;
  }

  // Every parameter of kInsertChallenge (kUpdateChallenge uses a subset); `history` is the
  // encoded redemption history, which must outlive the query.
  static void BindChallenge(Query& query, const core::Challenge& challenge,
                            const std::string& history) {
    query.Text(1, challenge.id)
        .Text(2, challenge.user_id)
        .Text(3, challenge.context)
        .Text(4, challenge.reason)
        .Int(5, challenge.minimum_authenticator_count)
        .Int(6, challenge.maximum_redemption_count)
        .Int(7, challenge.redemption_count)
        .Text(8, history)
        .Time(9, challenge.created_at)
        .Time(10, challenge.expires_at);
  }

  Result<void> InsertAuthenticators(const core::Challenge& challenge) {
    auto stmt = Prepare(Stmt::kInsertAuthenticator, true);
    if (!stmt) return std::unexpected(stmt.error());
    for (std::size_t position = 0; position < challenge.authenticators.size(); ++position) {
      const core::Authenticator& authenticator = challenge.authenticators[position];
      Query query(*stmt);
      query.Text(1, challenge.id)
          .Int(2, static_cast<std::int64_t>(position))
          .Text(3, authenticator.id)
          .Text(4, authenticator.type)
          .Text(5, authenticator.state)
          .Text(6, authenticator.code_digest)
          .Int(7, authenticator.retry_count)
          .Int(8, authenticator.maximum_retries)
          .OptionalTime(9, authenticator.started_at)
          .OptionalTime(10, authenticator.verified_at)
          .OptionalTime(11, authenticator.failed_at)
          .Time(12, authenticator.expires_at);
      if (auto done = Done(query.Step(), "insert authenticator"); !done) return done;
    }
    return {};
  }

  Result<sqlite3_stmt*> Prepare(Stmt stmt, bool writes) {
    if (writes && !writable_) {
      return core::Fail(ErrorCode::kInternal, {}, "sqlite: write attempted inside Store::Read");
    }
    return connection_.Prepare(stmt);
  }

  core::Error Error(int rc, std::string_view what) const {
    return SqliteError(connection_.db(), rc, what);
  }

  Result<void> Done(int rc, std::string_view what) const {
    if (rc != SQLITE_DONE) return std::unexpected(Error(rc, what));
    return {};
  }

  // A constraint failure the port names: public detail, SQLite's message for the log.
  std::unexpected<core::Error> Constraint(ErrorCode code, std::string_view detail, int rc) const {
    return core::Fail(code, std::string(detail), Error(rc, "constraint").log);
  }

  Result<core::User> ReadUser(const Query& query) const {
    core::User user;
    user.id = query.ColText(0);
    user.username = query.ColText(1);
    user.provider = query.ColText(2);
    user.provider_id = query.ColText(3);
    user.email = query.ColText(4);
    user.first_name = query.ColText(5);
    user.last_name = query.ColText(6);
    user.password_hash = query.ColText(7);
    user.validated = query.ColInt(8) != 0;
    const std::string state = query.ColText(9);
    const auto parsed = core::UserStateFromString(state);
    if (!parsed) {
      return core::Fail(ErrorCode::kInternal, {},
                        "sqlite: user " + user.id + " has unknown state '" + state + "'");
    }
    user.state = *parsed;
    user.lock_type = query.ColText(10);
    user.last_lock_date = query.ColOptionalTime(11);
    user.created_at = query.ColTime(12);
    user.updated_at = query.ColTime(13);
    user.version = query.ColInt(14);
    return user;
  }

  Result<std::optional<core::User>> FindUser(Stmt which, std::string_view key) {
    return FindOne<core::User>(
        which, key, [this](const Query& query) { return ReadUser(query); }, "find user");
  }

  Result<std::vector<core::Entitlement>> ListEntitlements(Stmt which, std::string_view key) {
    auto stmt = Prepare(which, false);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, key);
    std::vector<core::Entitlement> entitlements;
    int rc;
    while ((rc = query.Step()) == SQLITE_ROW) entitlements.push_back(ReadEntitlement(query));
    if (rc != SQLITE_DONE) return std::unexpected(Error(rc, "list entitlements"));
    return entitlements;
  }

  // The result of an UPDATE or DELETE of one row by id: `missing` when no row had it.
  Result<void> ChangedOne(int rc, std::string_view what, ErrorCode missing,
                          std::string_view id) const {
    if (auto done = Done(rc, what); !done) return done;
    if (sqlite3_changes(connection_.db()) == 0) return core::Fail(missing, std::string(id));
    return {};
  }

  // Runs a query of at most one row keyed by `key`. `read` decodes the row into a T, or into a
  // Result<T> when decoding can fail (a user's state).
  template <class T, class Read>
  Result<std::optional<T>> FindOne(Stmt which, std::string_view key, Read&& read,
                                   std::string_view what) {
    auto stmt = Prepare(which, false);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    query.Text(1, key);
    const int rc = query.Step();
    if (rc == SQLITE_ROW) {
      if constexpr (std::is_same_v<std::invoke_result_t<Read&, const Query&>, T>) {
        return read(query);
      } else {
        auto row = read(query);
        if (!row) return std::unexpected(row.error());
        return std::move(*row);
      }
    }
    if (rc != SQLITE_DONE) return std::unexpected(Error(rc, what));
    return std::nullopt;
  }

  // Runs a list query with no parameter or one (`key`).
  template <class T>
  Result<std::vector<T>> List(Stmt which, std::optional<std::string_view> key,
                              T (*read)(const Query&), std::string_view what) {
    auto stmt = Prepare(which, false);
    if (!stmt) return std::unexpected(stmt.error());
    Query query(*stmt);
    if (key) query.Text(1, *key);
    return Collect<T>(query, read, what);
  }

  template <class T>
  Result<std::vector<T>> Collect(Query& query, T (*read)(const Query&), std::string_view what) {
    std::vector<T> rows;
    int rc;
    while ((rc = query.Step()) == SQLITE_ROW) rows.push_back(read(query));
    if (rc != SQLITE_DONE) return std::unexpected(Error(rc, what));
    return rows;
  }

  // The statements of InsertAccount, inside its savepoint.
  Result<void> InsertAccountRows(const core::Account& account) {
    {
      auto stmt = Prepare(Stmt::kInsertAccount, true);
      if (!stmt) return std::unexpected(stmt.error());
      Query query(*stmt);
      query.Text(1, account.bank_id)
          .Text(2, account.id)
          .Text(3, account.owner_user_id)
          .Text(4, account.label)
          .Text(5, account.product_code)
          .Text(6, account.currency)
          .Text(7, account.balance)
          .Text(8, account.branch_id)
          .Time(9, account.created_at);
      const int rc = query.Step();
      if (IsPrimaryKeyViolation(rc)) return Constraint(ErrorCode::kAccountExists, account.id, rc);
      if (auto done = Done(rc, "insert account"); !done) return done;
    }
    auto stmt = Prepare(Stmt::kInsertAccountRouting, true);
    if (!stmt) return std::unexpected(stmt.error());
    for (std::size_t position = 0; position < account.routings.size(); ++position) {
      const core::AccountRouting& routing = account.routings[position];
      Query query(*stmt);
      query.Text(1, routing.scheme)
          .Text(2, routing.address)
          .Text(3, account.bank_id)
          .Text(4, account.id)
          .Int(5, static_cast<std::int64_t>(position));
      const int rc = query.Step();
      if (IsPrimaryKeyViolation(rc)) {
        return Constraint(ErrorCode::kAccountRoutingTaken, routing.address, rc);
      }
      if (auto done = Done(rc, "insert account routing"); !done) return done;
    }
    return {};
  }

  SqliteConnection& connection_;
  bool writable_;
};

}  // namespace

// A pooled connection for the duration of one call; rolls back whatever transaction is still
// open (also when the callback throws) and hands the connection back.
class SqliteStore::Lease {
 public:
  Lease(SqliteStore& store, std::unique_ptr<SqliteConnection> connection)
      : store_(store), connection_(std::move(connection)) {}
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease() {
    if (connection_->InTransaction()) (void)connection_->Run(Stmt::kRollback);
    store_.Release(std::move(connection_));
  }
  SqliteConnection& operator*() const { return *connection_; }
  SqliteConnection* operator->() const { return connection_.get(); }

 private:
  SqliteStore& store_;
  std::unique_ptr<SqliteConnection> connection_;
};

// Holds the writer slot taken by EnterWriter until the end of the scope.
class SqliteStore::WriterTurn {
 public:
  explicit WriterTurn(SqliteStore& store) : store_(store) {}
  WriterTurn(const WriterTurn&) = delete;
  WriterTurn& operator=(const WriterTurn&) = delete;
  ~WriterTurn() { store_.LeaveWriter(); }

 private:
  SqliteStore& store_;
};

core::Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const SqliteOptions& options) {
  if (options.path.empty() || options.path == ":memory:") {
    return core::Fail(ErrorCode::kInvalidInput, "path", "sqlite: a database file is required");
  }
  if (sqlite3_threadsafe() == 0) {
    return core::Fail(ErrorCode::kInternal, {}, "sqlite: library built without thread safety");
  }
  auto first = SqliteConnection::Open(options, true);
  if (!first) return std::unexpected(first.error());
  std::unique_ptr<SqliteStore> store(new SqliteStore(options));
  store->idle_.push_back(std::move(*first));
  store->open_count_ = 1;
  return store;
}

SqliteStore::SqliteStore(SqliteOptions options) : options_(std::move(options)) {
  options_.pool_size = std::max(options_.pool_size, 1);
}

SqliteStore::~SqliteStore() = default;

core::Result<std::unique_ptr<SqliteConnection>> SqliteStore::Acquire() {
  std::unique_lock lock(pool_mutex_);
  const bool ready = pool_cv_.wait_for(lock, options_.busy_timeout, [&] {
    return !idle_.empty() || open_count_ < options_.pool_size;
  });
  if (!ready) {
    return core::Fail(ErrorCode::kUnavailable, {}, "sqlite: connection pool exhausted");
  }
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
  }
  ++open_count_;
  lock.unlock();
  auto connection = SqliteConnection::Open(options_, false);
  if (!connection) {
    lock.lock();
    --open_count_;
    pool_cv_.notify_one();
  }
  return connection;
}

void SqliteStore::Release(std::unique_ptr<SqliteConnection> connection) {
  std::unique_lock lock(pool_mutex_);
  if (connection->InTransaction()) {
    --open_count_;
    lock.unlock();
    connection.reset();
  } else {
    idle_.push_back(std::move(connection));
    lock.unlock();
  }
  pool_cv_.notify_one();
}

core::Result<void> SqliteStore::RunTx(const TxFn& fn, bool write) {
  auto acquired = Acquire();
  if (!acquired) return std::unexpected(acquired.error());
  Lease connection(*this, std::move(*acquired));
  if (auto begun = connection->Run(write ? Stmt::kBeginImmediate : Stmt::kBegin); !begun) {
    return begun;
  }
  SqliteTx tx(*connection, write);
  auto result = fn(tx);
  if (!result) return result;  // the Lease rolls back
  return connection->Run(Stmt::kCommit);
}

core::Result<void> SqliteStore::Read(const TxFn& fn) { return RunTx(fn, false); }

core::Result<void> SqliteStore::EnterWriter() {
  std::unique_lock lock(write_mutex_);
  if (!write_cv_.wait_for(lock, options_.busy_timeout, [&] { return !writing_; })) {
    return core::Fail(ErrorCode::kUnavailable, {}, "sqlite: timed out waiting for the writer");
  }
  writing_ = true;
  return {};
}

void SqliteStore::LeaveWriter() {
  {
    std::lock_guard lock(write_mutex_);
    writing_ = false;
  }
  write_cv_.notify_one();
}

core::Result<void> SqliteStore::Write(const TxFn& fn) {
  if (auto entered = EnterWriter(); !entered) return entered;
  WriterTurn turn(*this);
  return RunTx(fn, true);
}

core::Result<void> SqliteStore::Migrate() {
  if (auto entered = EnterWriter(); !entered) return entered;
  WriterTurn turn(*this);
  auto acquired = Acquire();
  if (!acquired) return std::unexpected(acquired.error());
  Lease connection(*this, std::move(*acquired));
  return ApplySqliteMigrations(connection->db());
}

core::Result<int> SqliteStore::SchemaVersion() {
  auto acquired = Acquire();
  if (!acquired) return std::unexpected(acquired.error());
  Lease connection(*this, std::move(*acquired));
  return SqliteSchemaVersion(connection->db());
}

}  // namespace roster::store
