// Apiture contact items (addresses, e-mail addresses, phone numbers): list, create (pending,
// ?replaceId), get, delete, approval by the bank, and the preferred / tax pointers, guarded by MFA
// challenges.
//
// Rules (docs/dialects.md, "Apiture contact items"):
//  - reading items is reading PII: RequireRead + MayReadPii; create / set RequireWrite; delete
//    RequireDelete; approve RequireAdmin. Access is checked before the user is looked up.
//  - every change is one write transaction that loads the user with LoadUserRecord and ends with
//    SaveUserRecord (the user's version, its ETag, moves on every change).
//  - new items are pending; approval makes them approved, carries out ?replaceId (the replaced
//    item is deleted and the preferred / tax pointers naming it move to the new item) and makes
//    the first approved item of a kind preferred when there is no preferred one.
//  - the preferred / tax pointers and a create whose replaceId names the current preferred or
//    tax item need a redeemable challenge in Apiture-Challenge when the caller is the user
//    themself (administrators and trusted services act for the bank and are not challenged). A
//    missing, expired or used-up challenge fails with the id of a NEW challenge in the detail; the
//    challenge is redeemed in the same transaction as the change.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "services/challenge_service.h"
#include "services/context.h"
#include "services/principal.h"
#include "services/profile_service.h"
#include "services/user_record.h"

namespace roster::services {

// ^[-a-zA-Z0-9_]{1,8}$ — the `_id` of a contact item and the ?value= / ?replaceId= parameters.
bool IsValidItemId(std::string_view id);

// True for a Post Office box address: type "poBox", or an address line that starts with
// "P.O. Box", "PO Box", "P O Box" or "Post Office Box" (any case). False for other kinds.
bool IsPoBox(const core::ContactItem& item);

// The pointer a set* operation moves.
enum class ContactPointer { kPreferredAddress, kTaxAddress, kPreferredEmail, kPreferredPhone };

// An item with the profile of its user (the encoders derive the links from it: an item that is
// the tax address or the preferred e-mail / phone has no `delete` link).
struct ContactView {
  core::ContactItem item;
  core::UserProfile profile;
  bool pii = true;  // the caller may read the item's values (MayReadPii)
};

struct ContactList {
  std::vector<core::ContactItem> items;  // in creation order
  core::UserProfile profile;
};

class ContactService {
 public:
  ContactService(Ports ports, const Settings& settings, ChallengeService& challenges)
      : ports_(ports), settings_(settings), challenges_(challenges) {}

  // The user's items of one kind (an OBP user's e-mail shows as the approved item "e0").
  core::Result<ContactList> List(const ScopedPrincipal& caller, std::string_view user_id,
                                 core::ContactKind kind);
  // kContactItemNotFound (detail = the id) when the user has no such item.
  core::Result<ContactView> Get(const ScopedPrincipal& caller, std::string_view user_id,
                                core::ContactKind kind, std::string_view id);

  // Adds `item` (from DecodeContactItem: kind, type, value, details, optional id) as a pending
  // item. An id is assigned when `item.id` is empty; kContactItemExists when given and taken.
  // `replace_id` (validated by the caller: IsValidItemId) is remembered for the approval; a
  // replace_id that names nothing is ignored. `operation` is the operationId (the challenge
  // context). Errors: kResidentialAddressMayNotBePoBox, kCannotReplaceTaxAddressWithPoBox, the
  // challenge errors (when replace_id names the preferred or tax item).
  core::Result<ContactView> Create(const ScopedPrincipal& caller, std::string_view user_id,
                                   core::ContactItem item,
                                   const std::optional<std::string>& replace_id,
                                   const std::optional<std::string>& challenge_id,
                                   std::string_view operation);

  // Deletes an item. kCannotDeleteTaxAddress, kCannotDeletePreferredItem (preferred e-mail or
  // phone); deleting the preferred mailing address makes the tax address preferred.
  core::Result<void> Delete(const ScopedPrincipal& caller, std::string_view user_id,
                            core::ContactKind kind, std::string_view id);

  // Points `pointer` at the item `value`: kNoSuchProfileValue (unknown), kItemStillPending,
  // kPoBoxNotAllowedForTaxAddress, then the challenge errors. Setting the current value again
  // changes nothing (no challenge needed). Returns the user as it is afterwards, as the caller
  // may see it (the same view as ProfileService gives).
  core::Result<UserView> SetPointer(const ScopedPrincipal& caller, std::string_view user_id,
                                    ContactPointer pointer, std::string_view value,
                                    const std::optional<std::string>& challenge_id,
                                    std::string_view operation);

  // The bank approves a pending item (administrators only): see the rules above. Approving an
  // approved item changes nothing.
  core::Result<ContactView> Approve(const ScopedPrincipal& caller, std::string_view user_id,
                                    core::ContactKind kind, std::string_view id);

 private:
  // After a failed change: turns a challenge error that needs a new challenge into one naming a
  // freshly issued challenge.
  core::Error WithNewChallenge(core::Error error, std::string_view user_id,
                               std::string_view operation);

  Ports ports_;
  const Settings& settings_;
  ChallengeService& challenges_;
};

}  // namespace roster::services
