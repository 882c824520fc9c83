// searchUsers — POST /users/userSearch (userTextSearch: {"text": [...]}, usually encrypted with
// a sensitive key; Call::Body decrypts). Administrators and trusted services only.
#include "api/apiture/handlers.h"
#include "api/apiture/users/user_json.h"
#include "services/profile_service.h"

namespace roster::api::apiture {

namespace {

constexpr std::size_t kMaxTexts = 100;
constexpr std::size_t kMaxTextLength = 256;

}  // namespace

core::Result<Reply> SearchUsers(Call& call) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  const boost::json::value* text = body->if_contains("text");
  if (text == nullptr || !text->is_array() || text->as_array().size() > kMaxTexts) {
    return core::Fail(core::ErrorCode::kInvalidInput, "text");
  }
  std::vector<std::string> texts;
  for (const boost::json::value& entry : text->as_array()) {
    if (!entry.is_string() || entry.as_string().size() > kMaxTextLength) {
      return core::Fail(core::ErrorCode::kInvalidInput, "text");
    }
    texts.emplace_back(entry.as_string());
  }
  auto found = call.services().profiles.Search(*caller, texts, &FactsOfUser);
  if (!found) return std::unexpected(found.error());
  return Reply{.body = EncodeFoundUsers(*found)};
}

}  // namespace roster::api::apiture
