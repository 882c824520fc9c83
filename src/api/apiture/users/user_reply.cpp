#include "api/apiture/users/user_reply.h"

#include <algorithm>

#include "api/apiture/hal.h"
#include "api/apiture/users/user_json.h"

namespace roster::api::apiture {

namespace {

bool IsUserId(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

}  // namespace

Reply UserReply(const services::UserView& view, http::Status status) {
  return Reply{
      .status = status, .body = EncodeUser(view), .etag = EtagOfVersion(view.record.user.version)};
}

core::Result<Reply> UpdateUserWith(Call& call, bool merge) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  auto update = DecodeUserUpdate(std::move(*body), merge);
  if (!update) return std::unexpected(update.error());
  auto if_match = call.IfMatchVersion();
  if (!if_match) return std::unexpected(if_match.error());
  auto view = call.services().profiles.Update(
      *caller, call.Param("userId"), *if_match,
      [&](const services::UserRecord& current) { return ApplyUserUpdate(*update, current); });
  if (!view) return std::unexpected(view.error());
  return UserReply(*view);
}

std::optional<std::string> UserIdOfParameter(std::string_view value) {
  if (value.find('/') == std::string_view::npos) {
    if (!IsUserId(value)) return std::nullopt;
    return std::string(value);
  }
  if (value.find_first_of("?#") != std::string_view::npos) return std::nullopt;
  constexpr std::string_view kPrefix = "/users/users/";
  std::size_t at = value.rfind(kPrefix);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view before = value.substr(0, at);
  // Root-relative, or absolute with a scheme and host before the path.
  if (!before.empty()) {
    std::size_t scheme = before.find("://");
    if (scheme == std::string_view::npos || scheme == 0 ||
        before.find('/', scheme + 3) != std::string_view::npos) {
      return std::nullopt;
    }
  }
  std::string_view id = value.substr(at + kPrefix.size());
  if (!IsUserId(id)) return std::nullopt;
  return std::string(id);
}

core::Result<Reply> ChangeUserState(Call& call, core::UserAction action) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto parameter = call.Query("user");
  std::optional<std::string> user_id;
  if (parameter) user_id = UserIdOfParameter(*parameter);
  if (!user_id) return core::Fail(core::ErrorCode::kInvalidInput, "user");
  auto if_match = call.IfMatchVersion();
  if (!if_match) return std::unexpected(if_match.error());
  auto view = call.services().profiles.ChangeState(*caller, *user_id, action, *if_match);
  if (!view) return std::unexpected(view.error());
  return UserReply(*view);
}

}  // namespace roster::api::apiture
