// A user as the Apiture dialect sees it: the core user, its Apiture profile and its contact
// items, loaded and saved together inside one transaction.
//
// Users created through OBP have no stored profile: they get one synthesised, with their e-mail
// address as the approved, preferred e-mail item "e0". The first Apiture change stores it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "ports/store.h"

namespace roster::services {

struct UserRecord {
  core::User user;
  core::UserProfile profile;
  std::vector<core::ContactItem> items;  // every kind, in creation order
  bool profile_stored = false;
  bool synthetic_email = false;  // items holds the not yet stored "e0" of an OBP user

  // The item of this kind and id, or nullptr.
  core::ContactItem* Find(core::ContactKind kind, std::string_view id);
  const core::ContactItem* Find(core::ContactKind kind, std::string_view id) const;
  std::vector<const core::ContactItem*> Of(core::ContactKind kind) const;
};

// The id of the e-mail item synthesised for users created through OBP.
inline constexpr std::string_view kSyntheticEmailId = "e0";

// A record from rows already read (`profile` null when none is stored), synthesising the
// profile of an OBP user as described above.
UserRecord MakeUserRecord(core::User user, const core::UserProfile* profile,
                          std::vector<core::ContactItem> items);

// A fresh item id in the style of the source's examples: the type's initial and the kind's
// letter ("ha" home address, "pe" personal e-mail, "mp" mobile phone), then one more than the
// highest number in use with that prefix among `items` ("ha3"). Never "e0" (the prefix has two
// letters).
std::string FreshItemId(const std::vector<core::ContactItem>& items, const core::ContactItem& item);

// kUserNotFound (detail = the id) when there is no such user.
core::Result<UserRecord> LoadUserRecord(ports::Tx& tx, std::string_view user_id);

// Stores what Apiture changed in `record.profile` (and the synthesised e-mail item if it is
// still there), mirrors the preferred e-mail item's value into User::email, bumps
// User::version and updated_at, and updates the user. Contact items themselves are inserted,
// updated and deleted by the caller through the Tx. Call once per write transaction, after the
// changes.
core::Result<void> SaveUserRecord(ports::Tx& tx, UserRecord& record, core::TimePoint now);

}  // namespace roster::services
