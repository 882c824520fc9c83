#include "api/obp/customers/customers_json.h"

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "api/obp/json.h"

namespace roster::api::obp {

namespace {

using core::ErrorCode;
using core::Fail;
using core::Result;

std::unexpected<core::Error> Bad(std::string_view field) {
  return Fail(ErrorCode::kInvalidJson, {}, std::string(field));
}

// A present, non-null member, or nullptr.
const json::value* Member(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value == nullptr || value->is_null() ? nullptr : value;
}

// "yyyy-MM-ddTHH:mm:ssZ" or "yyyy-MM-dd", normalised to the former; nullopt when malformed.
std::optional<std::string> NormaliseDate(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int consumed = 0;
  // sscanf alone would accept signs and spaces inside the fields.
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool separator = i == 4 || i == 7 || i == 10 || i == 13 || i == 16 || i == 19;
    if (!separator && (text[i] < '0' || text[i] > '9')) return std::nullopt;
  }
  std::string copy(text);
  if (text.size() == 10) {
    if (std::sscanf(copy.c_str(), "%4d-%2d-%2d%n", &year, &month, &day, &consumed) != 3) {
      return std::nullopt;
    }
  } else if (text.size() == 20) {
    if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &year, &month, &day, &hour, &minute,
                    &second, &consumed) != 6) {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  if (consumed != static_cast<int>(text.size())) return std::nullopt;
  std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month(month),
                                   std::chrono::day(day)};
  if (!date.ok() || hour > 23 || minute > 59 || second > 59 || hour < 0 || minute < 0 ||
      second < 0) {
    return std::nullopt;
  }
  return FormatDate(core::TimePoint{std::chrono::sys_days{date}} + std::chrono::hours(hour) +
                    std::chrono::minutes(minute) + std::chrono::seconds(second));
}

Result<std::optional<std::string>> OptionalString(const json::object& object,
                                                  std::string_view key) {
  const json::value* value = Member(object, key);
  if (value == nullptr) return std::optional<std::string>();
  if (!value->is_string()) return Bad(key);
  return std::optional<std::string>(std::string(value->as_string()));
}

Result<std::optional<std::string>> OptionalDate(const json::object& object, std::string_view key) {
  auto text = OptionalString(object, key);
  if (!text) return text;
  if (!*text) return text;
  auto date = NormaliseDate(**text);
  if (!date) return Bad(key);
  return date;
}

// A string, or a number given where the reference accepts one (lift-json converts it).
Result<std::string> StringOrNumber(const json::object& object, std::string_view key) {
  const json::value* value = Member(object, key);
  if (value == nullptr) return Bad(key);
  if (value->is_string()) return std::string(value->as_string());
  if (value->is_number()) return json::serialize(*value);
  return Bad(key);
}

// Copies optional string fields into `details`.
Result<void> CopyStrings(const json::object& body, json::object& details,
                         std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    auto value = OptionalString(body, key);
    if (!value) return std::unexpected(value.error());
    if (*value) details[key] = **value;
  }
  return {};
}

json::object Details(const core::Customer& customer) {
  boost::system::error_code ec;
  json::value parsed = json::parse(customer.details_json, ec);
  if (ec || !parsed.is_object()) return {};
  return std::move(parsed.as_object());
}

