#include "api/obp/auth_contexts/auth_contexts_json.h"

#include "api/obp/json.h"

namespace roster::api::obp {

bool ShowsConsumerId(std::string_view implemented_in) { return implemented_in == "v5.0.0"; }

json::object UserAuthContextJson(const core::UserAuthContext& context, bool with_consumer_id) {
  json::object out{{"user_auth_context_id", context.id},
                   {"user_id", context.user_id},
                   {"key", context.key},
                   {"value", context.value},
                   {"time_stamp", FormatDate(context.created_at)}};
  if (with_consumer_id) out["consumer_id"] = context.consumer_id;
  return out;
}

json::object UserAuthContextsJson(const std::vector<core::UserAuthContext>& contexts,
                                  bool with_consumer_id) {
  json::array list;
  list.reserve(contexts.size());
  for (const auto& context : contexts) {
    list.push_back(UserAuthContextJson(context, with_consumer_id));
  }
  return {{"user_auth_contexts", std::move(list)}};
}

json::object AuthContextUpdateJson(const core::AuthContextUpdate& update, bool with_consumer_id) {
  json::object out{{"user_auth_context_update_id", update.id},
                   {"user_id", update.user_id},
                   {"key", update.key},
                   {"value", update.value},
                   {"status", update.status}};
  if (with_consumer_id) out["consumer_id"] = update.consumer_id;
  return out;
}

}  // namespace roster::api::obp
