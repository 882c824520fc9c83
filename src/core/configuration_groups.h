// Configuration groups of the Apiture dialect (the Configuration API under
// /users/configurations): their definitions and JSON schemas live here, in code; their values in
// the store (core::ConfigurationValues). Also the subset of JSON Schema the values are validated
// against.
//
// Supported schema keywords: type (a name or a list of names among string, number, integer,
// boolean, array, object, null), enum, default, minimum, maximum, minLength, maxLength, format
// ("time": hh:mm or hh:mm:ss; "uri": an absolute http or https URL; "date": YYYY-MM-DD), items,
// properties, required, additionalProperties (false by default for nested objects), title and
// description (documentation only).
#pragma once

#include <boost/json.hpp>
#include <span>
#include <string_view>

#include "core/error.h"

namespace roster::core {

struct ConfigurationGroupDefinition {
  std::string_view name;
  std::string_view label;
  std::string_view description;
  // Readable by any authenticated caller (the documented "public group" openBanking);
  // otherwise by administrators only (admin/read).
  bool is_public = false;
  std::string_view schema_json;  // {"type": "object", "properties": {...}}
};

// The groups Roster defines, ordered by name.
std::span<const ConfigurationGroupDefinition> ConfigurationGroupDefinitions();
// The group of this name, or nullptr.
const ConfigurationGroupDefinition* FindConfigurationGroup(std::string_view name);
// The parsed schema of a group (parsed once; thread-safe).
const boost::json::object& SchemaOf(const ConfigurationGroupDefinition& group);

// True for a valid value name: a letter, then letters, digits, '-' or '_' (at most 64).
bool IsConfigurationValueName(std::string_view name);

// Whether `value` conforms to `schema`. kInvalidConfiguration with detail naming the offending
// path and the rule ("fdxEnabled: expected boolean").
Result<void> ValidateConfigurationValue(const boost::json::object& schema,
                                        const boost::json::value& value, std::string_view path);

// Checks a complete values object against a group schema: every name must be a property of
// the schema and every value must conform. Names starting with '_' (a HAL envelope's _profile,
// _links) are not value names and are dropped. Returns the values to store.
Result<boost::json::object> ValidateConfigurationValues(const boost::json::object& schema,
                                                        const boost::json::object& values);

// The schema of one value of a group schema, or nullptr when there is no such value.
const boost::json::object* ValueSchema(const boost::json::object& schema, std::string_view name);

// The stored values over the schema's defaults, in schema order: what clients read. A value with
// neither a stored value nor a default is absent.
boost::json::object EffectiveConfigurationValues(const boost::json::object& schema,
                                                 const boost::json::object& stored);

}  // namespace roster::core
