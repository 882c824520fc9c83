#include "services/password_reset_service.h"

#include <algorithm>
#include <cctype>

#include "core/password_policy.h"
#include "services/access.h"

namespace roster::services {

using core::ErrorCode;
using core::Fail;
using core::Result;

namespace {

constexpr std::string_view kCanCreateResetPasswordUrl = "CanCreateResetPasswordUrl";
// The reference's shape: 32 upper-case letters and digits (about 165 bits).
constexpr std::size_t kSecretLength = 32;
constexpr std::string_view kResetPath = "/user_mgt/reset_password/";

}  // namespace

Result<std::string> PasswordResetService::CreateLink(const Principal& caller,
                                                     const ResetLinkRequest& request) {
  if (!settings_.reset_password_url_enabled) return Fail(ErrorCode::kEndpointDisabled);
  std::string secret = ports_.random.Alphanumeric(kSecretLength);
  std::ranges::transform(secret, secret.begin(),
                         [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  const core::TimePoint now = ports_.clock.Now();
  core::PasswordReset reset{.digest = ports_.digest.Digest(secret),
                            .user_id = request.user_id,
                            .expires_at = now + settings_.password_reset_ttl};

  auto issued = ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<bool> {
    if (auto r = RequireAnyRole(tx, caller, {kCanCreateResetPasswordUrl}); !r) {
      return std::unexpected(r.error());
    }
    auto user = tx.FindUserByUsername(request.username);
    if (!user) return std::unexpected(user.error());
    bool matches = *user && (*user)->provider == settings_.hostname && (*user)->validated &&
                   !(*user)->IsDeleted() && (*user)->email == request.email &&
                   (*user)->id == request.user_id;
    if (!matches) return false;
    if (auto r = tx.InsertPasswordReset(reset); !r) return std::unexpected(r.error());
    return true;
  });
  if (!issued) return std::unexpected(issued.error());
  if (!*issued) return std::string();
  return settings_.hostname + std::string(kResetPath) + secret;
}

Result<void> PasswordResetService::Reset(std::string_view secret, std::string_view new_password) {
  if (!core::IsAcceptablePassword(new_password)) return Fail(ErrorCode::kInvalidPassword);
  // Hashed before the link is looked up, so that a valid and an invalid link cost the same.
  auto hash = ports_.hasher.Hash(new_password);
  if (!hash) return std::unexpected(hash.error());
  const std::string digest = ports_.digest.Digest(secret);
  const core::TimePoint now = ports_.clock.Now();

  auto done = ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<bool> {
    auto reset = tx.TakePasswordReset(digest);
    if (!reset) return std::unexpected(reset.error());
    // An expired link is taken (deleted) all the same: it can never become valid again.
    if (!*reset || (*reset)->expires_at <= now) return false;
    auto user = tx.FindUserById((*reset)->user_id);
    if (!user) return std::unexpected(user.error());
    if (!*user || (*user)->IsDeleted()) return false;
    core::User updated = std::move(**user);
    updated.password_hash = *hash;
    updated.updated_at = now;
    updated.version += 1;
    if (auto r = tx.UpdateUser(updated); !r) return std::unexpected(r.error());
    if (auto r = tx.ResetLoginAttempts(updated.provider, updated.username, now); !r) {
      return std::unexpected(r.error());
    }
    if (auto r = tx.DeleteTokensOfUser(updated.id); !r) return std::unexpected(r.error());
    return true;
  });
  if (!done) return std::unexpected(done.error());
  if (!*done) return Fail(ErrorCode::kResetLinkInvalid);
  return {};
}

}  // namespace roster::services
