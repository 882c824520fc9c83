#include "services/profile_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/password_policy.h"
#include "core/validation.h"
#include "services/apiture_access.h"

namespace roster::services {

using core::ContactItem;
using core::ContactKind;
using core::ErrorCode;
using core::Fail;
using core::Result;
using core::User;
using core::UserAction;
using core::UserState;

namespace {

constexpr std::string_view kLockViaApi = "lock_via_api";
constexpr int kListBatch = 1000;

bool IsItemId(std::string_view id) {
  if (id.empty() || id.size() > 8) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

bool IsTaxId(std::string_view tax_id) {
  if (tax_id.empty() || tax_id.size() > 32) return false;
  return std::all_of(tax_id.begin(), tax_id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

bool IsName(std::string_view name) {
  bool blank = std::all_of(name.begin(), name.end(), [](char c) { return c == ' ' || c == '\t'; });
  return !blank && name.size() <= 100 && core::IsValidUtf8(name);
}

// Gives every item without an id a fresh one (FreshItemId); kInvalidInput "_id" for a
// malformed or repeated id.
Result<void> AssignItemIds(std::vector<ContactItem>& items) {
  std::set<std::pair<ContactKind, std::string>> used;
  for (const ContactItem& item : items) {
    if (item.id.empty()) continue;
    if (!IsItemId(item.id) || !used.emplace(item.kind, item.id).second) {
      return Fail(ErrorCode::kInvalidInput, "_id");
    }
  }
  for (ContactItem& item : items) {
    if (!item.id.empty()) continue;
    item.id = FreshItemId(items, item);
  }
  return {};
}

// `pointer` must name an item of `kind`; "" picks the first one when `default_first`.
Result<void> ResolvePointer(const std::vector<ContactItem>& items, ContactKind kind,
                            std::string& pointer, std::string_view field, bool default_first) {
  if (pointer.empty()) {
    if (!default_first) return {};
    for (const ContactItem& item : items) {
      if (item.kind == kind) {
        pointer = item.id;
        break;
      }
    }
    return {};
  }
  for (const ContactItem& item : items) {
    if (item.kind == kind && item.id == pointer) return {};
  }
  return Fail(ErrorCode::kInvalidInput, std::string(field));
}

bool SameIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && core::ContainsIgnoringCase(a, b);
}

Result<void> CheckFields(const UserFields& fields) {
  if (!core::IsValidUsername(fields.username)) return Fail(ErrorCode::kInvalidInput, "username");
  if (!IsName(fields.first_name)) return Fail(ErrorCode::kInvalidInput, "firstName");
  if (!IsName(fields.last_name)) return Fail(ErrorCode::kInvalidInput, "lastName");
  if (!fields.tax_id.empty() && !IsTaxId(fields.tax_id)) {
    return Fail(ErrorCode::kInvalidInput, "identification");
  }
  return {};
}

// kDuplicateTaxId when another user than `self` has this tax id.
Result<void> CheckTaxIdFree(ports::Tx& tx, std::string_view tax_id, std::string_view self) {
  if (tax_id.empty()) return {};
  auto owner = tx.FindUserByTaxId(tax_id);
  if (!owner) return std::unexpected(owner.error());
  if (*owner && **owner != self) return Fail(ErrorCode::kDuplicateTaxId);
  return {};
}

Result<void> CheckUsernameFree(ports::Tx& tx, std::string_view username) {
  auto existing = tx.FindUserByUsername(username);
  if (!existing) return std::unexpected(existing.error());
  if (*existing) return Fail(ErrorCode::kUsernameTaken);
  return {};
}

}  // namespace

std::string NormalizeTaxId(std::string_view tax_id) {
  std::string out;
  for (char c : tax_id) {
    if (c != '-' && c != ' ' && c != '\t') out += c;
  }
  return out;
}

UserView ViewOf(const ScopedPrincipal& caller, UserRecord record) {
  UserView view{.pii = MayReadPii(caller)};
  const bool admin = IsAdmin(caller);
  const bool self_writer = caller.IsUser(record.user.id) && caller.scopes.Has(core::kProfilesWrite);
  for (UserAction action : core::kAllUserActions) {
    if (core::IsAdminOnly(action) ? !admin : !(admin || self_writer)) continue;
    if (core::IsAllowed(action, record.user.state, admin)) view.actions.push_back(action);
  }
  view.record = std::move(record);
  return view;
}

Result<std::vector<UserRecord>> ProfileService::LoadAll(ports::Tx& tx) {
  std::vector<User> users;
  for (int offset = 0;; offset += kListBatch) {
    auto batch = tx.ListUsers({.limit = kListBatch, .offset = offset});
    if (!batch) return std::unexpected(batch.error());
    const bool last = static_cast<int>(batch->size()) < kListBatch;
    std::move(batch->begin(), batch->end(), std::back_inserter(users));
    if (last) break;
  }
  auto profiles = tx.ListUserProfiles();
  if (!profiles) return std::unexpected(profiles.error());
  auto items = tx.ListContactItems("");
  if (!items) return std::unexpected(items.error());
  std::map<std::string, const core::UserProfile*, std::less<>> profile_of;
  for (const core::UserProfile& profile : *profiles) profile_of[profile.user_id] = &profile;
  std::map<std::string, std::vector<ContactItem>, std::less<>> items_of;
  for (ContactItem& item : *items) items_of[item.user_id].push_back(std::move(item));

  std::vector<UserRecord> records;
  records.reserve(users.size());
  for (User& user : users) {
    auto p = profile_of.find(user.id);
    auto i = items_of.find(user.id);
    std::vector<ContactItem> own;
    if (i != items_of.end()) own = std::move(i->second);
    records.push_back(MakeUserRecord(std::move(user), p == profile_of.end() ? nullptr : p->second,
                                     std::move(own)));
  }
  return records;
}

Result<UserView> ProfileService::Create(const ScopedPrincipal& caller, NewProfileUser input) {
  if (auto r = RequireAdmin(caller); !r) return std::unexpected(r.error());
  UserFields& fields = input.fields;
  fields.tax_id = NormalizeTaxId(fields.tax_id);
  if (auto r = CheckFields(fields); !r) return std::unexpected(r.error());
  if (auto r = AssignItemIds(input.items); !r) return std::unexpected(r.error());
  if (auto r = ResolvePointer(input.items, ContactKind::kAddress, input.preferred_address_id,
                              "preferredMailingAddressId", true);
      !r) {
    return std::unexpected(r.error());
  }
  if (auto r = ResolvePointer(input.items, ContactKind::kAddress, input.tax_address_id,
                              "taxAddressId", false);
      !r) {
    return std::unexpected(r.error());
  }
  if (auto r = ResolvePointer(input.items, ContactKind::kEmail, input.preferred_email_id,
                              "preferredEmailAddressId", true);
      !r) {
    return std::unexpected(r.error());
  }
  if (auto r = ResolvePointer(input.items, ContactKind::kPhone, input.preferred_phone_id,
                              "preferredPhoneId", true);
      !r) {
    return std::unexpected(r.error());
  }
  if (input.password && !core::IsAcceptablePassword(*input.password)) {
    return Fail(ErrorCode::kInvalidPassword);
  }

  // Cheap uniqueness checks before the expensive hash; the transaction checks again.
  auto free = ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<bool> {
    if (auto r = CheckUsernameFree(tx, fields.username); !r) return std::unexpected(r.error());
    if (auto r = CheckTaxIdFree(tx, fields.tax_id, ""); !r) return std::unexpected(r.error());
    return true;
  });
  if (!free) return std::unexpected(free.error());

  std::string hash;
  if (input.password) {
    auto hashed = ports_.hasher.Hash(*input.password);
    if (!hashed) return std::unexpected(hashed.error());
    hash = std::move(*hashed);
  }

  const core::TimePoint now = ports_.clock.Now();
  const std::string user_id = ports_.random.Uuid();
  UserRecord record{.user = User{.id = user_id,
                                 .username = fields.username,
                                 .provider = settings_.hostname,
                                 .provider_id = fields.username,
                                 .first_name = fields.first_name,
                                 .last_name = fields.last_name,
                                 .password_hash = std::move(hash),
                                 .validated = true,
                                 .state = UserState::kActive,
                                 .created_at = now,
                                 .updated_at = now,
                                 .version = 0}};
  record.profile = core::UserProfile{.user_id = user_id,
                                     .tax_id = fields.tax_id,
                                     .customer_id = fields.customer_id,
                                     .occupation = fields.occupation,
                                     .preferred_address_id = input.preferred_address_id,
                                     .tax_address_id = input.tax_address_id,
                                     .preferred_email_id = input.preferred_email_id,
                                     .preferred_phone_id = input.preferred_phone_id,
                                     .details_json = fields.details_json};
  for (ContactItem& item : input.items) {
    item.user_id = user_id;
    item.state = "approved";
    item.replace_id.clear();
    item.created_at = now;
  }
  record.items = std::move(input.items);

  auto created = ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<UserRecord> {
    // Checked before inserting: on PostgreSQL a failed statement aborts the transaction.
    if (auto r = CheckUsernameFree(tx, fields.username); !r) return std::unexpected(r.error());
    if (auto r = CheckTaxIdFree(tx, fields.tax_id, ""); !r) return std::unexpected(r.error());
    UserRecord copy = record;
    if (auto r = tx.InsertUser(copy.user); !r) return std::unexpected(r.error());
    for (const ContactItem& item : copy.items) {
      if (auto r = tx.InsertContactItem(item); !r) return std::unexpected(r.error());
    }
    if (auto r = SaveUserRecord(tx, copy, now); !r) return std::unexpected(r.error());
    return copy;
  });
  if (!created) return std::unexpected(created.error());
  return ViewOf(caller, std::move(*created));
}

Result<UserView> ProfileService::Get(const ScopedPrincipal& caller, std::string_view user_id) {
  if (auto r = RequireRead(caller, user_id); !r) return std::unexpected(r.error());
  auto record =
      ports::ReadTx(ports_.store, [&](ports::Tx& tx) { return LoadUserRecord(tx, user_id); });
  if (!record) return std::unexpected(record.error());
  return ViewOf(caller, std::move(*record));
}

Result<UserPage> ProfileService::List(const ScopedPrincipal& caller,
                                      const core::UserListQuery& query, std::int64_t start,
                                      std::int64_t limit, const FactsOf& facts_of) {
  const bool everyone = RequireAdminRead(caller).has_value();
  if (!everyone) {
    if (auto r = RequireScope(caller, {core::kProfilesRead, core::kAdminRead}); !r) {
      return std::unexpected(r.error());
    }
  }
  auto records = ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<std::vector<UserRecord>> {
    if (everyone) return LoadAll(tx);
    std::vector<UserRecord> own;
    auto record = LoadUserRecord(tx, caller.user->id);
    if (!record) return std::unexpected(record.error());
    own.push_back(std::move(*record));
    return own;
  });
  if (!records) return std::unexpected(records.error());

