// Representations shared by the configuration operations.
#pragma once

#include <boost/json.hpp>
#include <string>

#include "core/configuration_groups.h"
#include "services/configuration_service.h"

namespace roster::api::apiture {

// "/users/configurations/groups/{name}"
std::string GroupPath(std::string_view name);
// configurationGroupSummary: {"_profile", "_links": {"self"}, "name", "label", "description"}.
boost::json::object GroupSummary(const core::ConfigurationGroupDefinition& group);
// configurationGroup: the summary's fields plus "schema" and "values" inline, and links to the
// schema and values resources.
boost::json::object GroupBody(const services::ConfigurationGroupView& view);

}  // namespace roster::api::apiture
