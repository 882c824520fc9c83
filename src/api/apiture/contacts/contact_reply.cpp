#include "api/apiture/contacts/contact_reply.h"

#include <optional>
#include <string>

#include "api/apiture/contacts/contact_json.h"
#include "api/apiture/users/user_reply.h"

namespace roster::api::apiture {

using core::ContactKind;
using core::ErrorCode;
using core::Fail;
using core::Result;

namespace {

// The Apiture-Challenge header; an empty one counts as absent.
std::optional<std::string> ChallengeHeader(const Call& call) {
  auto header = call.Header("Apiture-Challenge");
  if (header && header->empty()) return std::nullopt;
  return header;
}

Reply ItemReply(const services::ContactView& view, http::Status status = http::Status::ok) {
  return Reply{.status = status,
               .body = EncodeContactItem(view.item, view.pii, &view.profile),
               .etag = std::string(kEtagFromBody)};
}

}  // namespace

Result<Reply> ListContactItems(Call& call, ContactKind kind) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  const std::string& user_id = call.Param("userId");
  auto list = call.services().contacts.List(*caller, user_id, kind);
  if (!list) return std::unexpected(list.error());
  return Reply{.body = EncodeContactItems(user_id, kind, list->items, true, &list->profile)};
}

Result<Reply> CreateContactItem(Call& call, ContactKind kind, std::string_view operation) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto replace_id = call.Query("replaceId");
  if (replace_id && !services::IsValidItemId(*replace_id)) {
    return Fail(ErrorCode::kInvalidQueryParameter, "replaceId");
  }
  auto body = call.Body();
  if (!body) return std::unexpected(body.error());
  auto item = DecodeContactItem(*body, kind);
  if (!item) return std::unexpected(item.error());
  const std::string& user_id = call.Param("userId");
  auto view = call.services().contacts.Create(*caller, user_id, std::move(*item), replace_id,
                                              ChallengeHeader(call), operation);
  if (!view) return std::unexpected(view.error());
  Reply reply = ItemReply(*view, http::Status::created);
  reply.location = ContactPath(user_id, kind, view->item.id);
  return reply;
}

Result<Reply> GetContactItem(Call& call, ContactKind kind, std::string_view param) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto view = call.services().contacts.Get(*caller, call.Param("userId"), kind,
                                           call.Param(std::string(param)));
  if (!view) return std::unexpected(view.error());
  return ItemReply(*view);
}

Result<Reply> DeleteContactItem(Call& call, ContactKind kind, std::string_view param) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto done = call.services().contacts.Delete(*caller, call.Param("userId"), kind,
                                              call.Param(std::string(param)));
  if (!done) return std::unexpected(done.error());
  return Reply{.status = http::Status::no_content};
}

Result<Reply> SetContactPointer(Call& call, services::ContactPointer pointer,
                                std::string_view operation) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto value = call.Query("value");
  if (!value || !services::IsValidItemId(*value)) {
    return Fail(ErrorCode::kInvalidQueryParameter, "value");
  }
  auto view = call.services().contacts.SetPointer(*caller, call.Param("userId"), pointer, *value,
                                                  ChallengeHeader(call), operation);
  if (!view) return std::unexpected(view.error());
  return UserReply(*view);
}

Result<Reply> ApproveContactItem(Call& call, ContactKind kind, std::string_view param) {
  const auto& caller = call.Caller();
  if (!caller) return std::unexpected(caller.error());
  auto view = call.services().contacts.Approve(*caller, call.Param("userId"), kind,
                                               call.Param(std::string(param)));
  if (!view) return std::unexpected(view.error());
  return ItemReply(*view);
}

}  // namespace roster::api::apiture