  core::UserListQuery effective = query;
  effective.q_includes_emails = MayReadPii(caller);
  std::vector<core::UserFacts> facts;
  facts.reserve(records->size());
  std::map<std::string, std::size_t, std::less<>> index_of;
  for (std::size_t i = 0; i < records->size(); ++i) {
    facts.push_back(facts_of((*records)[i]));
    facts.back().id = (*records)[i].user.id;
    index_of[(*records)[i].user.id] = i;
  }
  std::vector<core::UserFacts> selected = core::SelectUsers(effective, std::move(facts));
  UserPage page{.count = static_cast<std::int64_t>(selected.size())};
  for (std::int64_t i = start; i < page.count && i < start + limit; ++i) {
    std::size_t at = index_of.at(selected[static_cast<std::size_t>(i)].id);
    page.items.push_back(ViewOf(caller, std::move((*records)[at])));
  }
  return page;
}

Result<std::vector<UserView>> ProfileService::Search(const ScopedPrincipal& caller,
                                                     const std::vector<std::string>& texts,
                                                     const FactsOf& facts_of) {
  if (auto r = RequireAdminRead(caller); !r) return std::unexpected(r.error());
  auto records = ports::ReadTx(ports_.store, [&](ports::Tx& tx) { return LoadAll(tx); });
  if (!records) return std::unexpected(records.error());
  const bool pii = MayReadPii(caller);
  std::vector<UserView> out;
  for (UserRecord& record : *records) {
    if (core::MatchesAnyText(facts_of(record), texts, pii)) {
      out.push_back(ViewOf(caller, std::move(record)));
    }
  }
  return out;
}