std::string StringOf(const json::object& details, std::string_view key) {
  const json::value* value = details.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

// The customer fields shared by every version; dates in the full form.
json::object CommonJson(const core::Customer& customer, const json::object& details) {
  json::object out;
  out["bank_id"] = customer.bank_id;
  out["customer_id"] = customer.id;
  out["customer_number"] = customer.customer_number;
  out["legal_name"] = customer.legal_name;
  out["mobile_phone_number"] = customer.mobile_phone_number;
  out["email"] = customer.email;
  json::object face_image{{"url", ""}};
  if (const json::value* face = details.if_contains("face_image"); face && face->is_object()) {
    face_image = face->as_object();
  }
  out["face_image"] = std::move(face_image);
  if (const json::value* dob = details.if_contains("date_of_birth")) out["date_of_birth"] = *dob;
  out["relationship_status"] = StringOf(details, "relationship_status");
  const json::value* dependants = details.if_contains("dependants");
  out["dependants"] = dependants != nullptr ? *dependants : json::value(0);
  const json::value* dob_of_dependants = details.if_contains("dob_of_dependants");
  out["dob_of_dependants"] = dob_of_dependants != nullptr ? *dob_of_dependants : json::array{};
  for (std::string_view key : {"credit_rating", "credit_limit"}) {
    if (const json::value* value = details.if_contains(key)) out[key] = *value;
  }
  out["highest_education_attained"] = StringOf(details, "highest_education_attained");
  out["employment_status"] = StringOf(details, "employment_status");
  const json::value* kyc = details.if_contains("kyc_status");
  out["kyc_status"] = kyc != nullptr ? *kyc : json::value(false);
  if (const json::value* last = details.if_contains("last_ok_date")) out["last_ok_date"] = *last;
  return out;
}

void AddV310Tail(json::object& out, const json::object& details) {
  out["title"] = StringOf(details, "title");
  out["branch_id"] = StringOf(details, "branch_id");
  out["name_suffix"] = StringOf(details, "name_suffix");
}

std::string DayOf(const json::value& date) {
  return date.is_string() ? std::string(date.as_string().subview(0, 10)) : std::string();
}

}  // namespace

Result<core::Customer> DecodePostCustomerV500(const json::object& body) {
  core::Customer customer;
  json::object details;

  auto number = OptionalString(body, "customer_number");
  if (!number) return std::unexpected(number.error());
  customer.customer_number = number->value_or("");
  auto legal_name = RequiredString(body, "legal_name");
  if (!legal_name) return std::unexpected(legal_name.error());
  customer.legal_name = std::move(*legal_name);
  auto phone = RequiredString(body, "mobile_phone_number");
  if (!phone) return std::unexpected(phone.error());
  customer.mobile_phone_number = std::move(*phone);
  auto email = OptionalString(body, "email");
  if (!email) return std::unexpected(email.error());
  customer.email = email->value_or("");

  if (const json::value* face = Member(body, "face_image")) {
    if (!face->is_object()) return Bad("face_image");
    auto url = RequiredString(face->as_object(), "url");
    if (!url) return std::unexpected(url.error());
    auto date = OptionalDate(face->as_object(), "date");
    if (!date) return std::unexpected(date.error());
    if (!*date) return Bad("face_image.date");
    details["face_image"] = json::object{{"url", *url}, {"date", **date}};
  }
  auto dob = OptionalDate(body, "date_of_birth");
  if (!dob) return std::unexpected(dob.error());
  if (*dob) details["date_of_birth"] = **dob;
  if (auto r = CopyStrings(body, details, {"relationship_status"}); !r) {
    return std::unexpected(r.error());
  }

  std::int64_t dependants = 0;
  if (const json::value* value = Member(body, "dependants")) {
    if (value->is_int64() && value->as_int64() >= 0) {
      dependants = value->as_int64();
    } else if (value->is_uint64() && value->as_uint64() <= 0x7fffffff) {
      dependants = static_cast<std::int64_t>(value->as_uint64());
    } else {
      return Bad("dependants");
    }
    details["dependants"] = dependants;
  }
  json::array dates;
  if (const json::value* value = Member(body, "dob_of_dependants")) {
    if (!value->is_array()) return Bad("dob_of_dependants");
    for (const json::value& item : value->as_array()) {
      if (!item.is_string()) return Bad("dob_of_dependants");
      auto date = NormaliseDate(item.as_string());
      if (!date) return Bad("dob_of_dependants");
      dates.emplace_back(*date);
    }
    details["dob_of_dependants"] = dates;
  }
  if (dependants != static_cast<std::int64_t>(dates.size())) {
    return Fail(ErrorCode::kInvalidJson,
                "The field dependants(" + std::to_string(dependants) + ") not equal the length(" +
                    std::to_string(dates.size()) + ") of dob_of_dependants array");
  }

  if (const json::value* rating = Member(body, "credit_rating")) {
    if (!rating->is_object()) return Bad("credit_rating");
    auto value = RequiredString(rating->as_object(), "rating");
    if (!value) return std::unexpected(value.error());
    auto source = RequiredString(rating->as_object(), "source");
    if (!source) return std::unexpected(source.error());
    details["credit_rating"] = json::object{{"rating", *value}, {"source", *source}};
  }
  if (const json::value* limit = Member(body, "credit_limit")) {
    if (!limit->is_object()) return Bad("credit_limit");
    auto currency = RequiredString(limit->as_object(), "currency");
    if (!currency) return std::unexpected(currency.error());
    auto amount = StringOrNumber(limit->as_object(), "amount");
    if (!amount) return std::unexpected(amount.error());
    details["credit_limit"] = json::object{{"currency", *currency}, {"amount", *amount}};
  }
  if (auto r = CopyStrings(body, details, {"highest_education_attained", "employment_status"});
      !r) {
    return std::unexpected(r.error());
  }
  if (const json::value* kyc = Member(body, "kyc_status")) {
    if (!kyc->is_bool()) return Bad("kyc_status");
    details["kyc_status"] = kyc->as_bool();
  }
  auto last_ok = OptionalDate(body, "last_ok_date");
  if (!last_ok) return std::unexpected(last_ok.error());
  if (*last_ok) details["last_ok_date"] = **last_ok;
  if (auto r = CopyStrings(body, details, {"title", "branch_id", "name_suffix"}); !r) {
    return std::unexpected(r.error());
  }
  customer.details_json = json::serialize(details);
  return customer;
}

