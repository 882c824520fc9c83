// What the contact-item handlers share: one implementation per kind of operation, applied to
// addresses, e-mail addresses and phone numbers.
#pragma once

#include <string_view>

#include "api/apiture/call.h"
#include "core/model.h"
#include "services/contact_service.h"

namespace roster::api::apiture {

// GET .../{addresses|emailAddresses|phoneNumbers}: the items of one kind.
core::Result<Reply> ListContactItems(Call& call, core::ContactKind kind);
// POST .../{collection}[?replaceId=]: 201, Location and the item's ETag (the digest of its
// representation, as getAddress gives it). `operation` is the operationId (challenge context).
core::Result<Reply> CreateContactItem(Call& call, core::ContactKind kind,
                                      std::string_view operation);
// GET .../{collection}/{id}: the item, ETag from its representation (If-None-Match -> 304).
core::Result<Reply> GetContactItem(Call& call, core::ContactKind kind, std::string_view param);
// DELETE .../{collection}/{id}: 204.
core::Result<Reply> DeleteContactItem(Call& call, core::ContactKind kind, std::string_view param);
// PUT .../{preferredAddress|taxAddress|preferredEmailAddress|preferredPhoneNumber}?value=: 200
// with the user and its ETag.
core::Result<Reply> SetContactPointer(Call& call, services::ContactPointer pointer,
                                      std::string_view operation);
// POST .../{collection}/{id}/approval (administrators): 200 with the approved item.
core::Result<Reply> ApproveContactItem(Call& call, core::ContactKind kind, std::string_view param);

}  // namespace roster::api::apiture
