#include "api/apiture/contacts/contact_json.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "api/apiture/hal.h"
#include "core/validation.h"
#include "services/contact_service.h"

namespace roster::api::apiture {

namespace json = boost::json;
using core::ContactItem;
using core::ContactKind;
using core::ErrorCode;
using core::Fail;
using core::Result;

namespace {

// The addressType enum of the source (§5.2) plus "residential" (its examples) and "poBox" (the
// remediation of residentialAddressMayNotBePoBox).
constexpr std::array<std::string_view, 17> kAddressTypes = {
    "unknown",  "home",     "prior",         "work",         "school",     "mailing",
    "vacation", "shipping", "billing",       "headquarters", "commercial", "site",
    "property", "other",    "notApplicable", "residential",  "poBox"};
// The only list of phone types the source has (the invalidPhoneType example).
constexpr std::array<std::string_view, 6> kPhoneTypes = {"home", "mobile", "work",
                                                         "fax",  "school", "other"};

// The address fields kept in ContactItem::details_json, in wire order.
constexpr std::array<std::string_view, 8> kAddressFields = {
    "addressLine1", "addressLine2", "addressLine3", "city",
    "regionCode",   "postalCode",   "countryCode",  "otherType"};
// Address fields that are personal data (left out when pii is false).
constexpr std::array<std::string_view, 5> kAddressPii = {"addressLine1", "addressLine2",
                                                         "addressLine3", "city", "postalCode"};

template <std::size_t N>
bool OneOf(const std::array<std::string_view, N>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string_view CollectionName(ContactKind kind) {
  switch (kind) {
    case ContactKind::kAddress:
      return "addresses";
    case ContactKind::kEmail:
      return "emailAddresses";
    case ContactKind::kPhone:
      return "phoneNumbers";
  }
  return "";
}

std::string_view PreferredPath(ContactKind kind) {
  switch (kind) {
    case ContactKind::kAddress:
      return "preferredAddress";
    case ContactKind::kEmail:
      return "preferredEmailAddress";
    case ContactKind::kPhone:
      return "preferredPhoneNumber";
  }
  return "";
}

std::string ItemProfile(ContactKind kind) {
  switch (kind) {
    case ContactKind::kAddress:
      return ProfileUri("users", "userAddress", "1.2.2");
    case ContactKind::kEmail:
      return ProfileUri("users", "userEmailAddress", "1.1.0");
    case ContactKind::kPhone:
      return ProfileUri("users", "userPhoneNumber", "1.2.1");
  }
  return "";
}

std::string ListProfile(ContactKind kind) {
  switch (kind) {
    case ContactKind::kAddress:
      return ProfileUri("users", "userAddresses", "1.2.2");
    case ContactKind::kEmail:
      return ProfileUri("users", "userEmailAddresses", "1.1.0");
    case ContactKind::kPhone:
      return ProfileUri("users", "userPhoneNumbers", "1.2.1");
  }
  return "";
}

// "notApplicable" -> "Not Applicable", "poBox" -> "P.O. Box".
std::string LabelOf(std::string_view type) {
  if (type == "poBox") return "P.O. Box";
  std::string label;
  for (std::size_t i = 0; i < type.size(); ++i) {
    const char c = type[i];
    if (i == 0) {
      label += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (std::isupper(static_cast<unsigned char>(c))) {
      label += ' ';
      label += c;
    } else {
      label += c;
    }
  }
  return label;
}

json::object ParseDetails(const std::string& text) {
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec || !value.is_object()) return {};
  return std::move(value.as_object());
}

bool IsDeletable(const ContactItem& item, const core::UserProfile* profile) {
  if (profile == nullptr) return true;
  switch (item.kind) {
    case ContactKind::kAddress:
      return item.id != profile->tax_address_id;
    case ContactKind::kEmail:
      return item.id != profile->preferred_email_id;
    case ContactKind::kPhone:
      return item.id != profile->preferred_phone_id;
  }
  return true;
}

bool HasControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

bool AllOf(std::string_view text, int (*predicate)(int)) {
  return std::all_of(text.begin(), text.end(),
                     [&](char c) { return predicate(static_cast<unsigned char>(c)) != 0; });
}

// A string property: nullopt when absent (or null); kInvalidInput when not a string.
Result<std::optional<std::string>> OptionalString(const json::object& body, std::string_view name) {
  const json::value* value = body.if_contains(name);
  if (value == nullptr || value->is_null()) return std::optional<std::string>();
  if (!value->is_string()) return Fail(ErrorCode::kInvalidInput, std::string(name));
  return std::optional<std::string>(std::string(value->as_string()));
}

Result<std::string> RequiredString(const json::object& body, std::string_view name) {
  auto value = OptionalString(body, name);
  if (!value) return std::unexpected(value.error());
  if (!*value || (*value)->empty()) return Fail(ErrorCode::kInvalidInput, std::string(name));
  return std::move(**value);
}

// Free text of an address: no control characters, within [min, max] bytes.
bool IsAddressText(std::string_view text, std::size_t min, std::size_t max) {
  return text.size() >= min && text.size() <= max && !HasControl(text) && core::IsValidUtf8(text) &&
         text.find_first_not_of(' ') != std::string_view::npos;
}

// E.164: '+', a non-zero digit, 7..15 digits in all.
bool IsPhoneNumber(std::string_view number) {
  if (number.size() < 8 || number.size() > 16 || number[0] != '+' || number[1] == '0') {
    return false;
  }
  return AllOf(number.substr(1), &isdigit);
}

bool IsPostalCode(std::string_view code, std::string_view country) {
  if (country == "US") {
    // ^[0-9]{5}(?:-[0-9]{4})?$
    if (code.size() != 5 && code.size() != 10) return false;
    if (!AllOf(code.substr(0, 5), &isdigit)) return false;
    return code.size() == 5 || (code[5] == '-' && AllOf(code.substr(6), &isdigit));
  }
  // Elsewhere (e.g. Canada "K1A 0B1"): 3..10 letters, digits, spaces and dashes.
  return code.size() >= 3 && code.size() <= 10 && std::all_of(code.begin(), code.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == ' ' || c == '-';
         });
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

Result<void> DecodeAddress(const json::object& body, ContactItem& item) {
  json::object details;
  auto line1 = RequiredString(body, "addressLine1");
  if (!line1) return std::unexpected(line1.error());
  if (!IsAddressText(*line1, 4, 128)) return Fail(ErrorCode::kInvalidInput, "addressLine1");
  details["addressLine1"] = *line1;
  for (std::string_view name : {"addressLine2", "addressLine3"}) {
    auto line = OptionalString(body, name);
    if (!line) return std::unexpected(line.error());
    if (!*line || (*line)->empty()) continue;
    if (!IsAddressText(**line, 1, 128)) return Fail(ErrorCode::kInvalidInput, std::string(name));
    details[name] = **line;
  }
  auto city = RequiredString(body, "city");
  if (!city) return std::unexpected(city.error());
  if (!IsAddressText(*city, 2, 128)) return Fail(ErrorCode::kInvalidInput, "city");
  details["city"] = *city;

  auto country = RequiredString(body, "countryCode");
  if (!country) return std::unexpected(country.error());
  if (country->size() != 2 || !AllOf(*country, &isalpha)) {
    return Fail(ErrorCode::kInvalidInput, "countryCode");
  }
  const std::string country_code = Upper(*country);

  auto region = OptionalString(body, "regionCode");
  if (!region) return std::unexpected(region.error());
  if (*region && !(*region)->empty()) {
    if ((*region)->size() != 2 || !AllOf(**region, &isalpha)) {
      return Fail(ErrorCode::kInvalidInput, "regionCode");
    }
    details["regionCode"] = Upper(**region);
  } else if (country_code == "US") {
    return Fail(ErrorCode::kInvalidInput, "regionCode");
  }

  auto postal = RequiredString(body, "postalCode");
  if (!postal) return std::unexpected(postal.error());
  if (!IsPostalCode(*postal, country_code)) return Fail(ErrorCode::kInvalidInput, "postalCode");
  details["postalCode"] = *postal;
  details["countryCode"] = country_code;

  auto other = OptionalString(body, "otherType");
  if (!other) return std::unexpected(other.error());
  if (*other && !(*other)->empty()) {
    if (!IsAddressText(**other, 4, 32)) return Fail(ErrorCode::kInvalidInput, "otherType");
    details["otherType"] = **other;
  }
  item.details_json = json::serialize(details);
  return {};
}

}  // namespace

std::string ContactPath(std::string_view user_id, ContactKind kind, std::string_view id) {
  std::string path =
      "/users/users/" + std::string(user_id) + "/" + std::string(CollectionName(kind));
  if (!id.empty()) path += "/" + std::string(id);
  return path;
}

json::object EncodeContactItem(const ContactItem& item, bool pii,
                               const core::UserProfile* profile) {
  json::object out;
  out["_profile"] = ItemProfile(item.kind);
  out["_id"] = item.id;
  out["type"] = item.type;
  json::object details = ParseDetails(item.details_json);
  std::string label = LabelOf(item.type);
  switch (item.kind) {
    case ContactKind::kAddress:
      if (item.type == "other" && details.contains("otherType") &&
          details.at("otherType").is_string()) {
        label = std::string(details.at("otherType").as_string());
      }
      out["label"] = label;
      for (std::string_view name : kAddressFields) {
        if (!pii && OneOf(kAddressPii, name)) continue;
        if (const json::value* value = details.if_contains(name)) out[name] = *value;
      }
      break;
    case ContactKind::kEmail:
      out["label"] = label;
      if (pii) out["value"] = item.value;
      break;
    case ContactKind::kPhone:
      out["label"] = label;
      if (pii) {
        out["number"] = item.value;
        if (const json::value* extension = details.if_contains("extension")) {
          out["extension"] = *extension;
        }
      }
      break;
  }
  out["state"] = item.state;
  if (!item.replace_id.empty() && item.state == "pending") out["replaceId"] = item.replace_id;

  const std::string self = ContactPath(item.user_id, item.kind, item.id);
  json::object links;
  links["self"] = Link(self);
  if (IsDeletable(item, profile)) links["delete"] = Link(self);
  if (item.state == "approved") {
    const std::string base = "/users/users/" + item.user_id + "/";
    links["apiture:setAsPreferred"] =
        Link(base + std::string(PreferredPath(item.kind)) + "?value=" + item.id);
    if (item.kind == ContactKind::kAddress && !services::IsPoBox(item)) {
      links["apiture:setAsTaxAddress"] = Link(base + "taxAddress?value=" + item.id);
    }
  }
  out["_links"] = std::move(links);
  return out;
}

json::object EncodeContactItems(std::string_view user_id, ContactKind kind,
                                const std::vector<ContactItem>& items, bool pii,
                                const core::UserProfile* profile) {
  json::array array;
  for (const ContactItem& item : items) {
    if (item.kind == kind) array.push_back(EncodeContactItem(item, pii, profile));
  }
  json::object out;
  out["_profile"] = ListProfile(kind);
  out["_links"] = json::object{{"self", Link(ContactPath(user_id, kind))}};
  out["items"] = std::move(array);
  return out;
}

Result<ContactItem> DecodeContactItem(const json::object& body, ContactKind kind) {
  ContactItem item{.kind = kind};
  auto id = OptionalString(body, "_id");
  if (!id) return std::unexpected(id.error());
  if (*id) {
    if (!services::IsValidItemId(**id)) return Fail(ErrorCode::kInvalidInput, "_id");
    item.id = **id;
  }

  const json::value* type = body.if_contains("type");
  switch (kind) {
    case ContactKind::kAddress: {
      if (type == nullptr || type->is_null()) return Fail(ErrorCode::kInvalidInput, "type");
      if (!type->is_string() || !OneOf(kAddressTypes, type->as_string())) {
        return Fail(ErrorCode::kInvalidAddressType,
                    type->is_string() ? std::string(type->as_string()) : json::serialize(*type));
      }
      item.type = type->as_string();
      if (auto r = DecodeAddress(body, item); !r) return std::unexpected(r.error());
      break;
    }
    case ContactKind::kEmail: {
      // No enum in the source (examples: personal, work): a short camelCase word.
      auto given = OptionalString(body, "type");
      if (!given) return std::unexpected(given.error());
      item.type = given->value_or("personal");
      if (item.type.empty() || item.type.size() > 32 ||
          !std::isalpha(static_cast<unsigned char>(item.type[0])) || !AllOf(item.type, &isalnum)) {
        return Fail(ErrorCode::kInvalidInput, "type");
      }
      auto value = RequiredString(body, "value");
      if (!value) return std::unexpected(value.error());
      if (!core::IsValidEmail(*value)) return Fail(ErrorCode::kInvalidInput, "value");
      item.value = *value;
      break;
    }
    case ContactKind::kPhone: {
      if (type == nullptr || type->is_null()) return Fail(ErrorCode::kInvalidInput, "type");
      if (!type->is_string() || !OneOf(kPhoneTypes, type->as_string())) {
        return Fail(ErrorCode::kInvalidPhoneType,
                    type->is_string() ? std::string(type->as_string()) : json::serialize(*type));
      }
      item.type = type->as_string();
      auto number = RequiredString(body, "number");
      if (!number) return std::unexpected(number.error());
      if (!IsPhoneNumber(*number)) return Fail(ErrorCode::kInvalidInput, "number");
      item.value = *number;
      auto extension = OptionalString(body, "extension");
      if (!extension) return std::unexpected(extension.error());
      json::object details;
      if (*extension && !(*extension)->empty()) {
        if ((*extension)->size() > 10 || !AllOf(**extension, &isdigit)) {
          return Fail(ErrorCode::kInvalidInput, "extension");
        }
        details["extension"] = **extension;
      }
      item.details_json = json::serialize(details);
      break;
    }
  }
  return item;
}

}  // namespace roster::api::apiture
