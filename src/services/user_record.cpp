#include "services/user_record.h"

#include <string>

namespace roster::services {

using core::ContactItem;
using core::ContactKind;
using core::Result;

namespace {
constexpr std::string_view kSyntheticEmailId = "e0";
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

Result<UserRecord> LoadUserRecord(ports::Tx& tx, std::string_view user_id) {
  auto user = tx.FindUserById(user_id);
  if (!user) return std::unexpected(user.error());
  if (!*user) return core::Fail(core::ErrorCode::kUserNotFound, std::string(user_id));
  UserRecord record{.user = std::move(**user)};
  auto profile = tx.FindUserProfile(user_id);
  if (!profile) return std::unexpected(profile.error());
  auto items = tx.ListContactItems(user_id);
  if (!items) return std::unexpected(items.error());
  record.items = std::move(*items);
  if (*profile) {
    record.profile = std::move(**profile);
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
