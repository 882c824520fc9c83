#include "services/oauth_service.h"

namespace roster::services {

using core::ErrorCode;
using core::Fail;
using core::Result;
using core::ScopeSet;

namespace {

constexpr std::size_t kTokenBytes = 32;

// The requested scopes that `allowed` grants. An empty request means everything allowed.
Result<ScopeSet> Narrow(std::string_view requested, const ScopeSet& allowed) {
  ScopeSet asked = ScopeSet::Parse(requested);
  if (asked.empty()) return allowed;
  ScopeSet granted;
  for (const std::string& scope : asked.scopes()) {
    if (!core::IsKnownScope(scope)) return Fail(ErrorCode::kInvalidScope, scope);
    if (allowed.Has(scope)) granted.Add(scope);
  }
  if (granted.empty()) return Fail(ErrorCode::kInvalidScope, std::string(requested));
  return granted;
}

ScopeSet AllScopes() {
  ScopeSet all;
  for (std::string_view scope : {core::kProfilesRead, core::kProfilesWrite, core::kProfilesDelete,
                                 core::kProfilesReadPii, core::kProfilesFull, core::kAdminRead,
                                 core::kAdminWrite, core::kAdminDelete, core::kAdminFull}) {
    all.Add(scope);
  }
  return all;
}

}  // namespace

Result<ScopeSet> OAuthService::AllowedScopes(ports::Tx& tx, const core::User& user) {
  ScopeSet allowed;
  for (std::string_view scope : {core::kProfilesRead, core::kProfilesWrite, core::kProfilesDelete,
                                 core::kProfilesReadPii, core::kProfilesFull}) {
    allowed.Add(scope);
  }
  int admin = 0;
  const std::pair<std::string_view, std::string_view> admin_roles[] = {
      {core::kAdminRead, "CanGetAnyUser"},
      {core::kAdminWrite, "CanLockUser"},
      {core::kAdminDelete, "CanDeleteUser"}};
  for (const auto& [scope, role] : admin_roles) {
    auto has = tx.HasEntitlement(user.id, "", role);
    if (!has) return std::unexpected(has.error());
    if (*has) {
      allowed.Add(scope);
      ++admin;
    }
  }
  if (admin == 3) allowed.Add(core::kAdminFull);
  return allowed;
}

Result<TokenGrant> OAuthService::Issue(ports::Tx& tx, const core::Consumer& consumer,
                                       const std::string& user_id, const ScopeSet& scopes,
                                       bool with_refresh) {
  const core::TimePoint now = ports_.clock.Now();
  TokenGrant grant{.access_token = ports_.random.Token(kTokenBytes),
                   .expires_in = settings_.access_token_ttl,
                   .scope = scopes.ToString()};
  core::AccessToken access{.digest = ports_.digest.Digest(grant.access_token),
                           .kind = "access",
                           .user_id = user_id,
                           .consumer_id = consumer.id,
                           .scope = grant.scope,
                           .created_at = now,
                           .expires_at = now + settings_.access_token_ttl};
  if (auto r = tx.InsertAccessToken(access); !r) return std::unexpected(r.error());
  if (with_refresh) {
    grant.refresh_token = ports_.random.Token(kTokenBytes);
    core::AccessToken refresh = access;
    refresh.digest = ports_.digest.Digest(grant.refresh_token);
    refresh.kind = "refresh";
    refresh.expires_at = now + settings_.token_ttl;
    if (auto r = tx.InsertAccessToken(refresh); !r) return std::unexpected(r.error());
  }
  return grant;
}

Result<TokenGrant> OAuthService::PasswordGrant(std::string_view api_key, std::string_view username,
                                               std::string_view password, std::string_view scope) {
  auto consumer = auth_.CheckConsumer(api_key);
  if (!consumer) return std::unexpected(consumer.error());
  // Reject unknown scope names before spending a password check.
  const ScopeSet requested = ScopeSet::Parse(scope);
  for (const std::string& asked : requested.scopes()) {
    if (!core::IsKnownScope(asked)) return Fail(ErrorCode::kInvalidScope, asked);
  }
  TokenGrant grant;
  auto user = auth_.CheckPassword(username, password,
                                  [&](ports::Tx& tx, const core::User& user) -> Result<void> {
                                    auto allowed = AllowedScopes(tx, user);
                                    if (!allowed) return std::unexpected(allowed.error());
                                    auto scopes = Narrow(scope, *allowed);
                                    if (!scopes) return std::unexpected(scopes.error());
                                    auto issued = Issue(tx, *consumer, user.id, *scopes, true);
                                    if (!issued) return std::unexpected(issued.error());
                                    grant = std::move(*issued);
                                    return {};
                                  });
  if (!user) {
    if (user.error().code == ErrorCode::kInvalidCredentials) {
      return Fail(ErrorCode::kInvalidGrant, {}, user.error().log);
    }
    return std::unexpected(user.error());
  }
  return grant;
}

Result<TokenGrant> OAuthService::RefreshGrant(std::string_view api_key,
                                              std::string_view refresh_token,
                                              std::string_view scope) {
  auto consumer = auth_.CheckConsumer(api_key);
  if (!consumer) return std::unexpected(consumer.error());
  const std::string digest = ports_.digest.Digest(refresh_token);
  const core::TimePoint now = ports_.clock.Now();
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<TokenGrant> {
    auto record = tx.FindAccessToken(digest);
    if (!record) return std::unexpected(record.error());
    if (!*record || (*record)->kind != "refresh" || (*record)->expires_at <= now ||
        (*record)->consumer_id != consumer->id || !ports_.digest.Equal((*record)->digest, digest)) {
      return Fail(ErrorCode::kInvalidGrant);
    }
    const core::AccessToken old = **record;
    auto user = tx.FindUserById(old.user_id);
    if (!user) return std::unexpected(user.error());
    if (!*user || (*user)->state != core::UserState::kActive) {
      return Fail(ErrorCode::kInvalidGrant, {}, "user no longer active");
    }
    // Roles may have been revoked since: the new grant never exceeds what is allowed now.
    auto allowed = AllowedScopes(tx, **user);
    if (!allowed) return std::unexpected(allowed.error());
    ScopeSet original = ScopeSet::Parse(old.scope);
    ScopeSet still;
    for (const std::string& s : original.scopes()) {
      if (allowed->Has(s)) still.Add(s);
    }
    auto scopes = Narrow(scope, still);
    if (!scopes) return std::unexpected(scopes.error());
    if (auto r = tx.DeleteAccessToken(old.digest); !r) return std::unexpected(r.error());
    return Issue(tx, *consumer, old.user_id, *scopes, true);
  });
}

