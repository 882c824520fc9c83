#include "api/apiture/users/user_json.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "api/apiture/contacts/contact_json.h"
#include "api/apiture/hal.h"

namespace roster::api::apiture {

namespace json = boost::json;
using core::ContactItem;
using core::ContactKind;
using core::ErrorCode;
using core::Fail;
using core::Result;

namespace {

enum class DetailKind { kText, kDate, kCitizenship, kObject };

struct DetailField {
  std::string_view name;
  DetailKind kind;
};

// The documented user properties kept in UserProfile::details_json (besides the identification
// entries other than the tax id, under "identification").
constexpr DetailField kDetailFields[] = {
    {"middleName", DetailKind::kText},
    {"preferredName", DetailKind::kText},
    {"suffix", DetailKind::kText},
    {"birthdate", DetailKind::kDate},
    {"citizenship", DetailKind::kCitizenship},
    {"preferredContactMethod", DetailKind::kText},
    {"residencyStatus", DetailKind::kText},
    {"yearsAtAddress", DetailKind::kText},
    {"preferences", DetailKind::kObject},
    {"attributes", DetailKind::kObject},
    {"kycAnswers", DetailKind::kObject},
    {"coreBanking", DetailKind::kObject},
};

constexpr std::size_t kMaxText = 256;
constexpr std::string_view kTaxIdType = "taxId";

std::unexpected<core::Error> Invalid(std::string_view property) {
  return Fail(ErrorCode::kInvalidInput, std::string(property));
}

json::object ParseObjectText(const std::string& text) {
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec || !value.is_object()) return {};
  return std::move(value.as_object());
}

bool IsPlainText(std::string_view text) {
  return text.size() <= kMaxText && std::none_of(text.begin(), text.end(), [](char c) {
           return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
         });
}

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// A details property validated and normalised (country codes upper-cased).
Result<json::value> CheckDetail(const DetailField& field, const json::value& value) {
  switch (field.kind) {
    case DetailKind::kText:
      if (!value.is_string() || !IsPlainText(value.as_string())) return Invalid(field.name);
      return value;
    case DetailKind::kDate: {
      if (!value.is_string() || value.as_string().size() != 10 ||
          !core::ParseTimestamp(value.as_string())) {
        return Invalid(field.name);
      }
      return value;
    }
    case DetailKind::kCitizenship: {
      if (!value.is_array()) return Invalid(field.name);
      json::array out;
      for (const json::value& entry : value.as_array()) {
        if (!entry.is_object()) return Invalid(field.name);
        const json::value* country = entry.as_object().if_contains("countryCode");
        const json::value* state = entry.as_object().if_contains("state");
        if (country == nullptr || !country->is_string() || country->as_string().size() != 2 ||
            !std::all_of(country->as_string().begin(), country->as_string().end(),
                         [](char c) { return std::isalpha(static_cast<unsigned char>(c)); })) {
          return Invalid("citizenship");
        }
        if (state == nullptr || !state->is_string() ||
            (state->as_string() != "citizen" && state->as_string() != "other")) {
          return Invalid("citizenship");
        }
        out.push_back(json::object{{"countryCode", Upper(country->as_string())},
                                   {"state", state->as_string()}});
      }
      return json::value(std::move(out));
    }
    case DetailKind::kObject:
      if (!value.is_object()) return Invalid(field.name);
      return value;
  }
  return Invalid(field.name);
}

// identification: [{type, value}], at most one of type taxId.
struct Identification {
  std::optional<std::string> tax_id;  // as given (not yet normalised); nullopt: no taxId entry
  json::array others;
};

Result<Identification> ParseIdentification(const json::value& value) {
  if (!value.is_array()) return Invalid("identification");
  Identification out;
  for (const json::value& entry : value.as_array()) {
    if (!entry.is_object()) return Invalid("identification");
    const json::value* type = entry.as_object().if_contains("type");
    const json::value* text = entry.as_object().if_contains("value");
    if (type == nullptr || !type->is_string() || type->as_string().empty() ||
        !IsPlainText(type->as_string()) || text == nullptr || !text->is_string() ||
        text->as_string().empty() || !IsPlainText(text->as_string())) {
      return Invalid("identification");
    }
    if (type->as_string() == kTaxIdType) {
      if (out.tax_id) return Invalid("identification");
      out.tax_id = std::string(text->as_string());
    } else {
      out.others.push_back(json::object{{"type", type->as_string()}, {"value", text->as_string()}});
    }
  }
  return out;
}

// "value": a string or a non-negative integer (the examples send customerId as a number).
Result<std::string> CustomerIdOf(const json::value& value) {
  if (value.is_string()) {
    if (!IsPlainText(value.as_string()) || value.as_string().size() > 64) {
      return Invalid("customerId");
    }
    return std::string(value.as_string());
  }
  if (value.is_int64() && value.as_int64() >= 0) return std::to_string(value.as_int64());
  if (value.is_uint64()) return std::to_string(value.as_uint64());
  return Invalid("customerId");
}

Result<std::string> TextOf(const json::value& value, std::string_view property) {
  if (!value.is_string() || !IsPlainText(value.as_string())) return Invalid(property);
  return std::string(value.as_string());
}

const json::value* Present(const json::object& body, std::string_view name) {
  return body.if_contains(name);
}

std::string ActionPath(core::UserAction action, std::string_view user_id) {
  return "/users/" + std::string(core::ToString(core::TargetOf(action))) +
         "Users?user=" + std::string(user_id);
}

json::object Links(const services::UserView& view) {
  json::object links;
  links["self"] = Link(UserPath(view.record.user.id));
  for (core::UserAction action : view.actions) {
    links["apiture:" + std::string(core::ToString(action))] =
        Link(ActionPath(action, view.record.user.id));
  }
  return links;
}

json::array IdentificationOf(const services::UserRecord& record, const json::object& details) {
  json::array out;
  if (!record.profile.tax_id.empty()) {
    out.push_back(json::object{{"type", kTaxIdType}, {"value", MaskTaxId(record.profile.tax_id)}});
  }
  if (const json::value* others = details.if_contains("identification");
      others != nullptr && others->is_array()) {
    for (const json::value& entry : others->as_array()) {
      if (!entry.is_object()) continue;
      const json::value* type = entry.as_object().if_contains("type");
      const json::value* value = entry.as_object().if_contains("value");
      if (type == nullptr || value == nullptr || !value->is_string()) continue;
      out.push_back(json::object{{"type", *type}, {"value", MaskTaxId(value->as_string())}});
    }
  }
  return out;
}

json::array ItemsOf(const services::UserRecord& record, ContactKind kind, bool summary) {
  json::array out;
  for (const ContactItem* item : record.Of(kind)) {
    json::object encoded = EncodeContactItem(*item, true, &record.profile);
    if (summary) {
      encoded.erase("_links");
      encoded.erase("_profile");
    }
    out.push_back(std::move(encoded));
  }
  return out;
}

void CopyDetail(json::object& out, const json::object& details, std::string_view name) {
  if (const json::value* value = details.if_contains(name)) out[name] = *value;
}

void PutIfSet(json::object& out, std::string_view name, const std::string& value) {
  if (!value.empty()) out[name] = value;
}

std::string DetailText(const json::object& details, std::string_view name) {
  const json::value* value = details.if_contains(name);
  if (value == nullptr || !value->is_string()) return {};
  return std::string(value->as_string());
}

bool IsFieldName(std::string_view name) {
  if (name.size() < 4 || name.size() > 32) return false;
  if (!(std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
  return std::all_of(name.begin() + 1, name.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

// Top-level properties a PUT / PATCH body may set, with the check of their value.
Result<void> CheckWritable(const json::object& body, bool merge) {
  for (std::string_view name : {"username", "firstName", "lastName"}) {
    const json::value* value = Present(body, name);
    if (value == nullptr) {
      if (!merge) return Invalid(name);
      continue;
    }
    if (value->is_null() || !value->is_string() || !IsPlainText(value->as_string())) {
      return Invalid(name);
    }
  }
  if (const json::value* value = Present(body, "customerId"); value && !value->is_null()) {
    if (auto r = CustomerIdOf(*value); !r) return std::unexpected(r.error());
  }
  if (const json::value* value = Present(body, "occupation"); value && !value->is_null()) {
    if (auto r = TextOf(*value, "occupation"); !r) return std::unexpected(r.error());
  }
  if (const json::value* value = Present(body, "identification"); value && !value->is_null()) {
    if (auto r = ParseIdentification(*value); !r) return std::unexpected(r.error());
  }
  for (const DetailField& field : kDetailFields) {
    const json::value* value = Present(body, field.name);
    if (value == nullptr || value->is_null()) continue;
    if (auto r = CheckDetail(field, *value); !r) return std::unexpected(r.error());
  }
  if (const json::value* id = Present(body, "_id"); id && !id->is_string()) return Invalid("_id");
  if (const json::value* state = Present(body, "state"); state && !state->is_string()) {
    return Invalid("state");
  }
  return {};
}

// The stored value of a masked identification entry of this type, when `given` is its mask.
std::string Unmask(const std::string& given, const std::string& stored) {
  if (given.find('*') != std::string::npos && given == MaskTaxId(stored)) return stored;
  return given;
}

}  // namespace

std::string MaskTaxId(std::string_view tax_id) {
  constexpr std::size_t kShown = 4;
  if (tax_id.size() <= kShown) return std::string(tax_id.size(), '*');
  return std::string(tax_id.size() - kShown, '*') +
         std::string(tax_id.substr(tax_id.size() - kShown));
}

std::string UserPath(std::string_view user_id) { return "/users/users/" + std::string(user_id); }

json::object EncodeUser(const services::UserView& view) {
  const services::UserRecord& record = view.record;
  const core::User& user = record.user;
  const core::UserProfile& profile = record.profile;
  const json::object details = ParseObjectText(profile.details_json);
  json::object out;
  out["_profile"] = ProfileUri("users", "user", "1.12.1");
  out["_links"] = Links(view);
  out["_id"] = user.id;
  out["username"] = user.username;
  out["firstName"] = user.first_name;
  CopyDetail(out, details, "middleName");
  out["lastName"] = user.last_name;
  CopyDetail(out, details, "preferredName");
  CopyDetail(out, details, "suffix");
  if (view.pii) out["addresses"] = ItemsOf(record, ContactKind::kAddress, false);
  PutIfSet(out, "preferredMailingAddressId", profile.preferred_address_id);
  if (view.pii) out["emailAddresses"] = ItemsOf(record, ContactKind::kEmail, false);
  PutIfSet(out, "preferredEmailAddressId", profile.preferred_email_id);
  if (view.pii) out["phones"] = ItemsOf(record, ContactKind::kPhone, false);
  PutIfSet(out, "preferredPhoneId", profile.preferred_phone_id);
  if (view.pii) out["identification"] = IdentificationOf(record, details);
  CopyDetail(out, details, "preferredContactMethod");
  CopyDetail(out, details, "residencyStatus");
  PutIfSet(out, "customerId", profile.customer_id);
  CopyDetail(out, details, "birthdate");
  CopyDetail(out, details, "citizenship");
  PutIfSet(out, "occupation", profile.occupation);
  PutIfSet(out, "taxAddressId", profile.tax_address_id);
  CopyDetail(out, details, "yearsAtAddress");
  out["state"] = core::ToString(user.state);
  CopyDetail(out, details, "attributes");
  CopyDetail(out, details, "preferences");
  if (view.pii) CopyDetail(out, details, "kycAnswers");
  CopyDetail(out, details, "coreBanking");
  out["createdAt"] = FormatTime(user.created_at);
  if (profile.last_logged_in_at) out["lastLoggedInAt"] = FormatTime(*profile.last_logged_in_at);
  if (profile.last_contacted_at) out["lastContactedAt"] = FormatTime(*profile.last_contacted_at);
  return out;
}

json::object EncodeSummaryUser(const services::UserView& view) {
  const services::UserRecord& record = view.record;
  const core::User& user = record.user;
  const core::UserProfile& profile = record.profile;
  const json::object details = ParseObjectText(profile.details_json);
  json::object out;
  out["_id"] = user.id;
  out["_profile"] = ProfileUri("users", "summaryUser", "1.9.2");
  out["_links"] = Links(view);
  out["username"] = user.username;
  out["firstName"] = user.first_name;
  CopyDetail(out, details, "middleName");
  out["lastName"] = user.last_name;
  CopyDetail(out, details, "preferredName");
  if (view.pii) out["identification"] = IdentificationOf(record, details);
  PutIfSet(out, "customerId", profile.customer_id);
  if (view.pii) {
    out["emailAddresses"] = ItemsOf(record, ContactKind::kEmail, true);
    out["phones"] = ItemsOf(record, ContactKind::kPhone, true);
  }
  CopyDetail(out, details, "birthdate");
  CopyDetail(out, details, "citizenship");
  PutIfSet(out, "occupation", profile.occupation);
  if (view.pii) out["addresses"] = ItemsOf(record, ContactKind::kAddress, true);
  CopyDetail(out, details, "yearsAtAddress");
  if (profile.last_contacted_at) out["lastContactedAt"] = FormatTime(*profile.last_contacted_at);
  if (profile.last_logged_in_at) out["lastLoggedInAt"] = FormatTime(*profile.last_logged_in_at);
  out["state"] = core::ToString(user.state);
  out["createdAt"] = FormatTime(user.created_at);
  return out;
}

json::object EncodeFoundUsers(const std::vector<services::UserView>& views) {
  json::array items;
  for (const services::UserView& view : views) items.push_back(EncodeSummaryUser(view));
  const auto count = static_cast<std::int64_t>(views.size());
  return Collection(Page{.path = "/users/users",
                         .name = "users",
                         .start = 0,
                         .limit = std::max<std::int64_t>(count, 1),
                         .count = count},
                    std::move(items), ProfileUri("users", "users", "1.9.2"));
}

Result<std::vector<std::string>> ParseFields(std::string_view text) {
  std::vector<std::string> fields;
  while (true) {
    std::size_t comma = text.find(',');
    std::string_view name = text.substr(0, comma);
    if (!IsFieldName(name) || std::find(fields.begin(), fields.end(), name) != fields.end()) {
      return Fail(ErrorCode::kInvalidQueryParameter, "fields");
    }
    fields.emplace_back(name);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return fields;
}

json::object ProjectFields(const json::object& user, const std::vector<std::string>& fields) {
  json::object out;
  for (std::string_view name : {"_profile", "_id"}) {
    if (const json::value* value = user.if_contains(name)) out[name] = *value;
  }
  for (const std::string& name : fields) {
    if (const json::value* value = user.if_contains(name)) out[name] = *value;
  }
  return out;
}

Result<services::NewProfileUser> DecodeCreateUser(const json::object& body) {
  services::NewProfileUser input;
  services::UserFields& fields = input.fields;
  for (auto [name, target] :
       {std::pair{"username", &fields.username}, std::pair{"firstName", &fields.first_name},
        std::pair{"lastName", &fields.last_name}}) {
    const json::value* value = Present(body, name);
    if (value == nullptr || !value->is_string() || value->as_string().empty()) {
      return Invalid(name);
    }
    auto text = TextOf(*value, name);
    if (!text) return std::unexpected(text.error());
    *target = std::move(*text);
  }
  if (const json::value* value = Present(body, "customerId"); value && !value->is_null()) {
    auto id = CustomerIdOf(*value);
    if (!id) return std::unexpected(id.error());
    fields.customer_id = std::move(*id);
  }
  if (const json::value* value = Present(body, "occupation"); value && !value->is_null()) {
    auto text = TextOf(*value, "occupation");
    if (!text) return std::unexpected(text.error());
    fields.occupation = std::move(*text);
  }
  json::object details;
  if (const json::value* value = Present(body, "identification"); value && !value->is_null()) {
    auto identification = ParseIdentification(*value);
    if (!identification) return std::unexpected(identification.error());
    if (identification->tax_id) fields.tax_id = services::NormalizeTaxId(*identification->tax_id);
    if (identification->tax_id && fields.tax_id.empty()) return Invalid("identification");
    if (!identification->others.empty()) details["identification"] = identification->others;
  }
  for (const DetailField& field : kDetailFields) {
    const json::value* value = Present(body, field.name);
    if (value == nullptr || value->is_null()) continue;
    auto checked = CheckDetail(field, *value);
    if (!checked) return std::unexpected(checked.error());
    details[field.name] = std::move(*checked);
  }
  fields.details_json = json::serialize(details);

  const std::pair<std::string_view, ContactKind> lists[] = {{"addresses", ContactKind::kAddress},
                                                            {"emailAddresses", ContactKind::kEmail},
                                                            {"phones", ContactKind::kPhone}};
  for (const auto& [name, kind] : lists) {
    const json::value* value = Present(body, name);
    if (value == nullptr || value->is_null()) continue;
    if (!value->is_array()) return Invalid(name);
    for (const json::value& entry : value->as_array()) {
      if (!entry.is_object()) return Invalid(name);
      auto item = DecodeContactItem(entry.as_object(), kind);
      if (!item) return std::unexpected(item.error());
      input.items.push_back(std::move(*item));
    }
  }
  const std::pair<std::string_view, std::string*> pointers[] = {
      {"preferredMailingAddressId", &input.preferred_address_id},
      {"taxAddressId", &input.tax_address_id},
      {"preferredEmailAddressId", &input.preferred_email_id},
      {"preferredPhoneId", &input.preferred_phone_id},
      {"preferredPhoneNumberId", &input.preferred_phone_id}};
  for (const auto& [name, target] : pointers) {
    const json::value* value = Present(body, name);
    if (value == nullptr || value->is_null()) continue;
    if (!value->is_string() || value->as_string().empty()) return Invalid(name);
    if (!target->empty() && *target != value->as_string()) return Invalid(name);
    *target = std::string(value->as_string());
  }
  if (const json::value* value = Present(body, "password"); value && !value->is_null()) {
    if (!value->is_string()) return Invalid("password");
    input.password = std::string(value->as_string());
  }
  return input;
}

Result<UserUpdate> DecodeUserUpdate(json::object body, bool merge) {
  if (auto r = CheckWritable(body, merge); !r) return std::unexpected(r.error());
  return UserUpdate{.body = std::move(body), .merge = merge};
}

Result<services::UserChange> ApplyUserUpdate(const UserUpdate& update,
                                             const services::UserRecord& current) {
  const json::object& body = update.body;
  const json::object stored_details = ParseObjectText(current.profile.details_json);
  services::UserChange change;
  services::UserFields& fields = change.fields;
  fields.username = current.user.username;
  fields.first_name = current.user.first_name;
  fields.last_name = current.user.last_name;
  fields.tax_id = current.profile.tax_id;
  json::object details;
  if (update.merge) {
    fields.customer_id = current.profile.customer_id;
    fields.occupation = current.profile.occupation;
    details = stored_details;
  } else if (const json::value* kept = stored_details.if_contains("identification")) {
    // PUT without identification keeps it: key fields cannot be removed.
    if (!body.contains("identification")) details["identification"] = *kept;
  }

  for (auto [name, target] :
       {std::pair{"username", &fields.username}, std::pair{"firstName", &fields.first_name},
        std::pair{"lastName", &fields.last_name}}) {
    if (const json::value* value = Present(body, name)) *target = value->as_string();
  }
  if (const json::value* value = Present(body, "customerId")) {
    fields.customer_id.clear();
    if (!value->is_null()) {
      auto id = CustomerIdOf(*value);
      if (!id) return std::unexpected(id.error());
      fields.customer_id = std::move(*id);
    }
  }
  if (const json::value* value = Present(body, "occupation")) {
    fields.occupation = value->is_null() ? std::string() : std::string(value->as_string());
  }
  if (const json::value* value = Present(body, "identification")) {
    fields.tax_id.clear();
    details.erase("identification");
    if (!value->is_null()) {
      auto identification = ParseIdentification(*value);
      if (!identification) return std::unexpected(identification.error());
      if (identification->tax_id) {
        fields.tax_id = Unmask(*identification->tax_id, current.profile.tax_id);
        if (fields.tax_id != current.profile.tax_id) {
          fields.tax_id = services::NormalizeTaxId(fields.tax_id);
        }
        if (fields.tax_id.empty()) return Invalid("identification");
      }
      // Other identification entries sent back masked keep their stored values.
      const json::value* old = stored_details.if_contains("identification");
      for (json::value& entry : identification->others) {
        json::object& object = entry.as_object();
        std::string given(object.at("value").as_string());
        if (old != nullptr && old->is_array()) {
          for (const json::value& previous : old->as_array()) {
            if (!previous.is_object()) continue;
            const json::value* type = previous.as_object().if_contains("type");
            const json::value* text = previous.as_object().if_contains("value");
            if (type && text && text->is_string() && *type == object.at("type")) {
              std::string unmasked = Unmask(given, std::string(text->as_string()));
              if (unmasked != given) {
                object["value"] = unmasked;
                break;
              }
            }
          }
        }
      }
      if (!identification->others.empty()) details["identification"] = identification->others;
    }
  }
  for (const DetailField& field : kDetailFields) {
    const json::value* value = Present(body, field.name);
    if (value == nullptr) continue;
    if (value->is_null()) {
      details.erase(field.name);
      continue;
    }
    auto checked = CheckDetail(field, *value);
    if (!checked) return std::unexpected(checked.error());
    details[field.name] = std::move(*checked);
  }
  fields.details_json = json::serialize(details);
  if (const json::value* id = Present(body, "_id")) change.id = std::string(id->as_string());
  if (const json::value* state = Present(body, "state")) {
    change.state = std::string(state->as_string());
  }
  return change;
}

core::UserFacts FactsOfUser(const services::UserRecord& record) {
  const json::object details = ParseObjectText(record.profile.details_json);
  core::UserFacts facts{.id = record.user.id,
                        .username = record.user.username,
                        .state = std::string(core::ToString(record.user.state)),
                        .occupation = record.profile.occupation,
                        .customer_id = record.profile.customer_id,
                        .first_name = record.user.first_name,
                        .middle_name = DetailText(details, "middleName"),
                        .last_name = record.user.last_name,
                        .preferred_name = DetailText(details, "preferredName"),
                        .birthdate = DetailText(details, "birthdate"),
                        .created_at = record.user.created_at,
                        .last_logged_in_at = record.profile.last_logged_in_at,
                        .last_contacted_at = record.profile.last_contacted_at};
  for (const ContactItem& item : record.items) {
    switch (item.kind) {
      case ContactKind::kEmail:
        facts.emails.push_back(item.value);
        facts.pii_texts.push_back(item.value);
        break;
      case ContactKind::kPhone:
        facts.pii_texts.push_back(item.value);
        break;
      case ContactKind::kAddress: {
        const json::object address = ParseObjectText(item.details_json);
        for (std::string_view name : {"addressLine1", "addressLine2", "addressLine3", "city"}) {
          std::string text = DetailText(address, name);
          if (!text.empty()) facts.pii_texts.push_back(std::move(text));
        }
        break;
      }
    }
  }
  if (!record.profile.tax_id.empty()) facts.pii_texts.push_back(record.profile.tax_id);
  if (const json::value* others = details.if_contains("identification");
      others != nullptr && others->is_array()) {
    for (const json::value& entry : others->as_array()) {
      if (!entry.is_object()) continue;
      std::string text = DetailText(entry.as_object(), "value");
      if (!text.empty()) facts.pii_texts.push_back(std::move(text));
    }
  }
  return facts;
}

}  // namespace roster::api::apiture
