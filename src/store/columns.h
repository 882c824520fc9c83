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
#define ROSTER_CONSUMER_COLUMNS "id, name, key_digest, enabled, trusted, created_at"
#define ROSTER_PROFILE_COLUMNS                                                       \
  "user_id, tax_id, customer_id, occupation, preferred_address_id, tax_address_id, " \
  "preferred_email_id, preferred_phone_id, last_logged_in_at, last_contacted_at, details_json"
#define ROSTER_CONTACT_ITEM_COLUMNS \
  "user_id, kind, id, type, state, value, replace_id, details_json, created_at"
#define ROSTER_CONSTRAINTS_COLUMNS "user_id, body_json, version, updated_at"
#define ROSTER_TRACKING_ID_COLUMNS "user_id, value, created_at"
#define ROSTER_CHALLENGE_COLUMNS                                                          \
  "id, user_id, context, reason, minimum_authenticator_count, maximum_redemption_count, " \
  "redemption_count, redemption_history, created_at, expires_at"
#define ROSTER_AUTHENTICATOR_COLUMNS                                                     \
  "challenge_id, position, id, type, state, code_digest, retry_count, maximum_retries, " \
  "started_at, verified_at, failed_at, expires_at"
#define ROSTER_CONFIGURATION_COLUMNS "group_name, values_json, version, updated_at"
#define ROSTER_ENCRYPTION_KEY_COLUMNS "alias, name, public_pem, private_pem, created_at, expires_at"
#define ROSTER_ACCESS_TOKEN_COLUMNS \
  "digest, kind, user_id, consumer_id, scope, created_at, expires_at"
