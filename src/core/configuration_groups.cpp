#include "core/configuration_groups.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string>

namespace roster::core {

namespace json = boost::json;

namespace {

// Ordered by name. The schemas are JSON text so that what GET .../schema serves is exactly what
// is written here.
constexpr ConfigurationGroupDefinition kGroups[] = {
    {"openBanking", "Open Banking",
     "Which open banking integrations are enabled for the financial institution, and how the "
     "consent user experience component of each is reached (createOpenBankingConsentParameters).",
     true,
     R"({
  "type": "object",
  "properties": {
    "fdxEnabled": {
      "type": "boolean",
      "default": false,
      "description": "When true, users may manage their consent for third party applications through Financial Data Exchange (FDX): clients call createOpenBankingConsentParameters with the integration fdx."
    },
    "fdxConsentUrl": {
      "type": "string",
      "format": "uri",
      "maxLength": 2048,
      "description": "The URL of the FDX consent web component. The widgetUrl consent parameter is this URL with the user's id in the user query parameter. The fdx integration is available only when this is set and fdxEnabled is true."
    }
  }
})"},
    {"users", "User Settings",
     "Settings of the Users API: how many tracking IDs a user keeps and how long client-side "
     "encryption keys are handed out.",
     false,
     R"({
  "type": "object",
  "properties": {
    "maximumTrackingIds": {
      "type": "integer",
      "minimum": 1,
      "maximum": 150,
      "default": 150,
      "description": "The number of tracking IDs kept per user; adding more removes the oldest."
    },
    "encryptionKeyLifetimeDays": {
      "type": "integer",
      "minimum": 1,
      "maximum": 365,
      "default": 30,
      "description": "The days a new client-side encryption key generation is handed out by getEncryptionKeys before a new generation replaces it. Older generations still decrypt."
    }
  }
})"},
};

Result<void> Invalid(std::string_view path, std::string_view rule) {
  std::string detail(path.empty() ? "value" : path);
  detail += ": ";
  detail += rule;
  return Fail(ErrorCode::kInvalidConfiguration, detail);
}

std::string Child(std::string_view path, std::string_view name) {
  return path.empty() ? std::string(name) : std::string(path) + "." + std::string(name);
}

bool IsType(const json::value& value, std::string_view type) {
  if (type == "string") return value.is_string();
  if (type == "number") return value.is_number();
  if (type == "integer") {
    if (value.is_int64() || value.is_uint64()) return true;
    if (value.is_double()) {
      double d = value.get_double();
      return d == static_cast<double>(static_cast<long long>(d)) && d > -9.2e18 && d < 9.2e18;
    }
    return false;
  }
  if (type == "boolean") return value.is_bool();
  if (type == "array") return value.is_array();
  if (type == "object") return value.is_object();
  if (type == "null") return value.is_null();
  return false;
}

bool ValidTime(std::string_view text) {
  auto two = [&](std::size_t at, int max) {
    if (at + 2 > text.size() || !std::isdigit(static_cast<unsigned char>(text[at])) ||
        !std::isdigit(static_cast<unsigned char>(text[at + 1]))) {
      return false;
    }
    return (text[at] - '0') * 10 + (text[at + 1] - '0') <= max;
  };
  if (text.size() != 5 && text.size() != 8) return false;
  if (!two(0, 23) || text[2] != ':' || !two(3, 59)) return false;
  return text.size() == 5 || (text[5] == ':' && two(6, 59));
}

bool ValidDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  int month = (text[5] - '0') * 10 + (text[6] - '0');
  int day = (text[8] - '0') * 10 + (text[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool ValidUri(std::string_view text) {
  std::string_view rest;
  if (text.starts_with("https://")) {
    rest = text.substr(8);
  } else if (text.starts_with("http://")) {
    rest = text.substr(7);
  } else {
    return false;
  }
  std::string_view host = rest.substr(0, rest.find_first_of("/?#"));
  if (host.empty()) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f && c != '"' && c != '<' && c != '>' && c != '\\' && c != '^' &&
           c != '`' && c != '{' && c != '|' && c != '}';
  });
}

// The length of a UTF-8 string in code points.
std::size_t CodePoints(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::optional<double> Number(const json::object& schema, std::string_view key) {
  const json::value* found = schema.if_contains(key);
  if (found == nullptr || !found->is_number()) return std::nullopt;
  return found->to_number<double>();
}

}  // namespace

std::span<const ConfigurationGroupDefinition> ConfigurationGroupDefinitions() { return kGroups; }

const ConfigurationGroupDefinition* FindConfigurationGroup(std::string_view name) {
  for (const ConfigurationGroupDefinition& group : kGroups) {
    if (group.name == name) return &group;
  }
  return nullptr;
}

const json::object& SchemaOf(const ConfigurationGroupDefinition& group) {
  static const std::map<std::string_view, json::object> kSchemas = [] {
    std::map<std::string_view, json::object> schemas;
    for (const ConfigurationGroupDefinition& each : kGroups) {
      // The texts above are fixed; a typo there is a programming error the unit tests catch.
      schemas.emplace(each.name, json::parse(each.schema_json).as_object());
    }
    return schemas;
  }();
  return kSchemas.at(group.name);
}

