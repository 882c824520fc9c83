#include "store/postgres/pg_connection.h"

#include <libpq-fe.h>
#include <poll.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <utility>

#include "store/columns.h"

namespace roster::store::pg {
namespace {

using Clock = std::chrono::steady_clock;

// Indexed by Stmt. Constant text only: every value is a parameter.
constexpr std::array<const char*, static_cast<std::size_t>(Stmt::kCount)> kSql = {
    // kInsertUser
    "INSERT INTO users (" ROSTER_USER_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    // kUpdateUser
    "UPDATE users SET username = $2, provider = $3, provider_id = $4, email = $5, "
    "first_name = $6, last_name = $7, password_hash = $8, validated = $9, state = $10, "
    "lock_type = $11, last_lock_date = $12, created_at = $13, updated_at = $14, version = $15 "
    "WHERE id = $1",
    // kFindUserById
    "SELECT " ROSTER_USER_COLUMNS " FROM users WHERE id = $1",
    // kFindUserByUsername
    "SELECT " ROSTER_USER_COLUMNS " FROM users WHERE username = $1",
    // kFindUserByProvider: served by the unique (provider, provider_id) index.
    "SELECT " ROSTER_USER_COLUMNS " FROM users WHERE provider = $1 AND provider_id = $2",
    // kListUsersAsc .. kListUsersByEmailDesc: $1 = deleted filter (NULL: both), $2 limit,
    // $3 offset, $4 e-mail. ORDER BY cannot be a parameter, hence one text per direction.
    "SELECT " ROSTER_USER_COLUMNS
    " FROM users WHERE ($1::boolean IS NULL OR (state = 'removed') = $1::boolean)"
    " ORDER BY created_at ASC, id ASC LIMIT $2::bigint OFFSET $3::bigint",
    "SELECT " ROSTER_USER_COLUMNS
    " FROM users WHERE ($1::boolean IS NULL OR (state = 'removed') = $1::boolean)"
    " ORDER BY created_at DESC, id DESC LIMIT $2::bigint OFFSET $3::bigint",
    "SELECT " ROSTER_USER_COLUMNS
    " FROM users WHERE email = $4 AND ($1::boolean IS NULL OR (state = 'removed') = $1::boolean)"
    " ORDER BY created_at ASC, id ASC LIMIT $2::bigint OFFSET $3::bigint",
    "SELECT " ROSTER_USER_COLUMNS
    " FROM users WHERE email = $4 AND ($1::boolean IS NULL OR (state = 'removed') = $1::boolean)"
    " ORDER BY created_at DESC, id DESC LIMIT $2::bigint OFFSET $3::bigint",
    // kGetLoginAttempts
    "SELECT bad_attempts, last_failure_date FROM login_attempts "
    "WHERE provider = $1 AND username = $2",
    // kRecordFailedLogin: one statement, so the increment is atomic.
    "INSERT INTO login_attempts AS a (provider, username, bad_attempts, last_failure_date) "
    "VALUES ($1, $2, 1, $3) ON CONFLICT (provider, username) DO UPDATE SET "
    "bad_attempts = a.bad_attempts + 1, last_failure_date = excluded.last_failure_date "
    "RETURNING bad_attempts",
    // kResetLoginAttempts
    "INSERT INTO login_attempts AS a (provider, username, bad_attempts, last_failure_date) "
    "VALUES ($1, $2, 0, $3) ON CONFLICT (provider, username) DO UPDATE SET "
    "bad_attempts = 0, last_failure_date = excluded.last_failure_date",
    // kInsertConsumer
    "INSERT INTO consumers (" ROSTER_CONSUMER_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6)",
    // kFindConsumerByKeyDigest
    "SELECT " ROSTER_CONSUMER_COLUMNS " FROM consumers WHERE key_digest = $1",
    // kInsertToken
    "INSERT INTO tokens (digest, user_id, consumer_id, created_at, expires_at) "
    "VALUES ($1, $2, $3, $4, $5)",
    // kFindTokenWithUser: the user's columns first, in ReadUser's order, then the token's.
    "SELECT u.*, t.digest, t.user_id, t.consumer_id, t.created_at, t.expires_at "
    "FROM tokens t JOIN (SELECT " ROSTER_USER_COLUMNS
    " FROM users) u ON u.id = t.user_id "
    "WHERE t.digest = $1",
    // kDeleteToken
    "DELETE FROM tokens WHERE digest = $1",
    // kDeleteTokensOfUser
    "DELETE FROM tokens WHERE user_id = $1",
    // kInsertEntitlement
    "INSERT INTO entitlements (id, user_id, bank_id, role_name, created_by_process, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)",
    // kFindEntitlement
    "SELECT id, user_id, bank_id, role_name, created_by_process, created_at "
    "FROM entitlements WHERE id = $1",
    // kDeleteEntitlement
    "DELETE FROM entitlements WHERE id = $1",
    // kListEntitlementsOfUser
    "SELECT id, user_id, bank_id, role_name, created_by_process, created_at "
    "FROM entitlements WHERE user_id = $1 ORDER BY role_name, bank_id",
    // kListEntitlementsOfBank
    "SELECT id, user_id, bank_id, role_name, created_by_process, created_at "
    "FROM entitlements WHERE bank_id = $1 ORDER BY role_name, bank_id, user_id",
    // kHasEntitlement: served by the unique (user_id, bank_id, role_name) index.
    "SELECT 1 FROM entitlements WHERE user_id = $1 AND bank_id = $2 AND role_name = $3",
    // kInsertBank
    "INSERT INTO banks (id, short_name, full_name, created_at) VALUES ($1, $2, $3, $4)",
    // kFindBank
    "SELECT id, short_name, full_name, created_at FROM banks WHERE id = $1",
    // kListBanks
    "SELECT id, short_name, full_name, created_at FROM banks ORDER BY id",
    // kInsertEmailValidation
    "INSERT INTO email_validations (digest, user_id, expires_at) VALUES ($1, $2, $3)",
    // kTakeEmailValidation: read and delete in one statement (single use).
    "DELETE FROM email_validations WHERE digest = $1 RETURNING digest, user_id, expires_at",
    // kInsertUserAttribute
    "INSERT INTO user_attributes (" ROSTER_ATTRIBUTE_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    // kUpdateUserAttribute
    "UPDATE user_attributes SET name = $2, type = $3, value = $4, updated_at = $5 WHERE id = $1",
    // kFindUserAttribute
    "SELECT " ROSTER_ATTRIBUTE_COLUMNS " FROM user_attributes WHERE id = $1",
    // kListUserAttributes
    "SELECT " ROSTER_ATTRIBUTE_COLUMNS
    " FROM user_attributes WHERE user_id = $1 ORDER BY created_at, seq",
    // kInsertAuthContext
    "INSERT INTO user_auth_contexts (" ROSTER_AUTH_CONTEXT_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6)",
    // kListAuthContexts
    "SELECT " ROSTER_AUTH_CONTEXT_COLUMNS
    " FROM user_auth_contexts WHERE user_id = $1 ORDER BY created_at, seq",
    // kDeleteAuthContext
    "DELETE FROM user_auth_contexts WHERE id = $1",
    // kDeleteAuthContextsOfUser
    "DELETE FROM user_auth_contexts WHERE user_id = $1",
    // kInsertAuthContextUpdate
    "INSERT INTO auth_context_updates (" ROSTER_AUTH_CONTEXT_UPDATE_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    // kFindAuthContextUpdate
    "SELECT " ROSTER_AUTH_CONTEXT_UPDATE_COLUMNS " FROM auth_context_updates WHERE id = $1",
    // kUpdateAuthContextUpdate
    "UPDATE auth_context_updates SET status = $2, failed_attempts = $3 WHERE id = $1",
    // kInsertEntitlementRequest
    "INSERT INTO entitlement_requests (" ROSTER_ENTITLEMENT_REQUEST_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5)",
    // kFindEntitlementRequest
    "SELECT " ROSTER_ENTITLEMENT_REQUEST_COLUMNS " FROM entitlement_requests WHERE id = $1",
    // kDeleteEntitlementRequest
    "DELETE FROM entitlement_requests WHERE id = $1",
    // kListEntitlementRequests
    "SELECT " ROSTER_ENTITLEMENT_REQUEST_COLUMNS
    " FROM entitlement_requests ORDER BY created_at, seq",
    // kListEntitlementRequestsOfUser
    "SELECT " ROSTER_ENTITLEMENT_REQUEST_COLUMNS
    " FROM entitlement_requests WHERE user_id = $1 ORDER BY created_at, seq",
    // kInsertAccount
    "INSERT INTO accounts (" ROSTER_ACCOUNT_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    // kInsertAccountRouting
    "INSERT INTO account_routings (scheme, address, bank_id, account_id, position) "
    "VALUES ($1, $2, $3, $4, $5)",
    // kFindAccount
    "SELECT " ROSTER_ACCOUNT_COLUMNS " FROM accounts WHERE bank_id = $1 AND id = $2",
    // kListAccountRoutings
    "SELECT scheme, address FROM account_routings WHERE bank_id = $1 AND account_id = $2 "
    "ORDER BY position",
    // kGrantAccess: idempotent; an existing grant keeps its creation date.
    "INSERT INTO account_access (" ROSTER_ACCESS_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (bank_id, account_id, view_id, user_id) DO NOTHING",
    // kRevokeAccess
    "DELETE FROM account_access "
    "WHERE bank_id = $1 AND account_id = $2 AND view_id = $3 AND user_id = $4",
    // kListAccessToAccount
    "SELECT " ROSTER_ACCESS_COLUMNS
    " FROM account_access WHERE bank_id = $1 AND account_id = $2 "
    "ORDER BY bank_id, account_id, view_id, user_id",
    // kListAccessOfUser
    "SELECT " ROSTER_ACCESS_COLUMNS
    " FROM account_access WHERE user_id = $1 "
    "ORDER BY bank_id, account_id, view_id, user_id",
    // kInsertCustomer
    "INSERT INTO customers (" ROSTER_CUSTOMER_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    // kFindCustomer
    "SELECT " ROSTER_CUSTOMER_COLUMNS " FROM customers WHERE id = $1",
    // kFindCustomerByNumber: served by the unique (bank_id, customer_number) index.
    "SELECT " ROSTER_CUSTOMER_COLUMNS " FROM customers WHERE bank_id = $1 AND customer_number = $2",
    // kListCustomers
    "SELECT " ROSTER_CUSTOMER_COLUMNS " FROM customers ORDER BY bank_id, created_at, seq",
    // kListCustomersOfBank
    "SELECT " ROSTER_CUSTOMER_COLUMNS
    " FROM customers WHERE bank_id = $1 ORDER BY bank_id, created_at, seq",
    // kInsertUserCustomerLink
    "INSERT INTO user_customer_links (" ROSTER_CUSTOMER_LINK_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6)",
    // kListCustomerLinksOfUser: served by the unique (user_id, customer_id) index.
    "SELECT " ROSTER_CUSTOMER_LINK_COLUMNS
    " FROM user_customer_links WHERE user_id = $1 ORDER BY created_at, seq",
    // kInsertPasswordReset
    "INSERT INTO password_resets (digest, user_id, expires_at) VALUES ($1, $2, $3)",
    // kTakePasswordReset: read and delete in one statement (single use).
    "DELETE FROM password_resets WHERE digest = $1 RETURNING digest, user_id, expires_at",
    // kFindUserProfile
    "SELECT " ROSTER_PROFILE_COLUMNS " FROM user_profiles WHERE user_id = $1",
    // kPutUserProfile
    "INSERT INTO user_profiles (" ROSTER_PROFILE_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
    "ON CONFLICT (user_id) DO UPDATE SET tax_id = excluded.tax_id, "
    "customer_id = excluded.customer_id, occupation = excluded.occupation, "
    "preferred_address_id = excluded.preferred_address_id, "
    "tax_address_id = excluded.tax_address_id, preferred_email_id = excluded.preferred_email_id, "
    "preferred_phone_id = excluded.preferred_phone_id, "
    "last_logged_in_at = excluded.last_logged_in_at, "
    "last_contacted_at = excluded.last_contacted_at, details_json = excluded.details_json",
    // kFindUserByTaxId: served by the partial index on non-empty tax ids.
    "SELECT user_id FROM user_profiles WHERE tax_id = $1 AND tax_id <> '' "
    "ORDER BY user_id LIMIT 1",
    // kListUserProfiles
    "SELECT " ROSTER_PROFILE_COLUMNS " FROM user_profiles ORDER BY user_id",
    // kInsertContactItem
    "INSERT INTO contact_items (" ROSTER_CONTACT_ITEM_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    // kUpdateContactItem
    "UPDATE contact_items SET type = $4, state = $5, value = $6, replace_id = $7, "
    "details_json = $8 WHERE user_id = $1 AND kind = $2 AND id = $3",
    // kDeleteContactItem
    "DELETE FROM contact_items WHERE user_id = $1 AND kind = $2 AND id = $3",
    // kFindContactItem
    "SELECT " ROSTER_CONTACT_ITEM_COLUMNS
    " FROM contact_items WHERE user_id = $1 AND kind = $2 AND id = $3",
    // kListContactItems
    "SELECT " ROSTER_CONTACT_ITEM_COLUMNS " FROM contact_items ORDER BY created_at, seq",
    // kListContactItemsOfUser
    "SELECT " ROSTER_CONTACT_ITEM_COLUMNS
    " FROM contact_items WHERE user_id = $1 ORDER BY created_at, seq",
    // kFindUserConstraints
    "SELECT " ROSTER_CONSTRAINTS_COLUMNS " FROM user_constraints WHERE user_id = $1",
    // kPutUserConstraints
    "INSERT INTO user_constraints (" ROSTER_CONSTRAINTS_COLUMNS
    ") VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET "
    "body_json = excluded.body_json, version = excluded.version, updated_at = excluded.updated_at",
    // kListTrackingIds
    "SELECT " ROSTER_TRACKING_ID_COLUMNS
    " FROM tracking_ids WHERE user_id = $1 ORDER BY created_at, seq",
    // kInsertTrackingId: an existing (user, value) keeps its creation date.
    "INSERT INTO tracking_ids (" ROSTER_TRACKING_ID_COLUMNS
    ") VALUES ($1, $2, $3) ON CONFLICT (user_id, value) DO NOTHING",
    // kDeleteTrackingId
    "DELETE FROM tracking_ids WHERE user_id = $1 AND value = $2",
    // kInsertChallenge
    "INSERT INTO challenges (" ROSTER_CHALLENGE_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    // kUpdateChallenge: everything but the id, the user and the creation date.
    "UPDATE challenges SET context = $2, reason = $3, minimum_authenticator_count = $4, "
    "maximum_redemption_count = $5, redemption_count = $6, redemption_history = $7, "
    "expires_at = $8 WHERE id = $1",
    // kFindChallenge
    "SELECT " ROSTER_CHALLENGE_COLUMNS " FROM challenges WHERE id = $1",
    // kInsertAuthenticator
    "INSERT INTO challenge_authenticators (" ROSTER_AUTHENTICATOR_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    // kDeleteAuthenticators
    "DELETE FROM challenge_authenticators WHERE challenge_id = $1",
    // kListAuthenticators
    "SELECT " ROSTER_AUTHENTICATOR_COLUMNS
    " FROM challenge_authenticators WHERE challenge_id = $1 ORDER BY position",
    // kFindConfigurationValues
    "SELECT " ROSTER_CONFIGURATION_COLUMNS " FROM configuration_values WHERE group_name = $1",
    // kPutConfigurationValues
    "INSERT INTO configuration_values (" ROSTER_CONFIGURATION_COLUMNS
    ") VALUES ($1, $2, $3, $4) ON CONFLICT (group_name) DO UPDATE SET "
    "values_json = excluded.values_json, version = excluded.version, "
    "updated_at = excluded.updated_at",
    // kInsertEncryptionKey
    "INSERT INTO encryption_keys (" ROSTER_ENCRYPTION_KEY_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6)",
    // kListEncryptionKeys
    "SELECT " ROSTER_ENCRYPTION_KEY_COLUMNS
    " FROM encryption_keys ORDER BY name, created_at DESC, alias",
    // kFindEncryptionKeyByAlias
    "SELECT " ROSTER_ENCRYPTION_KEY_COLUMNS " FROM encryption_keys WHERE alias = $1",
    // kInsertAccessToken
    "INSERT INTO access_tokens (" ROSTER_ACCESS_TOKEN_COLUMNS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7)",
    // kFindAccessToken
    "SELECT " ROSTER_ACCESS_TOKEN_COLUMNS " FROM access_tokens WHERE digest = $1",
    // kDeleteAccessToken
    "DELETE FROM access_tokens WHERE digest = $1",
    // kDeleteAccessTokensOfUser: '' is no user (trusted-service tokens are not its tokens).
    "DELETE FROM access_tokens WHERE user_id = $1 AND user_id <> ''",
    // kFindAccessTokenWithUser: the user's columns first (all NULL without a user), in
    // ReadUser's order, then the token's.
    "SELECT u.*, t.digest, t.kind, t.user_id, t.consumer_id, t.scope, t.created_at, t.expires_at "
    "FROM access_tokens t LEFT JOIN (SELECT " ROSTER_USER_COLUMNS
    " FROM users) u ON u.id = t.user_id "
    "WHERE t.digest = $1",
    // kPurge*: at most LIMIT expired records of one kind. A challenge's authenticators go first,
    // chosen by the same ordered subquery as the challenges themselves.
    // kPurgeTokens
    "DELETE FROM tokens WHERE digest IN "
    "(SELECT digest FROM tokens WHERE expires_at <= $1 LIMIT $2)",
    // kPurgeAccessTokens
    "DELETE FROM access_tokens WHERE digest IN "
    "(SELECT digest FROM access_tokens WHERE expires_at <= $1 LIMIT $2)",
    // kPurgeEmailValidations
    "DELETE FROM email_validations WHERE digest IN "
    "(SELECT digest FROM email_validations WHERE expires_at <= $1 LIMIT $2)",
    // kPurgePasswordResets
    "DELETE FROM password_resets WHERE digest IN "
    "(SELECT digest FROM password_resets WHERE expires_at <= $1 LIMIT $2)",
    // kPurgeChallengeAuthenticators
    "DELETE FROM challenge_authenticators WHERE challenge_id IN "
    "(SELECT id FROM challenges WHERE expires_at <= $1 ORDER BY id LIMIT $2)",
    // kPurgeChallenges
    "DELETE FROM challenges WHERE id IN "
    "(SELECT id FROM challenges WHERE expires_at <= $1 ORDER BY id LIMIT $2)",
    // kPurgeAuthContextUpdates
    "DELETE FROM auth_context_updates WHERE id IN "
    "(SELECT id FROM auth_context_updates WHERE expires_at <= $1 LIMIT $2)",
};

