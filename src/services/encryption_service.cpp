#include "services/encryption_service.h"

namespace roster::services {

core::Result<std::string> EncryptionService::Decrypt(std::string_view alias,
                                                     std::string_view ciphertext) {
  auto key = ports::ReadTx(ports_.store,
                           [&](ports::Tx& tx) { return tx.FindEncryptionKeyByAlias(alias); });
  if (!key) return std::unexpected(key.error());
  if (!*key) return core::Fail(core::ErrorCode::kEncryptionKeyNotFound, std::string(alias));
  return cipher_.Decrypt((*key)->private_pem, ciphertext);
}

}  // namespace roster::services