bool IsConfigurationValueName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  if (!std::isalpha(static_cast<unsigned char>(name.front()))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

Result<void> ValidateConfigurationValue(const json::object& schema, const json::value& value,
                                        std::string_view path) {
  if (const json::value* type = schema.if_contains("type")) {
    bool matches = false;
    std::string expected;
    if (type->is_string()) {
      matches = IsType(value, type->as_string());
      expected = type->as_string();
    } else if (type->is_array()) {
      for (const json::value& each : type->as_array()) {
        if (!each.is_string()) continue;
        if (!expected.empty()) expected += " or ";
        expected += each.as_string();
        matches = matches || IsType(value, each.as_string());
      }
    }
    if (!matches) return Invalid(path, "expected " + expected);
  }
  if (const json::value* allowed = schema.if_contains("enum"); allowed && allowed->is_array()) {
    const json::array& values = allowed->as_array();
    if (std::find(values.begin(), values.end(), value) == values.end()) {
      return Invalid(path, "not one of the allowed values");
    }
  }
  if (value.is_number()) {
    double number = value.to_number<double>();
    if (auto minimum = Number(schema, "minimum"); minimum && number < *minimum) {
      return Invalid(path, "below the minimum");
    }
    if (auto maximum = Number(schema, "maximum"); maximum && number > *maximum) {
      return Invalid(path, "above the maximum");
    }
  }
  if (value.is_string()) {
    std::string_view text = value.get_string();
    std::size_t length = CodePoints(text);
    if (auto min_length = Number(schema, "minLength"); min_length && length < *min_length) {
      return Invalid(path, "too short");
    }
    if (auto max_length = Number(schema, "maxLength"); max_length && length > *max_length) {
      return Invalid(path, "too long");
    }
    if (const json::value* format = schema.if_contains("format"); format && format->is_string()) {
      std::string_view name = format->get_string();
      if ((name == "time" && !ValidTime(text)) || (name == "uri" && !ValidUri(text)) ||
          (name == "date" && !ValidDate(text))) {
        return Invalid(path, "not a valid " + std::string(name));
      }
    }
  }
  if (value.is_array()) {
    if (const json::value* items = schema.if_contains("items"); items && items->is_object()) {
      std::size_t index = 0;
      for (const json::value& element : value.get_array()) {
        auto r = ValidateConfigurationValue(
            items->get_object(), element, std::string(path) + "[" + std::to_string(index++) + "]");
        if (!r) return r;
      }
    }
  }
  if (value.is_object()) {
    const json::object& object = value.get_object();
    const json::value* properties = schema.if_contains("properties");
    const json::value* additional = schema.if_contains("additionalProperties");
    bool open = additional != nullptr && additional->is_bool() && additional->get_bool();
    for (const auto& [name, element] : object) {
      const json::value* property = properties && properties->is_object()
                                        ? properties->get_object().if_contains(name)
                                        : nullptr;
      if (property == nullptr || !property->is_object()) {
        if (open) continue;
        return Invalid(Child(path, name), "no such property");
      }
      if (auto r = ValidateConfigurationValue(property->get_object(), element, Child(path, name));
          !r) {
        return r;
      }
    }
    if (const json::value* required = schema.if_contains("required");
        required && required->is_array()) {
      for (const json::value& name : required->get_array()) {
        if (name.is_string() && !object.contains(name.get_string())) {
          return Invalid(Child(path, name.get_string()), "required");
        }
      }
    }
  }
  return {};
}

const json::object* ValueSchema(const json::object& schema, std::string_view name) {
  const json::value* properties = schema.if_contains("properties");
  if (properties == nullptr || !properties->is_object()) return nullptr;
  const json::value* property = properties->get_object().if_contains(name);
  if (property == nullptr || !property->is_object()) return nullptr;
  return &property->get_object();
}

Result<json::object> ValidateConfigurationValues(const json::object& schema,
                                                 const json::object& values) {
  json::object kept;
  for (const auto& [name, value] : values) {
    if (name.starts_with("_")) continue;
    const json::object* property = ValueSchema(schema, name);
    if (property == nullptr) {
      return Fail(ErrorCode::kInvalidConfiguration,
                  std::string(name.data(), name.size()) + ": no such value");
    }
    if (auto r = ValidateConfigurationValue(*property, value, name); !r) {
      return std::unexpected(r.error());
    }
    kept[name] = value;
  }
  if (const json::value* required = schema.if_contains("required");
      required && required->is_array()) {
    for (const json::value& name : required->get_array()) {
      if (name.is_string() && !kept.contains(name.get_string())) {
        return Fail(ErrorCode::kInvalidConfiguration,
                    std::string(name.get_string()) + ": required");
      }
    }
  }
  return kept;
}

json::object EffectiveConfigurationValues(const json::object& schema, const json::object& stored) {
  json::object values;
  const json::value* properties = schema.if_contains("properties");
  if (properties == nullptr || !properties->is_object()) return values;
  for (const auto& [name, property] : properties->get_object()) {
    if (const json::value* set = stored.if_contains(name)) {
      values[name] = *set;
    } else if (property.is_object()) {
      if (const json::value* fallback = property.get_object().if_contains("default")) {
        values[name] = *fallback;
      }
    }
  }
  return values;
}

}  // namespace roster::core
