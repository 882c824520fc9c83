// One libpq connection with its prepared statements, plus result and parameter helpers. Internal
// to store/postgres.
//
// Thread-safety: none. A connection is used by one thread at a time (the pool hands it out);
// libpq connections share no state.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model.h"

struct pg_conn;
struct pg_result;

namespace roster::store::pg {

// Every statement the store prepares. The SQL texts are constants (pg_connection.cpp); values
// are always parameters, never spliced in.
enum class Stmt {
  kInsertUser,
  kUpdateUser,
  kFindUserById,
  kFindUserByUsername,
  kFindUserByProvider,
  kListUsersAsc,
  kListUsersDesc,
  kListUsersByEmailAsc,
  kListUsersByEmailDesc,
  kGetLoginAttempts,
  kRecordFailedLogin,
  kResetLoginAttempts,
  kInsertConsumer,
  kFindConsumerByKeyDigest,
  kInsertToken,
  kFindTokenWithUser,
  kDeleteToken,
  kDeleteTokensOfUser,
  kInsertEntitlement,
  kFindEntitlement,
  kDeleteEntitlement,
  kListEntitlementsOfUser,
  kListEntitlementsOfBank,
  kHasEntitlement,
  kInsertBank,
  kFindBank,
  kListBanks,
  kInsertEmailValidation,
  kTakeEmailValidation,
  kInsertUserAttribute,
  kUpdateUserAttribute,
  kFindUserAttribute,
  kListUserAttributes,
  kInsertAuthContext,
  kListAuthContexts,
  kDeleteAuthContext,
  kDeleteAuthContextsOfUser,
  kInsertAuthContextUpdate,
  kFindAuthContextUpdate,
  kUpdateAuthContextUpdate,
  kInsertEntitlementRequest,
  kFindEntitlementRequest,
  kDeleteEntitlementRequest,
  kListEntitlementRequests,
  kListEntitlementRequestsOfUser,
  kInsertAccount,
  kInsertAccountRouting,
  kFindAccount,
  kListAccountRoutings,
  kGrantAccess,
  kRevokeAccess,
  kListAccessToAccount,
  kListAccessOfUser,
  kInsertCustomer,
  kFindCustomer,
  kFindCustomerByNumber,
  kListCustomers,
  kListCustomersOfBank,
  kInsertUserCustomerLink,
  kListCustomerLinksOfUser,
  kInsertPasswordReset,
  kTakePasswordReset,
  kFindUserProfile,
  kPutUserProfile,
  kFindUserByTaxId,
  kListUserProfiles,
  kInsertContactItem,
  kUpdateContactItem,
  kDeleteContactItem,
  kFindContactItem,
  kListContactItems,
  kListContactItemsOfUser,
  kFindUserConstraints,
  kPutUserConstraints,
  kListTrackingIds,
  kInsertTrackingId,
  kDeleteTrackingId,
  kInsertChallenge,
  kUpdateChallenge,
  kFindChallenge,
  kInsertAuthenticator,
  kDeleteAuthenticators,
  kListAuthenticators,
  kFindConfigurationValues,
  kPutConfigurationValues,
  kInsertEncryptionKey,
  kListEncryptionKeys,
  kFindEncryptionKeyByAlias,
  kInsertAccessToken,
  kFindAccessToken,
  kDeleteAccessToken,
  kDeleteAccessTokensOfUser,
  kFindAccessTokenWithUser,
  kPurgeTokens,
  kPurgeAccessTokens,
  kPurgeEmailValidations,
  kPurgePasswordResets,
  kPurgeChallengeAuthenticators,
  kPurgeChallenges,
  kPurgeAuthContextUpdates,
  kCount,
};

// A failed libpq call, classified.
struct Failure {
  std::string sqlstate;    // five characters; empty when the server sent none (connection lost)
  std::string constraint;  // the violated constraint, when there is one
  std::string message;     // libpq / server text: for Error::log only
  bool connection_lost = false;

  // Serialisation failure or deadlock: the whole transaction may succeed when run again.
  bool Retryable() const { return sqlstate == "40001" || sqlstate == "40P01"; }
};

// Maps a failure: lost connection, serialisation failure, lock or resource exhaustion ->
// kUnavailable; invalid text encoding -> kInvalidInput; anything else -> kInternal. The server's
// text goes to Error::log, never to detail.
core::Error ToError(const Failure& failure, std::string_view what);

template <class T>
using PgResultOr = std::expected<T, Failure>;

// Empty when `url` is a well-formed postgresql:// URI or key=value string; otherwise libpq's
// complaint.
std::string CheckConnectionString(const std::string& url);

// Owns a PGresult. Values are read in PostgreSQL's text format.
class PgResult {
 public:
  explicit PgResult(pg_result* result) : result_(result) {}
  int Rows() const;
  // Rows changed by an INSERT, UPDATE or DELETE.
  std::int64_t Affected() const;
  bool IsNull(int row, int column) const;
  std::string Text(int row, int column) const;
  std::int64_t Int(int row, int column) const;
  bool Bool(int row, int column) const;
  core::TimePoint Time(int row, int column) const;
  std::optional<core::TimePoint> OptionalTime(int row, int column) const;

 private:
  struct Clear {
    void operator()(pg_result* result) const;
  };
  std::unique_ptr<pg_result, Clear> result_;
};

// Text-format parameters, in order ($1, $2, ...).
class Params {
 public:
  Params& Text(std::string_view value);
  Params& Int(std::int64_t value);
  Params& Bool(bool value);
  Params& Time(core::TimePoint value);
  Params& OptionalTime(const std::optional<core::TimePoint>& value);
  Params& Null();

  int size() const { return static_cast<int>(values_.size()); }
  // Pointers into this object (nullptr = SQL NULL), valid while it lives unchanged.
  std::vector<const char*> Pointers() const;
  // libpq sends text parameters NUL-terminated, so a value with an embedded NUL would be cut.
  bool HasEmbeddedNul() const { return has_nul_; }

 private:
  std::vector<std::optional<std::string>> values_;
  bool has_nul_ = false;
};

class PgConnection {
 public:
  // Connects to `url` (a postgresql:// URI or a key=value string), giving up after `timeout`.
  // `generation` tags the connection for the pool (see PostgresStore).
  static PgResultOr<std::unique_ptr<PgConnection>> Connect(const std::string& url,
                                                           std::chrono::milliseconds timeout,
                                                           std::uint64_t generation);
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  ~PgConnection();

  // Runs a prepared statement, preparing it on this connection on first use.
  PgResultOr<PgResult> Run(Stmt stmt, const Params& params);
  // Runs constant SQL without parameters (one or more statements).
  PgResultOr<PgResult> Exec(const char* sql);
  // Runs constant SQL with parameters, unprepared (migrations).
  PgResultOr<PgResult> ExecParams(const char* sql, const Params& params);

  // The connection is unusable (the server closed it or a call failed at the protocol level).
  bool Broken() const;
  // Not inside a transaction block.
  bool Idle() const;
  std::uint64_t generation() const { return generation_; }

 private:
  PgConnection(pg_conn* conn, std::uint64_t generation) : conn_(conn), generation_(generation) {}
  PgResultOr<PgResult> Check(pg_result* result) const;
  Failure ConnectionFailure() const;

  pg_conn* conn_;
  std::uint64_t generation_;
  std::vector<bool> prepared_ = std::vector<bool>(static_cast<std::size_t>(Stmt::kCount), false);
};

}  // namespace roster::store::pg
