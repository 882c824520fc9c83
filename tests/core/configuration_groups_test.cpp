#include "core/configuration_groups.h"

#include <gtest/gtest.h>

namespace roster::core {
namespace {

namespace json = boost::json;

json::object Schema(std::string_view text) { return json::parse(text).as_object(); }

std::string Reason(const Result<void>& result) { return result ? "" : result.error().detail; }

TEST(ConfigurationGroupsTest, BuiltInGroupsAreWellFormed) {
  ASSERT_NE(FindConfigurationGroup("openBanking"), nullptr);
  EXPECT_TRUE(FindConfigurationGroup("openBanking")->is_public);
  ASSERT_NE(FindConfigurationGroup("users"), nullptr);
  EXPECT_FALSE(FindConfigurationGroup("users")->is_public);
  EXPECT_EQ(FindConfigurationGroup("basic"), nullptr);
  std::string_view previous;
  for (const ConfigurationGroupDefinition& group : ConfigurationGroupDefinitions()) {
    EXPECT_LT(previous, group.name) << "ordered by name";
    previous = group.name;
    const json::object& schema = SchemaOf(group);
    EXPECT_EQ(schema.at("type"), "object");
    // Every property has a valid name, and its default (if any) conforms to it.
    for (const auto& [name, property] : schema.at("properties").as_object()) {
      EXPECT_TRUE(IsConfigurationValueName(name)) << name;
      if (const json::value* fallback = property.as_object().if_contains("default")) {
        EXPECT_TRUE(ValidateConfigurationValue(property.as_object(), *fallback, name))
            << group.name << "." << name;
      }
    }
    // The defaults alone are a valid set of values.
    EXPECT_TRUE(ValidateConfigurationValues(schema, EffectiveConfigurationValues(schema, {})));
  }
}

TEST(ConfigurationGroupsTest, ValueNames) {
  EXPECT_TRUE(IsConfigurationValueName("fdxEnabled"));
  EXPECT_TRUE(IsConfigurationValueName("a-b_c9"));
  EXPECT_FALSE(IsConfigurationValueName(""));
  EXPECT_FALSE(IsConfigurationValueName("9lives"));
  EXPECT_FALSE(IsConfigurationValueName("_profile"));
  EXPECT_FALSE(IsConfigurationValueName("a b"));
}

TEST(ConfigurationGroupsTest, TypesAndLimits) {
  json::object schema = Schema(R"({"type": "object", "properties": {
      "dailyLimit": {"type": "number", "minimum": 0, "maximum": 100},
      "count": {"type": "integer"},
      "enabled": {"type": "boolean"},
      "name": {"type": "string", "minLength": 2, "maxLength": 4},
      "tier": {"type": "string", "enum": ["low", "high"]},
      "cutoffTime": {"type": "string", "format": "time"},
      "url": {"type": "string", "format": "uri"},
      "day": {"type": "string", "format": "date"},
      "note": {"type": ["string", "null"]},
      "tags": {"type": "array", "items": {"type": "string"}},
      "box": {"type": "object", "properties": {"width": {"type": "integer"}},
              "required": ["width"]}}})");
  auto check = [&](std::string_view name, std::string_view value) {
    return ValidateConfigurationValue(*ValueSchema(schema, name), json::parse(value), name);
  };
  EXPECT_TRUE(check("dailyLimit", "5"));
  EXPECT_TRUE(check("dailyLimit", "2.5"));
  EXPECT_EQ(Reason(check("dailyLimit", "\"5\"")), "dailyLimit: expected number");
  EXPECT_EQ(Reason(check("dailyLimit", "101")), "dailyLimit: above the maximum");
  EXPECT_EQ(Reason(check("dailyLimit", "-1")), "dailyLimit: below the minimum");
  EXPECT_TRUE(check("count", "3"));
  EXPECT_TRUE(check("count", "3.0"));
  EXPECT_FALSE(check("count", "3.5"));
  EXPECT_FALSE(check("count", "true"));
  EXPECT_TRUE(check("enabled", "false"));
  EXPECT_FALSE(check("enabled", "0"));
  EXPECT_FALSE(check("enabled", "null"));
  EXPECT_TRUE(check("name", "\"abc\""));
  EXPECT_EQ(Reason(check("name", "\"a\"")), "name: too short");
  EXPECT_EQ(Reason(check("name", "\"abcde\"")), "name: too long");
  EXPECT_TRUE(check("name", "\"\xc3\xa9\xc3\xa9\xc3\xa9\""));  // three characters, six bytes
  EXPECT_TRUE(check("tier", "\"high\""));
  EXPECT_EQ(Reason(check("tier", "\"medium\"")), "tier: not one of the allowed values");
  EXPECT_TRUE(check("cutoffTime", "\"17:30\""));
  EXPECT_TRUE(check("cutoffTime", "\"17:30:59\""));
  // The source's example value 63000 does not match its own schema (string, format time).
  EXPECT_EQ(Reason(check("cutoffTime", "63000")), "cutoffTime: expected string");
  EXPECT_EQ(Reason(check("cutoffTime", "\"24:00\"")), "cutoffTime: not a valid time");
  EXPECT_FALSE(check("cutoffTime", "\"7:30\""));
  EXPECT_TRUE(check("url", "\"https://fdx.example.com/connections?a=1\""));
  EXPECT_FALSE(check("url", "\"ftp://example.com\""));
  EXPECT_FALSE(check("url", "\"https://\""));
  EXPECT_FALSE(check("url", "\"https://exa mple.com\""));
  EXPECT_TRUE(check("day", "\"2026-01-31\""));
  EXPECT_FALSE(check("day", "\"2026-13-01\""));
  EXPECT_TRUE(check("note", "null"));
  EXPECT_TRUE(check("note", "\"x\""));
  EXPECT_EQ(Reason(check("note", "1")), "note: expected string or null");
  EXPECT_TRUE(check("tags", "[\"a\", \"b\"]"));
  EXPECT_EQ(Reason(check("tags", "[\"a\", 2]")), "tags[1]: expected string");
  EXPECT_TRUE(check("box", R"({"width": 8})"));
  EXPECT_EQ(Reason(check("box", R"({})")), "box.width: required");
  EXPECT_EQ(Reason(check("box", R"({"width": 8, "color": "blue"})")),
            "box.color: no such property");
}

