#include "services/contact_service.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "services/apiture_access.h"

namespace roster::services {

using core::ContactItem;
using core::ContactKind;
using core::ErrorCode;
using core::Fail;
using core::Result;
using core::TimePoint;

bool IsValidItemId(std::string_view id) {
  return !id.empty() && id.size() <= 8 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
  });
}

namespace {

// The line with spaces and dots removed, lower-cased: "P.O. Box 12" -> "pobox12".
std::string Squeezed(std::string_view line) {
  std::string out;
  for (char c : line) {
    if (c == ' ' || c == '.' || c == '\t') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool LooksLikePoBox(std::string_view line) {
  const std::string squeezed = Squeezed(line);
  return squeezed.starts_with("pobox") || squeezed.starts_with("postofficebox");
}

}  // namespace

bool IsPoBox(const ContactItem& item) {
  if (item.kind != ContactKind::kAddress) return false;
  if (item.type == "poBox") return true;
  // details_json is a flat JSON object of strings; a P.O. box shows at the start of a value, so
  // reading each value up to its first quote (or escape) is enough.
  const std::string_view details = item.details_json;
  for (std::string_view field : {"\"addressLine1\"", "\"addressLine2\"", "\"addressLine3\""}) {
    std::size_t at = details.find(field);
    if (at == std::string_view::npos) continue;
    at = details.find_first_not_of(" \t\r\n:", at + field.size());
    if (at == std::string_view::npos || details[at] != '"') continue;
    const std::size_t end = details.find_first_of("\"\\", at + 1);
    if (end == std::string_view::npos) continue;
    if (LooksLikePoBox(details.substr(at + 1, end - at - 1))) return true;
  }
  return false;
}

namespace {

constexpr std::string_view kPending = "pending";
constexpr std::string_view kApproved = "approved";

Result<void> RequireReadPii(const ScopedPrincipal& caller, std::string_view user_id) {
  if (auto r = RequireRead(caller, user_id); !r) return r;
  if (!MayReadPii(caller)) {
    return Fail(ErrorCode::kInsufficientScope, std::string(core::kProfilesReadPii));
  }
  return {};
}

// The pointers of the profile that name items of `kind`.
std::vector<std::string*> PointersOf(core::UserProfile& profile, ContactKind kind) {
  switch (kind) {
    case ContactKind::kAddress:
      return {&profile.preferred_address_id, &profile.tax_address_id};
    case ContactKind::kEmail:
      return {&profile.preferred_email_id};
    case ContactKind::kPhone:
      return {&profile.preferred_phone_id};
  }
  return {};
}

std::string& PreferredOf(core::UserProfile& profile, ContactKind kind) {
  switch (kind) {
    case ContactKind::kAddress:
      return profile.preferred_address_id;
    case ContactKind::kEmail:
      return profile.preferred_email_id;
    case ContactKind::kPhone:
      break;
  }
  return profile.preferred_phone_id;
}

ContactKind KindOf(ContactPointer pointer) {
  switch (pointer) {
    case ContactPointer::kPreferredAddress:
    case ContactPointer::kTaxAddress:
      return ContactKind::kAddress;
    case ContactPointer::kPreferredEmail:
      return ContactKind::kEmail;
    case ContactPointer::kPreferredPhone:
      break;
  }
  return ContactKind::kPhone;
}

std::string& PointerOf(core::UserProfile& profile, ContactPointer pointer) {
  switch (pointer) {
    case ContactPointer::kPreferredAddress:
      return profile.preferred_address_id;
    case ContactPointer::kTaxAddress:
      return profile.tax_address_id;
    case ContactPointer::kPreferredEmail:
      return profile.preferred_email_id;
    case ContactPointer::kPreferredPhone:
      break;
  }
  return profile.preferred_phone_id;
}

// Shown to the user in the challenge and in the message carrying its code.
std::string ReasonOf(std::string_view operation) {
  static constexpr std::pair<std::string_view, std::string_view> kReasons[] = {
      {"setPreferredAddress", "Confirm the change of your preferred mailing address."},
      {"setTaxAddress", "Confirm the change of your tax address."},
      {"setPreferredEmailAddress", "Confirm the change of your preferred email address."},
      {"setPreferredPhoneNumber", "Confirm the change of your preferred phone number."},
      {"createAddress",
       "Confirm the replacement of your preferred mailing address or tax address."},
      {"createEmailAddress", "Confirm the replacement of your preferred email address."},
      {"createPhoneNumber", "Confirm the replacement of your preferred phone number."},
  };
  for (const auto& [name, reason] : kReasons) {
    if (name == operation) return std::string(reason);
  }
  return "Confirm your identity.";
}

// Removes an item from the store (unless it is the not yet stored "e0" of an OBP user) and from
// the record.
Result<void> RemoveItem(ports::Tx& tx, UserRecord& record, ContactKind kind, std::string_view id) {
  const bool stored =
      !(record.synthetic_email && kind == ContactKind::kEmail && id == kSyntheticEmailId);
  if (stored) {
    if (auto r = tx.DeleteContactItem(record.user.id, kind, id); !r) return r;
  } else {
    record.synthetic_email = false;
  }
  std::erase_if(record.items,
                [&](const ContactItem& item) { return item.kind == kind && item.id == id; });
  return {};
}

}  // namespace

core::Error ContactService::WithNewChallenge(core::Error error, std::string_view user_id,
                                             std::string_view operation) {
  if (error.code != ErrorCode::kMissingChallengeHeader &&
      error.code != ErrorCode::kChallengeRedeemExpired &&
      error.code != ErrorCode::kChallengeAlreadyRedeemed) {
    return error;
  }
  auto issued = challenges_.Issue(user_id, operation, ReasonOf(operation));
  if (!issued) return issued.error();
  error.detail = *issued;
  return error;
}

Result<ContactList> ContactService::List(const ScopedPrincipal& caller, std::string_view user_id,
                                         ContactKind kind) {
  if (auto r = RequireReadPii(caller, user_id); !r) return std::unexpected(r.error());
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<ContactList> {
    auto record = LoadUserRecord(tx, user_id);
    if (!record) return std::unexpected(record.error());
    ContactList out{.profile = record->profile};
    for (const ContactItem* item : record->Of(kind)) out.items.push_back(*item);
    return out;
  });
}

Result<ContactView> ContactService::Get(const ScopedPrincipal& caller, std::string_view user_id,
                                        ContactKind kind, std::string_view id) {
  if (auto r = RequireReadPii(caller, user_id); !r) return std::unexpected(r.error());
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<ContactView> {
    auto record = LoadUserRecord(tx, user_id);
    if (!record) return std::unexpected(record.error());
    const ContactItem* item = record->Find(kind, id);
    if (item == nullptr) return Fail(ErrorCode::kContactItemNotFound, std::string(id));
    return ContactView{.item = *item, .profile = record->profile};
  });
}