// A text left out above would leave the last entries null.
static_assert(kSql.back() != nullptr, "kSql needs one text per Stmt");

// Statement names on the server: "roster_<index>".
std::string StmtName(Stmt stmt) { return "roster_" + std::to_string(static_cast<int>(stmt)); }

bool IsConnectionState(std::string_view sqlstate) {
  // Class 08: connection exception; 57P01..57P03: administrator shutdown, crash shutdown,
  // cannot connect now. The server closes the session after each of them.
  return sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "57P02" ||
         sqlstate == "57P03";
}

std::string Field(const PGresult* result, int field) {
  const char* value = PQresultErrorField(result, field);
  return value != nullptr ? std::string(value) : std::string();
}

std::string Trimmed(const char* text) {
  std::string out = text != nullptr ? text : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace

core::Error ToError(const Failure& failure, std::string_view what) {
  std::string log = "postgres: ";
  log += what;
  log += ": ";
  log += failure.message;
  if (!failure.sqlstate.empty()) log += " (SQLSTATE " + failure.sqlstate + ")";
  const std::string_view state = failure.sqlstate;
  core::ErrorCode code = core::ErrorCode::kInternal;
  if (failure.connection_lost || failure.Retryable() || state.starts_with("53") ||
      state == "55P03" || state == "57014") {
    // 53: insufficient resources (too many connections); 55P03: lock not available;
    // 57014: statement cancelled (statement_timeout).
    code = core::ErrorCode::kUnavailable;
  } else if (state == "22021") {
    code = core::ErrorCode::kInvalidInput;  // text that is not valid UTF-8
  }
  return core::Error{code, {}, std::move(log)};
}

std::string CheckConnectionString(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  std::string complaint;
  if (options == nullptr) complaint = error != nullptr ? Trimmed(error) : "out of memory";
  PQconninfoFree(options);
  PQfreemem(error);
  return complaint;
}

void PgResult::Clear::operator()(pg_result* result) const { PQclear(result); }

int PgResult::Rows() const { return PQntuples(result_.get()); }

std::int64_t PgResult::Affected() const {
  const char* text = PQcmdTuples(result_.get());
  std::int64_t value = 0;
  std::from_chars(text, text + std::strlen(text), value);
  return value;
}

bool PgResult::IsNull(int row, int column) const {
  return PQgetisnull(result_.get(), row, column) != 0;
}

std::string PgResult::Text(int row, int column) const {
  return std::string(PQgetvalue(result_.get(), row, column),
                     static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}

std::int64_t PgResult::Int(int row, int column) const {
  const char* text = PQgetvalue(result_.get(), row, column);
  std::int64_t value = 0;
  std::from_chars(text, text + PQgetlength(result_.get(), row, column), value);
  return value;
}

bool PgResult::Bool(int row, int column) const {
  return PQgetvalue(result_.get(), row, column)[0] == 't';
}

core::TimePoint PgResult::Time(int row, int column) const {
  return core::TimePoint{std::chrono::seconds{Int(row, column)}};
}

std::optional<core::TimePoint> PgResult::OptionalTime(int row, int column) const {
  if (IsNull(row, column)) return std::nullopt;
  return Time(row, column);
}

Params& Params::Text(std::string_view value) {
  if (value.find('\0') != std::string_view::npos) has_nul_ = true;
  values_.emplace_back(std::string(value));
  return *this;
}

Params& Params::Int(std::int64_t value) {
  values_.emplace_back(std::to_string(value));
  return *this;
}

Params& Params::Bool(bool value) {
  values_.emplace_back(value ? "true" : "false");
  return *this;
}

Params& Params::Time(core::TimePoint value) { return Int(value.time_since_epoch().count()); }

Params& Params::OptionalTime(const std::optional<core::TimePoint>& value) {
  if (value) return Time(*value);
  return Null();
}

Params& Params::Null() {
  values_.emplace_back(std::nullopt);
  return *this;
}

std::vector<const char*> Params::Pointers() const {
  std::vector<const char*> pointers;
  pointers.reserve(values_.size());
  for (const auto& value : values_) pointers.push_back(value ? value->c_str() : nullptr);
  return pointers;
}

PgResultOr<std::unique_ptr<PgConnection>> PgConnection::Connect(const std::string& url,
                                                                std::chrono::milliseconds timeout,
                                                                std::uint64_t generation) {
  // Non-blocking connect, so that the timeout has millisecond precision (libpq's own
  // connect_timeout counts whole seconds, at least two).
  const char* keywords[] = {"dbname", nullptr};
  const char* values[] = {url.c_str(), nullptr};
  PGconn* conn = PQconnectStartParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) {
    return std::unexpected(Failure{{}, {}, "out of memory", true});
  }
  std::unique_ptr<PgConnection> connection(new PgConnection(conn, generation));
  const auto deadline = Clock::now() + timeout;
  PostgresPollingStatusType status = PGRES_POLLING_WRITING;
  while (status != PGRES_POLLING_OK) {
    if (PQstatus(conn) == CONNECTION_BAD || status == PGRES_POLLING_FAILED) {
      return std::unexpected(connection->ConnectionFailure());
    }
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      return std::unexpected(Failure{{}, {}, "connect timed out", true});
    }
    pollfd fd{PQsocket(conn),
              static_cast<short>(status == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0};
    const int ready = ::poll(&fd, 1, static_cast<int>(left));
    if (ready < 0 && errno != EINTR) {
      return std::unexpected(Failure{{}, {}, std::string("poll: ") + std::strerror(errno), true});
    }
    if (ready > 0) status = PQconnectPoll(conn);
  }
  // Notices (e.g. "already exists, skipping") are not errors; libpq would print them to stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  if (PQsetClientEncoding(conn, "UTF8") != 0) {
    return std::unexpected(connection->ConnectionFailure());
  }
  return connection;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

Failure PgConnection::ConnectionFailure() const {
  return Failure{{}, {}, Trimmed(PQerrorMessage(conn_)), PQstatus(conn_) == CONNECTION_BAD};
}

PgResultOr<PgResult> PgConnection::Check(PGresult* result) const {
  if (result == nullptr) {
    Failure failure = ConnectionFailure();
    failure.connection_lost = true;
    return std::unexpected(std::move(failure));
  }
  PgResult owned(result);
  const ExecStatusType status = PQresultStatus(result);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return owned;
  Failure failure{Field(result, PG_DIAG_SQLSTATE), Field(result, PG_DIAG_CONSTRAINT_NAME),
                  Trimmed(PQresultErrorMessage(result)), false};
  if (failure.message.empty()) failure.message = Trimmed(PQerrorMessage(conn_));
  failure.connection_lost =
      PQstatus(conn_) == CONNECTION_BAD || IsConnectionState(failure.sqlstate);
  return std::unexpected(std::move(failure));
}

PgResultOr<PgResult> PgConnection::Run(Stmt stmt, const Params& params) {
  if (params.HasEmbeddedNul()) {
    return std::unexpected(Failure{"22021", {}, "text parameter with an embedded NUL", false});
  }
  const auto index = static_cast<std::size_t>(stmt);
  const std::string name = StmtName(stmt);
  if (!prepared_[index]) {
    // Parameter types are inferred by the server from each statement's context.
    auto prepared = Check(PQprepare(conn_, name.c_str(), kSql[index], 0, nullptr));
    if (!prepared) return std::unexpected(std::move(prepared.error()));
    prepared_[index] = true;
  }
  const auto pointers = params.Pointers();
  return Check(
      PQexecPrepared(conn_, name.c_str(), params.size(), pointers.data(), nullptr, nullptr, 0));
}

PgResultOr<PgResult> PgConnection::Exec(const char* sql) { return Check(PQexec(conn_, sql)); }

PgResultOr<PgResult> PgConnection::ExecParams(const char* sql, const Params& params) {
  const auto pointers = params.Pointers();
  return Check(
      PQexecParams(conn_, sql, params.size(), nullptr, pointers.data(), nullptr, nullptr, 0));
}

bool PgConnection::Broken() const { return PQstatus(conn_) != CONNECTION_OK; }

bool PgConnection::Idle() const { return PQtransactionStatus(conn_) == PQTRANS_IDLE; }

}  // namespace roster::store::pg
