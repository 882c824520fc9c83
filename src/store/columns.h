// The column lists of the tables both stores share, in the order their row readers expect.
// One definition for SQLite and PostgreSQL, so that a column added to a table is added to both
// stores' statements at once. String-literal macros so that they concatenate into the constant
// SQL texts (values are always bound, never spliced in).
#pragma once

#define ROSTER_USER_COLUMNS                                                            \
  "id, username, provider, provider_id, email, first_name, last_name, password_hash, " \
  "validated, state, lock_type, last_lock_date, created_at, updated_at, version"
#define ROSTER_ATTRIBUTE_COLUMNS \
  "id, user_id, name, type, value, is_personal, created_at, updated_at"
#define ROSTER_AUTH_CONTEXT_COLUMNS "id, user_id, key, value, consumer_id, created_at"
#define ROSTER_AUTH_CONTEXT_UPDATE_COLUMNS                                                \
  "id, user_id, bank_id, key, value, sca_method, consumer_id, status, challenge_digest, " \
  "failed_attempts, created_at, expires_at"
#define ROSTER_ENTITLEMENT_REQUEST_COLUMNS "id, user_id, bank_id, role_name, created_at"
#define ROSTER_ACCOUNT_COLUMNS \
  "bank_id, id, owner_user_id, label, product_code, currency, balance, branch_id, created_at"
#define ROSTER_ACCESS_COLUMNS "bank_id, account_id, view_id, user_id, created_at"
#define ROSTER_CUSTOMER_COLUMNS \
  "id, bank_id, customer_number, legal_name, mobile_phone_number, email, details_json, created_at"
#define ROSTER_CUSTOMER_LINK_COLUMNS "id, user_id, customer_id, bank_id, is_active, created_at"
