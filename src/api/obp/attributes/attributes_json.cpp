#include "api/obp/attributes/attributes_json.h"

#include "api/obp/json.h"

namespace roster::api::obp {

core::Result<services::AttributeInput> DecodeAttributeInput(const json::object& body) {
  auto name = RequiredString(body, "name");
  if (!name) return std::unexpected(name.error());
  auto type = RequiredString(body, "type");
  if (!type) return std::unexpected(type.error());
  auto value = RequiredString(body, "value");
  if (!value) return std::unexpected(value.error());
  return services::AttributeInput{std::move(*name), std::move(*type), std::move(*value)};
}

json::object UserAttributeJson(const core::UserAttribute& attribute) {
  return {{"user_attribute_id", attribute.id},
          {"name", attribute.name},
          {"type", attribute.type},
          {"value", attribute.value},
          {"insert_date", FormatDate(attribute.created_at)}};
}

namespace {

json::array AttributeArray(const std::vector<core::UserAttribute>& attributes) {
  json::array list;
  list.reserve(attributes.size());
  for (const auto& attribute : attributes) list.push_back(UserAttributeJson(attribute));
  return list;
}

}  // namespace

json::object UserAttributesJson(const std::vector<core::UserAttribute>& attributes) {
  return {{"user_attributes", AttributeArray(attributes)}};
}

json::object UserWithAttributesJson(const services::UserWithAttributes& found) {
  const core::User& user = found.user;
  return {{"user_id", user.id},
          {"email", user.email},
          {"provider_id", user.provider_id},
          {"provider", user.provider},
          {"username", user.username},
          {"user_attributes", AttributeArray(found.attributes)}};
}

}  // namespace roster::api::obp
