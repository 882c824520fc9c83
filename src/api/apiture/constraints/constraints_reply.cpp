#include "api/apiture/constraints/constraints_reply.h"

#include "api/apiture/hal.h"

namespace roster::api::apiture {

namespace json = boost::json;

Reply ConstraintsReply(std::string_view user_id, const services::ConstraintsView& view) {
  json::object body{
      {"_profile", ProfileUri("users", "constraints", "1.2.0")},
      {"_links", {{"self", Link("/users/users/" + std::string(user_id) + "/constraints")}}}};
  for (const auto& [name, value] : view.constraints) body[name] = value;
  return Reply{.body = std::move(body), .etag = EtagOfVersion(view.version)};
}

}  // namespace roster::api::apiture
