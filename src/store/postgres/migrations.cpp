#include "store/postgres/migrations.h"

#include <array>
#include <string>

#include "store/postgres/pg_connection.h"

namespace roster::store::pg {
namespace {

// The schema of the SQLite store, in PostgreSQL types: times are BIGINT unix seconds, user states
// are core::ToString(UserState). Keys that lists are ordered by use the "C" collation, so that
// the order is bytewise (as in SQLite) whatever the database locale. Constraint names are part of
// the store: PgTx maps unique and foreign-key violations to port errors by these names.
constexpr std::string_view kMigration1 = R"sql(
CREATE TABLE users (
  id TEXT COLLATE "C" NOT NULL CONSTRAINT users_pkey PRIMARY KEY,
  username TEXT NOT NULL CONSTRAINT users_username_key UNIQUE,
  provider TEXT NOT NULL,
  provider_id TEXT NOT NULL,
  email TEXT NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  validated BOOLEAN NOT NULL,
  state TEXT NOT NULL,
  lock_type TEXT NOT NULL,
  last_lock_date BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL,
  CONSTRAINT users_provider_key UNIQUE (provider, provider_id)
);
CREATE INDEX users_email ON users (email);
CREATE INDEX users_created ON users (created_at, id);

CREATE TABLE login_attempts (
  provider TEXT NOT NULL,
  username TEXT NOT NULL,
  bad_attempts INTEGER NOT NULL,
  last_failure_date BIGINT,
  CONSTRAINT login_attempts_pkey PRIMARY KEY (provider, username)
);

CREATE TABLE consumers (
  id TEXT NOT NULL CONSTRAINT consumers_pkey PRIMARY KEY,
  name TEXT NOT NULL,
  key_digest TEXT NOT NULL CONSTRAINT consumers_key_digest_key UNIQUE,
  enabled BOOLEAN NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE tokens (
  digest TEXT NOT NULL CONSTRAINT tokens_pkey PRIMARY KEY,
  user_id TEXT COLLATE "C" NOT NULL CONSTRAINT tokens_user_id_fkey REFERENCES users (id),
  consumer_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE entitlements (
  id TEXT NOT NULL CONSTRAINT entitlements_pkey PRIMARY KEY,
  user_id TEXT COLLATE "C" NOT NULL CONSTRAINT entitlements_user_id_fkey REFERENCES users (id),
  bank_id TEXT COLLATE "C" NOT NULL,
  role_name TEXT COLLATE "C" NOT NULL,
  created_by_process TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT entitlements_user_bank_role_key UNIQUE (user_id, bank_id, role_name)
);
CREATE INDEX entitlements_bank ON entitlements (bank_id);

CREATE TABLE banks (
  id TEXT COLLATE "C" NOT NULL CONSTRAINT banks_pkey PRIMARY KEY,
  short_name TEXT NOT NULL,
  full_name TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE email_validations (
  digest TEXT NOT NULL CONSTRAINT email_validations_pkey PRIMARY KEY,
  user_id TEXT COLLATE "C" NOT NULL
    CONSTRAINT email_validations_user_id_fkey REFERENCES users (id),
  expires_at BIGINT NOT NULL
);
)sql";

// The OBP records of issue 3, as in the SQLite store's migration 2. Lists "by creation" are
// ordered by created_at, then by seq (insertion order, SQLite's rowid), so that records created
// within one second keep the order they were made in. account_routings.position keeps the order in
// which an account's routings were given.
constexpr std::string_view kMigration2 = R"sql(
CREATE TABLE user_attributes (
  id TEXT NOT NULL CONSTRAINT user_attributes_pkey PRIMARY KEY,
  user_id TEXT COLLATE "C" NOT NULL
    CONSTRAINT user_attributes_user_id_fkey REFERENCES users (id),
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  value TEXT NOT NULL,
  is_personal BOOLEAN NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  seq BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX user_attributes_user ON user_attributes (user_id);

CREATE TABLE user_auth_contexts (
  id TEXT NOT NULL CONSTRAINT user_auth_contexts_pkey PRIMARY KEY,
  user_id TEXT COLLATE "C" NOT NULL
    CONSTRAINT user_auth_contexts_user_id_fkey REFERENCES users (id),
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  consumer_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  seq BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX user_auth_contexts_user ON user_auth_contexts (user_id);

CREATE TABLE auth_context_updates (
  id TEXT NOT NULL CONSTRAINT auth_context_updates_pkey PRIMARY KEY,
  user_id TEXT COLLATE "C" NOT NULL
    CONSTRAINT auth_context_updates_user_id_fkey REFERENCES users (id),
  bank_id TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  sca_method TEXT NOT NULL,
  consumer_id TEXT NOT NULL,
  status TEXT NOT NULL,
  challenge_digest TEXT NOT NULL,
  failed_attempts INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);

CREATE TABLE entitlement_requests (
  id TEXT NOT NULL CONSTRAINT entitlement_requests_pkey PRIMARY KEY,
  user_id TEXT COLLATE "C" NOT NULL
    CONSTRAINT entitlement_requests_user_id_fkey REFERENCES users (id),
  bank_id TEXT COLLATE "C" NOT NULL,
  role_name TEXT COLLATE "C" NOT NULL,
  created_at BIGINT NOT NULL,
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  CONSTRAINT entitlement_requests_user_bank_role_key UNIQUE (user_id, bank_id, role_name)
);
CREATE INDEX entitlement_requests_created ON entitlement_requests (created_at, seq);

CREATE TABLE accounts (
  bank_id TEXT COLLATE "C" NOT NULL,
  id TEXT COLLATE "C" NOT NULL,
  owner_user_id TEXT NOT NULL,
  label TEXT NOT NULL,
  product_code TEXT NOT NULL,
  currency TEXT NOT NULL,
  balance TEXT NOT NULL,
  branch_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT accounts_pkey PRIMARY KEY (bank_id, id)
);

CREATE TABLE account_routings (
  scheme TEXT NOT NULL,
  address TEXT NOT NULL,
  bank_id TEXT COLLATE "C" NOT NULL,
  account_id TEXT COLLATE "C" NOT NULL,
  position INTEGER NOT NULL,
  CONSTRAINT account_routings_pkey PRIMARY KEY (scheme, address),
  CONSTRAINT account_routings_account_fkey FOREIGN KEY (bank_id, account_id)
    REFERENCES accounts (bank_id, id)
);
CREATE INDEX account_routings_account ON account_routings (bank_id, account_id);

CREATE TABLE account_access (
  bank_id TEXT COLLATE "C" NOT NULL,
  account_id TEXT COLLATE "C" NOT NULL,
  view_id TEXT COLLATE "C" NOT NULL,
  user_id TEXT COLLATE "C" NOT NULL CONSTRAINT account_access_user_id_fkey REFERENCES users (id),
  created_at BIGINT NOT NULL,
  CONSTRAINT account_access_pkey PRIMARY KEY (bank_id, account_id, view_id, user_id)
);
CREATE INDEX account_access_user ON account_access (user_id);

CREATE TABLE customers (
  id TEXT COLLATE "C" NOT NULL CONSTRAINT customers_pkey PRIMARY KEY,
  bank_id TEXT COLLATE "C" NOT NULL,
  customer_number TEXT NOT NULL,
  legal_name TEXT NOT NULL,
  mobile_phone_number TEXT NOT NULL,
  email TEXT NOT NULL,
  details_json TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  CONSTRAINT customers_bank_number_key UNIQUE (bank_id, customer_number)
);
CREATE INDEX customers_created ON customers (bank_id, created_at, seq);

CREATE TABLE user_customer_links (
  id TEXT NOT NULL CONSTRAINT user_customer_links_pkey PRIMARY KEY,
  user_id TEXT COLLATE "C" NOT NULL
    CONSTRAINT user_customer_links_user_id_fkey REFERENCES users (id),
  customer_id TEXT COLLATE "C" NOT NULL
    CONSTRAINT user_customer_links_customer_id_fkey REFERENCES customers (id),
  bank_id TEXT NOT NULL,
  is_active BOOLEAN NOT NULL,
  created_at BIGINT NOT NULL,
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  CONSTRAINT user_customer_links_user_customer_key UNIQUE (user_id, customer_id)
);
CREATE INDEX user_customer_links_customer ON user_customer_links (customer_id);

CREATE TABLE password_resets (
  digest TEXT NOT NULL CONSTRAINT password_resets_pkey PRIMARY KEY,
  user_id TEXT COLLATE "C" NOT NULL
    CONSTRAINT password_resets_user_id_fkey REFERENCES users (id),
  expires_at BIGINT NOT NULL
);
)sql";

// The Apiture records, as in the SQLite store's migration 3. contact_items and tracking_ids are
// listed by created_at, then seq (insertion order); challenge_authenticators.position keeps the
// order of a challenge's authenticators and challenges.redemption_history holds the redemption
// times as unix seconds separated by commas, oldest first. access_tokens.user_id is '' for a
// trusted service, hence no foreign key.
constexpr std::string_view kMigration3 = R"sql(
ALTER TABLE consumers ADD COLUMN trusted BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE user_profiles (
  user_id TEXT COLLATE "C" NOT NULL CONSTRAINT user_profiles_pkey PRIMARY KEY
    CONSTRAINT user_profiles_user_id_fkey REFERENCES users (id),
  tax_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  occupation TEXT NOT NULL,
  preferred_address_id TEXT NOT NULL,
  tax_address_id TEXT NOT NULL,
  preferred_email_id TEXT NOT NULL,
  preferred_phone_id TEXT NOT NULL,
  last_logged_in_at BIGINT,
  last_contacted_at BIGINT,
  details_json TEXT NOT NULL
);
CREATE INDEX user_profiles_tax_id ON user_profiles (tax_id) WHERE tax_id <> '';

CREATE TABLE contact_items (
  user_id TEXT COLLATE "C" NOT NULL CONSTRAINT contact_items_user_id_fkey REFERENCES users (id),
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  state TEXT NOT NULL,
  value TEXT NOT NULL,
  replace_id TEXT NOT NULL,
  details_json TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  CONSTRAINT contact_items_pkey PRIMARY KEY (user_id, kind, id)
);
CREATE INDEX contact_items_created ON contact_items (created_at, seq);

CREATE TABLE user_constraints (
  user_id TEXT COLLATE "C" NOT NULL CONSTRAINT user_constraints_pkey PRIMARY KEY
    CONSTRAINT user_constraints_user_id_fkey REFERENCES users (id),
  body_json TEXT NOT NULL,
  version BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE tracking_ids (
  user_id TEXT COLLATE "C" NOT NULL CONSTRAINT tracking_ids_user_id_fkey REFERENCES users (id),
  value TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  CONSTRAINT tracking_ids_pkey PRIMARY KEY (user_id, value)
);

CREATE TABLE challenges (
  id TEXT NOT NULL CONSTRAINT challenges_pkey PRIMARY KEY,
  user_id TEXT COLLATE "C" NOT NULL CONSTRAINT challenges_user_id_fkey REFERENCES users (id),
  context TEXT NOT NULL,
  reason TEXT NOT NULL,
  minimum_authenticator_count INTEGER NOT NULL,
  maximum_redemption_count INTEGER NOT NULL,
  redemption_count INTEGER NOT NULL,
  redemption_history TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX challenges_user ON challenges (user_id);

CREATE TABLE challenge_authenticators (
  challenge_id TEXT NOT NULL
    CONSTRAINT challenge_authenticators_challenge_id_fkey REFERENCES challenges (id),
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  state TEXT NOT NULL,
  code_digest TEXT NOT NULL,
  retry_count INTEGER NOT NULL,
  maximum_retries INTEGER NOT NULL,
  started_at BIGINT,
  verified_at BIGINT,
  failed_at BIGINT,
  expires_at BIGINT NOT NULL,
  CONSTRAINT challenge_authenticators_pkey PRIMARY KEY (challenge_id, position)
);

CREATE TABLE configuration_values (
  group_name TEXT NOT NULL CONSTRAINT configuration_values_pkey PRIMARY KEY,
  values_json TEXT NOT NULL,
  version BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE encryption_keys (
  alias TEXT COLLATE "C" NOT NULL CONSTRAINT encryption_keys_pkey PRIMARY KEY,
  name TEXT COLLATE "C" NOT NULL,
  public_pem TEXT NOT NULL,
  private_pem TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX encryption_keys_name ON encryption_keys (name, created_at);

CREATE TABLE access_tokens (
  digest TEXT NOT NULL CONSTRAINT access_tokens_pkey PRIMARY KEY,
  kind TEXT NOT NULL,
  user_id TEXT COLLATE "C" NOT NULL,
  consumer_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX access_tokens_user ON access_tokens (user_id);
)sql";

// Indexes in the order of the ORDER BY of a user's entitlements and account views, so that
// reading a user (every authenticated request) sorts nothing.
constexpr std::string_view kMigration4 = R"sql(
CREATE INDEX entitlements_user_role ON entitlements (user_id, role_name, bank_id);
DROP INDEX account_access_user;
CREATE INDEX account_access_user ON account_access (user_id, bank_id, account_id, view_id);
)sql";

// Expired records are purged in batches (PurgeExpired), which finds them by expiry.
constexpr std::string_view kMigration5 = R"sql(
CREATE INDEX tokens_expires ON tokens (expires_at);
CREATE INDEX access_tokens_expires ON access_tokens (expires_at);
CREATE INDEX email_validations_expires ON email_validations (expires_at);
CREATE INDEX password_resets_expires ON password_resets (expires_at);
CREATE INDEX challenges_expires ON challenges (expires_at);
CREATE INDEX auth_context_updates_expires ON auth_context_updates (expires_at);
)sql";

constexpr std::array<PgMigration, 5> kMigrations = {{
    {1, kMigration1},
    {2, kMigration2},
    {3, kMigration3},
    {4, kMigration4},
    {5, kMigration5},
}};

// Serialises migrators of one database across processes; released at COMMIT or ROLLBACK. The
// key is "Roster" in ASCII.
constexpr const char* kLock = "SELECT pg_advisory_xact_lock(90638631855474)";

constexpr const char* kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())";

core::Result<void> Run(PgConnection& connection, const char* sql, std::string_view what) {
  auto done = connection.Exec(sql);
  if (!done) return std::unexpected(ToError(done.error(), what));
  return {};
}

core::Result<void> ApplyAll(PgConnection& connection) {
  if (auto locked = Run(connection, kLock, "migrate: lock"); !locked) return locked;
  if (auto created = Run(connection, kCreateMigrationsTable, "migrate: create table"); !created) {
    return created;
  }
  for (const PgMigration& migration : kMigrations) {
    // Read after taking the lock: READ COMMITTED sees what an earlier migrator committed.
    auto applied = connection.ExecParams("SELECT 1 FROM schema_migrations WHERE version = $1",
                                         Params().Int(migration.version));
    if (!applied) return std::unexpected(ToError(applied.error(), "migrate: read version"));
    if (applied->Rows() > 0) continue;
    const std::string sql(migration.sql);
    const std::string what = "migration " + std::to_string(migration.version);
    if (auto done = Run(connection, sql.c_str(), what); !done) return done;
    auto recorded = connection.ExecParams("INSERT INTO schema_migrations (version) VALUES ($1)",
                                          Params().Int(migration.version));
    if (!recorded) return std::unexpected(ToError(recorded.error(), "migrate: record version"));
  }
  return {};
}

}  // namespace

std::span<const PgMigration> PostgresMigrations() { return kMigrations; }

core::Result<void> ApplyPostgresMigrations(PgConnection& connection) {
  if (auto begun = Run(connection, "BEGIN ISOLATION LEVEL READ COMMITTED", "migrate: begin");
      !begun) {
    return begun;
  }
  auto done = ApplyAll(connection);
  if (done) {
    done = Run(connection, "COMMIT", "migrate: commit");
    if (done) return done;
  }
  if (!connection.Broken() && !connection.Idle()) (void)connection.Exec("ROLLBACK");
  return done;
}

core::Result<int> PostgresSchemaVersion(PgConnection& connection) {
  // to_regclass is NULL when the table does not exist (a database never migrated).
  auto exists = connection.Exec("SELECT to_regclass('schema_migrations') IS NOT NULL");
  if (!exists) return std::unexpected(ToError(exists.error(), "schema version"));
  if (!exists->Bool(0, 0)) return 0;
  auto result = connection.Exec("SELECT coalesce(max(version), 0) FROM schema_migrations");
  if (!result) return std::unexpected(ToError(result.error(), "schema version"));
  return static_cast<int>(result->Int(0, 0));
}

}  // namespace roster::store::pg
