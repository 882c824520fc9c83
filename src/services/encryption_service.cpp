#include "services/encryption_service.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <optional>
#include <set>

#include "services/configuration_service.h"

namespace roster::services {

using core::ErrorCode;
using core::Fail;
using core::Result;

namespace {

constexpr int kDefaultLifetimeDays = 30;
constexpr int kAliasAttempts = 5;

bool ValidKeyName(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  if (name.front() < 'a' || name.front() > 'z') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

// The newest unexpired generation of each name. `keys` is ordered by name, newest first.
std::map<std::string, core::EncryptionKey, std::less<>> Current(
    const std::vector<core::EncryptionKey>& keys, core::TimePoint now) {
  std::map<std::string, core::EncryptionKey, std::less<>> current;
  for (const core::EncryptionKey& key : keys) {
    if (key.expires_at > now && !current.contains(key.name)) current.emplace(key.name, key);
  }
  return current;
}

Result<std::chrono::days> Lifetime(ports::Tx& tx) {
  const core::ConfigurationGroupDefinition* group = core::FindConfigurationGroup("users");
  if (group == nullptr) return std::chrono::days(kDefaultLifetimeDays);
  auto view = LoadConfigurationGroup(tx, *group);
  if (!view) return std::unexpected(view.error());
  const boost::json::value* days = view->values.if_contains("encryptionKeyLifetimeDays");
  if (days == nullptr || !days->is_int64() || days->get_int64() < 1) {
    return std::chrono::days(kDefaultLifetimeDays);
  }
  return std::chrono::days(std::min<std::int64_t>(days->get_int64(), 3650));
}

}  // namespace

Result<std::vector<core::EncryptionKey>> EncryptionService::CurrentKeys(
    const ScopedPrincipal& /*caller*/, const std::vector<std::string>& names) {
  std::vector<std::string> wanted;
  for (const std::string& name : names) {
    if (!ValidKeyName(name)) return Fail(ErrorCode::kInvalidQueryParameter, "keys");
    if (std::find(wanted.begin(), wanted.end(), name) == wanted.end()) wanted.push_back(name);
  }
  if (wanted.empty() || wanted.size() > kMaxKeyNamesPerRequest) {
    return Fail(ErrorCode::kInvalidQueryParameter, "keys");
  }
  const core::TimePoint now = ports_.clock.Now();
  auto listed = ports::ReadTx(ports_.store, [&](ports::Tx& tx) { return tx.ListEncryptionKeys(); });
  if (!listed) return std::unexpected(listed.error());
  auto current = Current(*listed, now);

  // Key generation is slow (tens of milliseconds): never inside the write transaction.
  std::map<std::string, ports::KeyCipher::KeyPair, std::less<>> generated;
  for (const std::string& name : wanted) {
    if (current.contains(name)) continue;
    auto pair = cipher_.Generate();
    if (!pair) return std::unexpected(pair.error());
    generated.emplace(name, std::move(*pair));
  }
  if (!generated.empty()) {
    // The callback may run more than once (a retried transaction): it recomputes everything.
    auto stored = ports::WriteTx(
        ports_.store,
        [&](ports::Tx& tx) -> Result<std::map<std::string, core::EncryptionKey, std::less<>>> {
          auto keys = tx.ListEncryptionKeys();
          if (!keys) return std::unexpected(keys.error());
          auto fresh = Current(*keys, now);
          std::set<std::string, std::less<>> known_names;
          for (const core::EncryptionKey& key : *keys) known_names.insert(key.name);
          auto lifetime = Lifetime(tx);
          if (!lifetime) return std::unexpected(lifetime.error());
          for (const auto& [name, pair] : generated) {
            if (fresh.contains(name)) continue;  // another request was first
            if (!known_names.contains(name) && known_names.size() >= kMaxKeyNames) {
              return Fail(ErrorCode::kInvalidQueryParameter, "keys", "too many key names");
            }
            core::EncryptionKey key{.name = name,
                                    .public_pem = pair.public_pem,
                                    .private_pem = pair.private_pem,
                                    .created_at = now,
                                    .expires_at = now + *lifetime};
            for (int attempt = 0; attempt < kAliasAttempts && key.alias.empty(); ++attempt) {
              std::string alias = name + "-" + ports_.random.Digits(8);
              auto taken = tx.FindEncryptionKeyByAlias(alias);
              if (!taken) return std::unexpected(taken.error());
              if (!*taken) key.alias = std::move(alias);
            }
            if (key.alias.empty()) return Fail(ErrorCode::kInternal, {}, "no free key alias");
            if (auto r = tx.InsertEncryptionKey(key); !r) return std::unexpected(r.error());
            known_names.insert(name);
            fresh.emplace(name, std::move(key));
          }
          return fresh;
        });
    if (!stored) return std::unexpected(stored.error());
    current = std::move(*stored);
  }
  std::vector<core::EncryptionKey> out;
  out.reserve(wanted.size());
  for (const std::string& name : wanted) out.push_back(current.at(name));
  return out;
}

core::Result<std::string> EncryptionService::Decrypt(std::string_view alias,
                                                     std::string_view ciphertext) {
  auto key = ports::ReadTx(ports_.store,
                           [&](ports::Tx& tx) { return tx.FindEncryptionKeyByAlias(alias); });
  if (!key) return std::unexpected(key.error());
  if (!*key) return core::Fail(core::ErrorCode::kEncryptionKeyNotFound, std::string(alias));
  return cipher_.Decrypt((*key)->private_pem, ciphertext);
}

}  // namespace roster::services