Result<std::vector<UserView>> ProfileService::Lookup(const ScopedPrincipal& caller,
                                                     const UserLookup& lookup) {
  if (auto r = RequireAdminRead(caller); !r) return std::unexpected(r.error());
  if (lookup.tax_id.empty() && lookup.username.empty() && lookup.email.empty() &&
      lookup.customer_id.empty()) {
    return Fail(ErrorCode::kInvalidInput, "taxId");
  }
  if ((!lookup.tax_id.empty() || !lookup.email.empty()) && !MayReadPii(caller)) {
    return Fail(ErrorCode::kInsufficientScope, std::string(core::kProfilesReadPii));
  }
  const std::string tax_id = NormalizeTaxId(lookup.tax_id);
  auto records = ports::ReadTx(ports_.store, [&](ports::Tx& tx) { return LoadAll(tx); });
  if (!records) return std::unexpected(records.error());
  std::vector<UserView> out;
  for (UserRecord& record : *records) {
    if (!tax_id.empty() && record.profile.tax_id != tax_id) continue;
    if (!lookup.username.empty() && !SameIgnoringCase(record.user.username, lookup.username)) {
      continue;
    }
    if (!lookup.customer_id.empty() && record.profile.customer_id != lookup.customer_id) continue;
    if (!lookup.email.empty()) {
      bool found = false;
      for (const ContactItem* item : record.Of(ContactKind::kEmail)) {
        found = found || SameIgnoringCase(item->value, lookup.email);
      }
      if (!found) continue;
    }
    out.push_back(ViewOf(caller, std::move(record)));
  }
  return out;
}

