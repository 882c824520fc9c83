#include "services/user_record.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace roster::services {

using core::ContactItem;
using core::ContactKind;
using core::Result;

namespace {

std::string_view KindLetter(ContactKind kind) {
  switch (kind) {
    case ContactKind::kAddress:
      return "a";
    case ContactKind::kEmail:
      return "e";
    case ContactKind::kPhone:
      return "p";
  }
  return "x";
}

}  // namespace

ContactItem* UserRecord::Find(ContactKind kind, std::string_view id) {
  for (ContactItem& item : items) {
    if (item.kind == kind && item.id == id) return &item;
  }
  return nullptr;
}

const ContactItem* UserRecord::Find(ContactKind kind, std::string_view id) const {
  for (const ContactItem& item : items) {
    if (item.kind == kind && item.id == id) return &item;
  }
  return nullptr;
}

std::vector<const ContactItem*> UserRecord::Of(ContactKind kind) const {
  std::vector<const ContactItem*> out;
  for (const ContactItem& item : items) {
    if (item.kind == kind) out.push_back(&item);
  }
  return out;
}

UserRecord MakeUserRecord(core::User user, const core::UserProfile* profile,
                          std::vector<ContactItem> items) {
  UserRecord record{.user = std::move(user), .items = std::move(items)};
  if (profile != nullptr) {
    record.profile = *profile;
    record.profile_stored = true;
    return record;
  }
  record.profile.user_id = record.user.id;
  if (!record.user.email.empty() && record.Of(ContactKind::kEmail).empty()) {
    record.items.push_back(ContactItem{.user_id = record.user.id,
                                       .kind = ContactKind::kEmail,
                                       .id = std::string(kSyntheticEmailId),
                                       .type = "personal",
                                       .state = "approved",
                                       .value = record.user.email,
                                       .created_at = record.user.created_at});
    record.profile.preferred_email_id = std::string(kSyntheticEmailId);
    record.synthetic_email = true;
  }
  return record;
}

std::string FreshItemId(const std::vector<ContactItem>& items, const ContactItem& item) {
  std::string prefix;
  prefix += item.type.empty()
                ? 'x'
                : static_cast<char>(std::tolower(static_cast<unsigned char>(item.type[0])));
  prefix += KindLetter(item.kind);
  long highest = 0;
  for (const ContactItem& other : items) {
    std::string_view id = other.id;
    if (other.kind != item.kind || !id.starts_with(prefix)) continue;
    std::string_view digits = id.substr(prefix.size());
    if (digits.empty() || digits.size() > 6 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    highest = std::max(highest, std::stol(std::string(digits)));
  }
  return prefix + std::to_string(highest + 1);
}

Result<UserRecord> LoadUserRecord(ports::Tx& tx, std::string_view user_id) {
  auto user = tx.FindUserById(user_id);
  if (!user) return std::unexpected(user.error());
  if (!*user) return core::Fail(core::ErrorCode::kUserNotFound, std::string(user_id));
  auto profile = tx.FindUserProfile(user_id);
  if (!profile) return std::unexpected(profile.error());
  auto items = tx.ListContactItems(user_id);
  if (!items) return std::unexpected(items.error());
  return MakeUserRecord(std::move(**user), *profile ? &**profile : nullptr, std::move(*items));
}

Result<void> SaveUserRecord(ports::Tx& tx, UserRecord& record, core::TimePoint now) {
  if (record.synthetic_email) {
    if (const ContactItem* item = record.Find(ContactKind::kEmail, kSyntheticEmailId)) {
      if (auto r = tx.InsertContactItem(*item); !r) return r;
    }
    record.synthetic_email = false;
  }
  record.profile.user_id = record.user.id;
  if (auto r = tx.PutUserProfile(record.profile); !r) return r;
  record.profile_stored = true;
  const ContactItem* preferred =
      record.Find(ContactKind::kEmail, record.profile.preferred_email_id);
  record.user.email = preferred != nullptr ? preferred->value : std::string();
  record.user.version += 1;
  record.user.updated_at = now;
  return tx.UpdateUser(record.user);
}

}  // namespace roster::services
