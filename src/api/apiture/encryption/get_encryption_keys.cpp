// GET /users/encryptionKeys?keys=secret,pii — getEncryptionKeys: the current generation of each
// named client-side encryption key (created when there is none or it expired). `keys` is
// required: a comma-separated list of names, each [a-z][a-zA-Z0-9]*. Needs only the API key.
#include "api/apiture/hal.h"
#include "api/apiture/handlers.h"
#include "services/encryption_service.h"

namespace roster::api::apiture {

namespace json = boost::json;

core::Result<Reply> GetEncryptionKeys(Call& call) {
  const auto& caller = call.Client();
  if (!caller) return std::unexpected(caller.error());
  auto list = call.Query("keys");
  if (!list || list->empty()) return core::Fail(core::ErrorCode::kInvalidQueryParameter, "keys");
  std::vector<std::string> names;
  std::string_view text = *list;
  while (true) {
    std::size_t comma = text.find(',');
    names.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  auto keys = call.services().encryption.CurrentKeys(*caller, names);
  if (!keys) return std::unexpected(keys.error());
  json::object map;
  std::string query;
  for (const core::EncryptionKey& key : *keys) {
    map[key.name] = json::object{{"name", key.name},
                                 {"publicKey", key.public_pem},
                                 {"alias", key.alias},
                                 {"createdAt", FormatTime(key.created_at)},
                                 {"expiresAt", FormatTime(key.expires_at)}};
    query += (query.empty() ? "" : ",") + key.name;
  }
  json::object body{{"_profile", ProfileUri("common", "encryptionKeys", "1.1.1")},
                    {"_links", {{"self", Link("/users/encryptionKeys?keys=" + query)}}},
                    {"keys", std::move(map)}};
  return Reply{.body = std::move(body)};
}

}  // namespace roster::api::apiture
