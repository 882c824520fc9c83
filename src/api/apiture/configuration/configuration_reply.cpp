#include "api/apiture/configuration/configuration_reply.h"

#include "api/apiture/hal.h"

namespace roster::api::apiture {

namespace json = boost::json;

std::string GroupPath(std::string_view name) {
  return "/users/configurations/groups/" + std::string(name);
}

json::object GroupSummary(const core::ConfigurationGroupDefinition& group) {
  return {{"_profile", ProfileUri("configurations", "configurationGroupSummary", "2.1.1")},
          {"_links", {{"self", Link(GroupPath(group.name))}}},
          {"name", group.name},
          {"label", group.label},
          {"description", group.description}};
}

json::object GroupBody(const services::ConfigurationGroupView& view) {
  const std::string path = GroupPath(view.group->name);
  return {{"_profile", ProfileUri("configurations", "configurationGroup", "2.1.1")},
          {"_links",
           {{"self", Link(path)},
            {"apiture:schema", Link(path + "/schema")},
            {"apiture:values", Link(path + "/values")}}},
          {"name", view.group->name},
          {"label", view.group->label},
          {"description", view.group->description},
          {"schema", core::SchemaOf(*view.group)},
          {"values", view.values}};
}

}  // namespace roster::api::apiture