Result<ContactView> ContactService::Create(const ScopedPrincipal& caller, std::string_view user_id,
                                           ContactItem item,
                                           const std::optional<std::string>& replace_id,
                                           const std::optional<std::string>& challenge_id,
                                           std::string_view operation) {
  if (auto r = RequireWrite(caller, user_id); !r) return std::unexpected(r.error());
  const TimePoint now = ports_.clock.Now();
  const bool challenged_caller = caller.IsUser(user_id);
  auto created = ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<ContactView> {
    auto record = LoadUserRecord(tx, user_id);
    if (!record) return std::unexpected(record.error());
    item.user_id = record->user.id;
    item.state = std::string(kPending);
    item.created_at = now;
    if (item.id.empty()) {
      item.id = FreshItemId(record->items, item);
    } else if (record->Find(item.kind, item.id) != nullptr) {
      return Fail(ErrorCode::kContactItemExists, item.id);
    }
    item.replace_id.clear();
    if (replace_id && record->Find(item.kind, *replace_id) != nullptr) {
      item.replace_id = *replace_id;
    }

    const core::UserProfile& profile = record->profile;
    if (item.kind == ContactKind::kAddress && IsPoBox(item)) {
      if (item.type == "home" || item.type == "residential") {
        return Fail(ErrorCode::kResidentialAddressMayNotBePoBox);
      }
      if (!item.replace_id.empty() && item.replace_id == profile.tax_address_id) {
        return Fail(ErrorCode::kCannotReplaceTaxAddressWithPoBox);
      }
    }
    bool sensitive = false;
    if (!item.replace_id.empty()) {
      for (std::string* pointer : PointersOf(record->profile, item.kind)) {
        if (*pointer == item.replace_id) sensitive = true;
      }
    }
    if (sensitive && challenged_caller) {
      if (!challenge_id) return Fail(ErrorCode::kMissingChallengeHeader);
      if (auto r = challenges_.Redeem(tx, user_id, operation, *challenge_id, now); !r) {
        return std::unexpected(r.error());
      }
    }
    if (auto r = tx.InsertContactItem(item); !r) return std::unexpected(r.error());
    record->items.push_back(item);
    if (auto r = SaveUserRecord(tx, *record, now); !r) return std::unexpected(r.error());
    return ContactView{.item = item, .profile = record->profile};
  });
  if (!created) return std::unexpected(WithNewChallenge(created.error(), user_id, operation));
  return created;
}