Result<TokenGrant> OAuthService::ClientCredentialsGrant(std::string_view api_key,
                                                        std::string_view scope) {
  auto consumer = auth_.CheckConsumer(api_key);
  if (!consumer) return std::unexpected(consumer.error());
  if (!consumer->trusted) return Fail(ErrorCode::kUnauthorizedClient);
  auto scopes = Narrow(scope, AllScopes());
  if (!scopes) return std::unexpected(scopes.error());
  return ports::WriteTx(ports_.store,
                        [&](ports::Tx& tx) { return Issue(tx, *consumer, "", *scopes, false); });
}

Result<ScopedPrincipal> OAuthService::Authenticate(std::string_view api_key,
                                                   std::string_view bearer) {
  if (api_key.empty()) return Fail(ErrorCode::kNotAuthenticated);
  const std::string key_digest = ports_.digest.Digest(api_key);
  const std::string token_digest = bearer.empty() ? "" : ports_.digest.Digest(bearer);
  const core::TimePoint now = ports_.clock.Now();
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<ScopedPrincipal> {
    auto consumer = tx.FindConsumerByKeyDigest(key_digest);
    if (!consumer) return std::unexpected(consumer.error());
    if (!*consumer || !(*consumer)->enabled ||
        !ports_.digest.Equal((*consumer)->key_digest, key_digest)) {
      return Fail(ErrorCode::kInvalidConsumer);
    }
    ScopedPrincipal principal{.consumer = std::move(**consumer)};
    if (bearer.empty()) return principal;
    auto record = tx.FindAccessTokenWithUser(token_digest);
    if (!record) return std::unexpected(record.error());
    if (!*record) return Fail(ErrorCode::kInvalidToken);
    const core::AccessToken& token = (*record)->token;
    if (token.kind != "access" || token.expires_at <= now ||
        token.consumer_id != principal.consumer.id ||
        !ports_.digest.Equal(token.digest, token_digest)) {
      return Fail(ErrorCode::kInvalidToken);
    }
    principal.scopes = ScopeSet::Parse(token.scope);
    if (token.user_id.empty()) return principal;
    std::optional<core::User>& user = (*record)->user;
    if (!user || user->state != core::UserState::kActive) return Fail(ErrorCode::kUserLocked);
    principal.user = std::move(*user);
    return principal;
  });
}

}  // namespace roster::services