TEST(ConfigurationGroupsTest, WholeValuesObject) {
  const json::object& schema = SchemaOf(*FindConfigurationGroup("openBanking"));
  auto kept = ValidateConfigurationValues(
      schema, json::parse(R"({"_profile": "x", "fdxEnabled": true})").as_object());
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(*kept, json::parse(R"({"fdxEnabled": true})"));
  auto unknown = ValidateConfigurationValues(
      schema, json::parse(R"({"fdxEnabled": true, "plaidEnabled": true})").as_object());
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidConfiguration);
  EXPECT_EQ(unknown.error().detail, "plaidEnabled: no such value");
  auto wrong =
      ValidateConfigurationValues(schema, json::parse(R"({"fdxEnabled": "yes"})").as_object());
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().detail, "fdxEnabled: expected boolean");
}

TEST(ConfigurationGroupsTest, EffectiveValuesUseDefaults) {
  const json::object& schema = SchemaOf(*FindConfigurationGroup("users"));
  EXPECT_EQ(EffectiveConfigurationValues(schema, {}),
            json::parse(R"({"maximumTrackingIds": 150, "encryptionKeyLifetimeDays": 30})"));
  EXPECT_EQ(EffectiveConfigurationValues(
                schema, json::parse(R"({"maximumTrackingIds": 5, "gone": 1})").as_object()),
            json::parse(R"({"maximumTrackingIds": 5, "encryptionKeyLifetimeDays": 30})"));
  // A value without default and never set is absent.
  const json::object& open_banking = SchemaOf(*FindConfigurationGroup("openBanking"));
  EXPECT_EQ(EffectiveConfigurationValues(open_banking, {}),
            json::parse(R"({"fdxEnabled": false})"));
}

}  // namespace
}  // namespace roster::core