Result<void> ContactService::Delete(const ScopedPrincipal& caller, std::string_view user_id,
                                    ContactKind kind, std::string_view id) {
  if (auto r = RequireDelete(caller, user_id); !r) return r;
  const TimePoint now = ports_.clock.Now();
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<void> {
    auto record = LoadUserRecord(tx, user_id);
    if (!record) return std::unexpected(record.error());
    if (record->Find(kind, id) == nullptr) {
      return Fail(ErrorCode::kContactItemNotFound, std::string(id));
    }
    core::UserProfile& profile = record->profile;
    switch (kind) {
      case ContactKind::kAddress:
        if (id == profile.tax_address_id) {
          return Fail(ErrorCode::kCannotDeleteTaxAddress, std::string(id));
        }
        if (id == profile.preferred_address_id) {
          profile.preferred_address_id = profile.tax_address_id;
        }
        break;
      case ContactKind::kEmail:
        if (id == profile.preferred_email_id) {
          return Fail(ErrorCode::kCannotDeletePreferredItem, std::string(id));
        }
        break;
      case ContactKind::kPhone:
        if (id == profile.preferred_phone_id) {
          return Fail(ErrorCode::kCannotDeletePreferredItem, std::string(id));
        }
        break;
    }
    if (auto r = RemoveItem(tx, *record, kind, id); !r) return r;
    return SaveUserRecord(tx, *record, now);
  });
}

Result<UserView> ContactService::SetPointer(const ScopedPrincipal& caller, std::string_view user_id,
                                            ContactPointer pointer, std::string_view value,
                                            const std::optional<std::string>& challenge_id,
                                            std::string_view operation) {
  if (auto r = RequireWrite(caller, user_id); !r) return std::unexpected(r.error());
  if (!IsValidItemId(value)) return Fail(ErrorCode::kInvalidQueryParameter, "value");
  const TimePoint now = ports_.clock.Now();
  const bool challenged_caller = caller.IsUser(user_id);
  const ContactKind kind = KindOf(pointer);
  auto done = ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<UserRecord> {
    auto record = LoadUserRecord(tx, user_id);
    if (!record) return std::unexpected(record.error());
    const ContactItem* item = record->Find(kind, value);
    if (item == nullptr) return Fail(ErrorCode::kNoSuchProfileValue, std::string(value));
    if (item->state != kApproved) return Fail(ErrorCode::kItemStillPending, std::string(value));
    if (pointer == ContactPointer::kTaxAddress && IsPoBox(*item)) {
      return Fail(ErrorCode::kPoBoxNotAllowedForTaxAddress, std::string(value));
    }
    std::string& target = PointerOf(record->profile, pointer);
    if (target == value) return std::move(*record);  // no change, nothing to confirm
    if (challenged_caller) {
      if (!challenge_id) return Fail(ErrorCode::kMissingChallengeHeader);
      if (auto r = challenges_.Redeem(tx, user_id, operation, *challenge_id, now); !r) {
        return std::unexpected(r.error());
      }
    }
    target = std::string(value);
    if (auto r = SaveUserRecord(tx, *record, now); !r) return std::unexpected(r.error());
    return std::move(*record);
  });
  if (!done) return std::unexpected(WithNewChallenge(done.error(), user_id, operation));
  return ViewOf(caller, std::move(*done));
}

Result<ContactView> ContactService::Approve(const ScopedPrincipal& caller, std::string_view user_id,
                                            ContactKind kind, std::string_view id) {
  if (auto r = RequireAdmin(caller); !r) return std::unexpected(r.error());
  const TimePoint now = ports_.clock.Now();
  const bool pii = MayReadPii(caller);
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<ContactView> {
    auto record = LoadUserRecord(tx, user_id);
    if (!record) return std::unexpected(record.error());
    ContactItem* found = record->Find(kind, id);
    if (found == nullptr) return Fail(ErrorCode::kContactItemNotFound, std::string(id));
    if (found->state == kApproved) {
      return ContactView{.item = *found, .profile = record->profile, .pii = pii};
    }
    found->state = std::string(kApproved);
    const std::string replaced = std::exchange(found->replace_id, std::string());
    ContactItem approved = *found;  // `found` dangles once an item is removed
    if (auto r = tx.UpdateContactItem(approved); !r) return std::unexpected(r.error());

    if (!replaced.empty() && replaced != approved.id && record->Find(kind, replaced) != nullptr) {
      if (kind == ContactKind::kAddress && replaced == record->profile.tax_address_id &&
          IsPoBox(approved)) {
        return Fail(ErrorCode::kCannotReplaceTaxAddressWithPoBox);
      }
      for (std::string* pointer : PointersOf(record->profile, kind)) {
        if (*pointer == replaced) *pointer = approved.id;
      }
      if (auto r = RemoveItem(tx, *record, kind, replaced); !r) return std::unexpected(r.error());
    }
    std::string& preferred = PreferredOf(record->profile, kind);
    if (preferred.empty() || record->Find(kind, preferred) == nullptr) preferred = approved.id;
    if (auto r = SaveUserRecord(tx, *record, now); !r) return std::unexpected(r.error());
    return ContactView{.item = approved, .profile = record->profile, .pii = pii};
  });
}

}  // namespace roster::services