Result<UserView> ProfileService::Update(const ScopedPrincipal& caller, std::string_view user_id,
                                        std::optional<std::int64_t> if_match,
                                        const UserEdit& edit) {
  if (auto r = RequireWrite(caller, user_id); !r) return std::unexpected(r.error());
  const bool admin = IsAdmin(caller);
  const core::TimePoint now = ports_.clock.Now();
  auto updated = ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<UserRecord> {
    auto record = LoadUserRecord(tx, user_id);
    if (!record) return std::unexpected(record.error());
    User& user = record->user;
    core::UserProfile& profile = record->profile;
    if (if_match && *if_match != user.version) return Fail(ErrorCode::kPreconditionFailed);
    if (user.state == UserState::kRemoved) {
      return Fail(ErrorCode::kInvalidStateChange, "active,inactive,locked,frozen");
    }
    auto change = edit(*record);
    if (!change) return std::unexpected(change.error());
    UserFields& fields = change->fields;
    fields.tax_id = NormalizeTaxId(fields.tax_id);
    if (change->id && *change->id != user.id) return Fail(ErrorCode::kCannotChangeId, "_id");
    if (change->state && *change->state != core::ToString(user.state)) {
      return Fail(ErrorCode::kCannotUpdateState);
    }
    if (!profile.tax_id.empty() && fields.tax_id != profile.tax_id) {
      return Fail(ErrorCode::kCannotChangeId, "taxId");
    }
    // Only what changes is validated: users of the other dialect (DAuth, say) may hold values
    // the Apiture rules would refuse.
    if (fields.username != user.username && !core::IsValidUsername(fields.username)) {
      return Fail(ErrorCode::kInvalidInput, "username");
    }
    if (fields.first_name != user.first_name && !IsName(fields.first_name)) {
      return Fail(ErrorCode::kInvalidInput, "firstName");
    }
    if (fields.last_name != user.last_name && !IsName(fields.last_name)) {
      return Fail(ErrorCode::kInvalidInput, "lastName");
    }
    if (fields.tax_id != profile.tax_id && !IsTaxId(fields.tax_id)) {
      return Fail(ErrorCode::kInvalidInput, "identification");
    }
    if (fields.customer_id != profile.customer_id && !admin) {
      return Fail(ErrorCode::kForbidden, "customerId");
    }
    if (profile.tax_id.empty()) {
      if (auto r = CheckTaxIdFree(tx, fields.tax_id, user.id); !r) {
        return std::unexpected(r.error());
      }
    }
    if (fields.username != user.username) {
      if (auto r = CheckUsernameFree(tx, fields.username); !r) return std::unexpected(r.error());
      // A local user's OBP provider_id is its username.
      if (user.provider == settings_.hostname && user.provider_id == user.username) {
        user.provider_id = fields.username;
      }
      user.username = fields.username;
    }
    user.first_name = fields.first_name;
    user.last_name = fields.last_name;
    profile.tax_id = fields.tax_id;
    profile.customer_id = fields.customer_id;
    profile.occupation = fields.occupation;
    profile.details_json = fields.details_json;
    if (auto r = SaveUserRecord(tx, *record, now); !r) return std::unexpected(r.error());
    return std::move(*record);
  });
  if (!updated) return std::unexpected(updated.error());
  return ViewOf(caller, std::move(*updated));
}

