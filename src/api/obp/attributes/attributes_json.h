// OBP JSON codecs of user attributes (UserAttributeJsonV400 and the response models).
#pragma once

#include <boost/json.hpp>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "services/attribute_service.h"

namespace roster::api::obp {

// {name, type, value}, each a string (kInvalidJson otherwise; the service checks the values).
core::Result<services::AttributeInput> DecodeAttributeInput(const boost::json::object& body);

// {user_attribute_id, name, type, value, insert_date}
boost::json::object UserAttributeJson(const core::UserAttribute& attribute);
// {"user_attributes": [...]}
boost::json::object UserAttributesJson(const std::vector<core::UserAttribute>& attributes);
// {user_id, email, provider_id, provider, username, user_attributes: [...]}
boost::json::object UserWithAttributesJson(const services::UserWithAttributes& found);

}  // namespace roster::api::obp
