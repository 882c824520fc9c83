#include "services/auth_service.h"

namespace roster::services {

using core::ErrorCode;
using core::Fail;
using core::Result;

namespace {
constexpr std::size_t kTokenBytes = 32;
// Like the reference: 40 random lower-case letters and digits (about 206 bits).
constexpr std::size_t kConsumerKeyLength = 40;
}  // namespace

Result<std::string> AuthService::CreateConsumer(std::string_view name, bool trusted) {
  if (name.empty() || name.size() > 200) return Fail(ErrorCode::kInvalidInput, "name");
  std::string key = ports_.random.Alphanumeric(kConsumerKeyLength);
  core::Consumer consumer{.id = ports_.random.Uuid(),
                          .name = std::string(name),
                          .key_digest = ports_.digest.Digest(key),
                          .enabled = true,
                          .trusted = trusted,
                          .created_at = ports_.clock.Now()};
  auto done =
      ports::WriteTx(ports_.store, [&](ports::Tx& tx) { return tx.InsertConsumer(consumer); });
  if (!done) return std::unexpected(done.error());
  return key;
}

Result<core::Consumer> AuthService::CheckConsumer(std::string_view consumer_key) {
  std::string digest = ports_.digest.Digest(consumer_key);
  auto found = ports::ReadTx(ports_.store,
                             [&](ports::Tx& tx) { return tx.FindConsumerByKeyDigest(digest); });
  if (!found) return std::unexpected(found.error());
  // The lookup is by digest, so the secret itself is never compared; the digests are compared
  // in constant time once more as a defence against a store that matches loosely.
  if (!*found || !(*found)->enabled || !ports_.digest.Equal((*found)->key_digest, digest)) {
    return Fail(ErrorCode::kInvalidConsumer);
  }
  return std::move(**found);
}

Result<std::string> AuthService::LoginWithPassword(std::string_view username,
                                                   std::string_view password,
                                                   std::string_view consumer_key) {
  auto consumer = CheckConsumer(consumer_key);
  if (!consumer) return std::unexpected(consumer.error());
  std::string token = ports_.random.Token(kTokenBytes);
  auto user =
      CheckPassword(username, password, [&](ports::Tx& tx, const core::User& user) -> Result<void> {
        const core::TimePoint now = ports_.clock.Now();
        return tx.InsertToken(core::Token{.digest = ports_.digest.Digest(token),
                                          .user_id = user.id,
                                          .consumer_id = consumer->id,
                                          .created_at = now,
                                          .expires_at = now + settings_.token_ttl});
      });
  if (!user) return std::unexpected(user.error());
  return token;
}

Result<core::User> AuthService::CheckPassword(std::string_view username, std::string_view password,
                                              const IssueFn& issue) {
  auto user =
      ports::ReadTx(ports_.store, [&](ports::Tx& tx) { return tx.FindUserByUsername(username); });
  if (!user) return std::unexpected(user.error());

  const std::string& provider = settings_.hostname;
  bool local = *user && (*user)->provider == provider && !(*user)->IsDeleted();
  bool password_ok = false;
  if (local && !(*user)->password_hash.empty()) {
    password_ok = ports_.hasher.Verify((*user)->password_hash, password);
  } else {
    ports_.hasher.VerifyDummy(password);
  }

  const core::TimePoint now = ports_.clock.Now();
  // Counts a failure and locks the user when it goes over the limit.
  auto record_failure = [&]() -> Result<void> {
    return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<void> {
      auto count = tx.RecordFailedLogin(provider, username, now);
      if (!count) return std::unexpected(count.error());
      if (!local || *count <= settings_.max_bad_login_attempts) return {};
      auto fresh = tx.FindUserById((*user)->id);
      if (!fresh) return std::unexpected(fresh.error());
      if (!*fresh || (*fresh)->state != core::UserState::kActive) return {};
      core::User locked = **fresh;
      locked.state = core::UserState::kLocked;
      locked.updated_at = now;
      locked.version += 1;
      return tx.UpdateUser(locked);
    });
  };

  if (!local) {
    if (auto r = record_failure(); !r) return std::unexpected(r.error());
    return Fail(ErrorCode::kInvalidCredentials);
  }
  if ((*user)->state != core::UserState::kActive) {
    if (auto r = record_failure(); !r) return std::unexpected(r.error());
    return Fail(ErrorCode::kUserLocked);
  }
  if (!password_ok) {
    if (auto r = record_failure(); !r) return std::unexpected(r.error());
    return Fail(ErrorCode::kInvalidCredentials);
  }
  if (!(*user)->validated) return Fail(ErrorCode::kInvalidCredentials, {}, "e-mail not validated");

  core::User found = **user;
  auto stored = ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<void> {
    // The lock may have been set by another node since we read the user.
    auto fresh = tx.FindUserById(found.id);
    if (!fresh) return std::unexpected(fresh.error());
    if (!*fresh || (*fresh)->state != core::UserState::kActive) {
      return Fail(ErrorCode::kUserLocked);
    }
    if (auto r = tx.ResetLoginAttempts(provider, username, now); !r) return r;
    found = **fresh;
    return issue(tx, found);
  });
  if (!stored) return std::unexpected(stored.error());
  return found;
}

Result<Principal> AuthService::Authenticate(std::string_view token) {
  std::string digest = ports_.digest.Digest(token);
  const core::TimePoint now = ports_.clock.Now();
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<Principal> {
    // Tokens reference their user (a foreign key), so a token always comes with one.
    auto record = tx.FindTokenWithUser(digest);
    if (!record) return std::unexpected(record.error());
    if (!*record || !ports_.digest.Equal((*record)->token.digest, digest) ||
        (*record)->token.expires_at <= now) {
      return Fail(ErrorCode::kInvalidToken, std::string(token));
    }
    core::User& user = (*record)->user;
    if (user.IsDeleted()) return Fail(ErrorCode::kUserDeleted);
    if (user.state != core::UserState::kActive) return Fail(ErrorCode::kUserLocked);
    return Principal{.user = std::move(user),
                     .consumer_id = std::move((*record)->token.consumer_id)};
  });
}

Result<void> AuthService::RevokeToken(std::string_view token) {
  std::string digest = ports_.digest.Digest(token);
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) { return tx.DeleteToken(digest); });
}

}  // namespace roster::services