Result<UserView> ProfileService::ChangeState(const ScopedPrincipal& caller,
                                             std::string_view user_id, UserAction action,
                                             std::optional<std::int64_t> if_match) {
  auto allowed = core::IsAdminOnly(action) ? RequireAdmin(caller) : RequireWrite(caller, user_id);
  if (!allowed) return std::unexpected(allowed.error());
  const bool admin = IsAdmin(caller);
  const core::TimePoint now = ports_.clock.Now();
  auto changed = ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<UserRecord> {
    auto record = LoadUserRecord(tx, user_id);
    if (!record) {
      if (record.error().code == ErrorCode::kUserNotFound) {
        return Fail(ErrorCode::kInvalidInput, "user");
      }
      return std::unexpected(record.error());
    }
    User& user = record->user;
    if (if_match && *if_match != user.version) return Fail(ErrorCode::kPreconditionFailed);
    if (!core::IsAllowed(action, user.state, admin)) {
      return Fail(ErrorCode::kInvalidStateChange, core::RequiredStatesText(action, admin));
    }
    user.state = core::TargetOf(action);
    switch (action) {
      case UserAction::kActivate:
        // As the OBP unlock: no lock left, and a fresh bad-login counter.
        user.lock_type.clear();
        user.last_lock_date.reset();
        if (auto r = tx.ResetLoginAttempts(user.provider, user.username, now); !r) {
          return std::unexpected(r.error());
        }
        break;
      case UserAction::kLock:
        user.lock_type = std::string(kLockViaApi);
        user.last_lock_date = now;
        break;
      case UserAction::kRemove:
        if (auto r = tx.DeleteTokensOfUser(user.id); !r) return std::unexpected(r.error());
        break;
      case UserAction::kDeactivate:
      case UserAction::kFreeze:
        break;
    }
    if (auto r = SaveUserRecord(tx, *record, now); !r) return std::unexpected(r.error());
    return std::move(*record);
  });
  if (!changed) return std::unexpected(changed.error());
  return ViewOf(caller, std::move(*changed));
}

}  // namespace roster::services