json::object CustomerJsonV310(const core::Customer& customer) {
  json::object details = Details(customer);
  json::object out = CommonJson(customer, details);
  AddV310Tail(out, details);
  return out;
}

json::object CustomerJsonV300(const core::Customer& customer) {
  json::object details = Details(customer);
  json::object out = CommonJson(customer, details);
  const json::value* dob = details.if_contains("date_of_birth");
  out["date_of_birth"] = dob != nullptr ? DayOf(*dob) : std::string();
  json::array days;
  if (const json::value* dates = details.if_contains("dob_of_dependants");
      dates && dates->is_array()) {
    for (const json::value& date : dates->as_array()) days.emplace_back(DayOf(date));
  }
  out["dob_of_dependants"] = std::move(days);
  AddV310Tail(out, details);
  return out;
}

json::object CustomerJsonV210(const core::Customer& customer) {
  return CommonJson(customer, Details(customer));
}

json::object CustomerWithAttributesJsonV300(const core::Customer& customer) {
  json::object out = CustomerJsonV300(customer);
  out["customer_attributes"] = json::array{};
  return out;
}

json::object CustomersJson(const std::vector<core::Customer>& customers,
                           json::object (*encode)(const core::Customer&)) {
  json::array list;
  list.reserve(customers.size());
  for (const auto& customer : customers) list.emplace_back(encode(customer));
  return {{"customers", std::move(list)}};
}

json::object CustomersMinimalJson(const std::vector<core::Customer>& customers) {
  json::array list;
  list.reserve(customers.size());
  for (const auto& customer : customers) {
    list.emplace_back(json::object{{"bank_id", customer.bank_id}, {"customer_id", customer.id}});
  }
  return {{"customers", std::move(list)}};
}

json::object UserCustomerLinkJson(const core::UserCustomerLink& link) {
  return {{"user_customer_link_id", link.id},
          {"customer_id", link.customer_id},
          {"user_id", link.user_id},
          {"date_inserted", FormatDate(link.created_at)},
          {"is_active", link.is_active}};
}

}  // namespace roster::api::obp
