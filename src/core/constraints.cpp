#include "core/constraints.h"

#include <algorithm>
#include <array>
#include <string>

#include "core/labels.h"

namespace roster::core {

namespace json = boost::json;

namespace {

enum class Kind { kMoney, kBoolean, kCount, kTier };

struct Field {
  std::string_view section;
  std::string_view name;
  Kind kind;
};

constexpr std::array<Field, 8> kFields = {{
    {"transfers", "singleCreditLimit", Kind::kMoney},
    {"transfers", "singleDebitLimit", Kind::kMoney},
    {"transfers", "dailyCreditLimit", Kind::kMoney},
    {"transfers", "dailyDebitLimit", Kind::kMoney},
    {"checkDeposits", "enabled", Kind::kBoolean},
    {"checkDeposits", "monthlyTotalAmountLimit", Kind::kMoney},
    {"checkDeposits", "monthlyTotalChecksLimit", Kind::kCount},
    {"checkDeposits", "segmentationTier", Kind::kTier},
}};

constexpr std::array<std::string_view, 2> kSections = {"transfers", "checkDeposits"};

const Field* FindField(std::string_view section, std::string_view name) {
  for (const Field& field : kFields) {
    if (field.section == section && field.name == name) return &field;
  }
  return nullptr;
}

bool IsHalMember(std::string_view name) {
  return name == "_profile" || name == "_links" || name == "_error" || name == "_embedded";
}

bool Valid(Kind kind, const json::value& value) {
  switch (kind) {
    case Kind::kMoney:
      return value.is_string() && IsMoneyAmount(value.get_string());
    case Kind::kBoolean:
      return value.is_bool();
    case Kind::kCount:
      return (value.is_int64() && value.get_int64() >= 0) ||
             (value.is_uint64() && value.get_uint64() <= 1'000'000'000'000ull);
    case Kind::kTier:
      return value.is_string() &&
             IsLabelKey("checkDepositSegmentationTier", std::string_view(value.get_string()));
  }
  return false;
}

std::string Path(std::string_view section, std::string_view name) {
  return std::string(section) + "." + std::string(name);
}

}  // namespace

bool IsMoneyAmount(std::string_view text) {
  std::size_t dot = text.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 15 || text.size() != dot + 3) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == dot) continue;
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return !(text[0] == '0' && dot > 1);
}

json::object DefaultConstraints() {
  // The documented defaults for check deposits ("50000.00", 1000 checks, the low tier; new users
  // may deposit checks); the transfer limits of the source's example.
  return {{"transfers",
           {{"singleCreditLimit", "20000.00"},
            {"singleDebitLimit", "20000.00"},
            {"dailyCreditLimit", "500000.00"},
            {"dailyDebitLimit", "500000.00"}}},
          {"checkDeposits",
           {{"enabled", true},
            {"monthlyTotalAmountLimit", "50000.00"},
            {"monthlyTotalChecksLimit", 1000},
            {"segmentationTier", "low"}}}};
}

Result<json::object> ParseConstraints(const json::object& body, bool patch) {
  json::object out;
  for (const auto& [key, value] : body) {
    std::string_view section(key.data(), key.size());
    if (IsHalMember(section)) continue;
    if (std::find(kSections.begin(), kSections.end(), section) == kSections.end()) {
      return Fail(ErrorCode::kInvalidInput, std::string(section));
    }
    if (patch && value.is_null()) {
      out[key] = nullptr;
      continue;
    }
    if (!value.is_object()) return Fail(ErrorCode::kInvalidInput, std::string(section));
    json::object fields;
    for (const auto& [field_key, field_value] : value.get_object()) {
      std::string_view name(field_key.data(), field_key.size());
      const Field* field = FindField(section, name);
      if (field == nullptr) return Fail(ErrorCode::kInvalidInput, Path(section, name));
      if (patch && field_value.is_null()) {
        fields[field_key] = nullptr;
        continue;
      }
      if (!Valid(field->kind, field_value)) {
        return Fail(ErrorCode::kInvalidInput, Path(section, name));
      }
      fields[field_key] = field_value;
    }
    out[key] = std::move(fields);
  }
  return out;
}

json::object MergeConstraints(json::object stored, const json::object& patch) {
  for (const auto& [section, value] : patch) {
    if (value.is_null()) {
      stored.erase(section);
      continue;
    }
    json::value& target = stored[section];
    if (!target.is_object()) target = json::object{};
    json::object& fields = target.as_object();
    for (const auto& [name, field] : value.as_object()) {
      if (field.is_null()) {
        fields.erase(name);
      } else {
        fields[name] = field;
      }
    }
    if (fields.empty()) stored.erase(section);
  }
  return stored;
}

json::object EffectiveConstraints(const json::object& stored) {
  json::object effective = DefaultConstraints();
  for (auto& [section, fields] : effective) {
    const json::value* set = stored.if_contains(section);
    if (set == nullptr || !set->is_object()) continue;
    for (auto& [name, value] : fields.as_object()) {
      if (const json::value* given = set->get_object().if_contains(name)) value = *given;
    }
  }
  return effective;
}

}  // namespace roster::core
