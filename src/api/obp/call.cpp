#include "api/obp/call.h"

#include <boost/url/parse.hpp>

#include "api/obp/direct_login.h"
#include "api/obp/json.h"

namespace roster::api::obp {

std::optional<std::string> Call::Query(std::string_view name) const {
  auto url = boost::urls::parse_origin_form(request().target());
  if (!url) return std::nullopt;
  auto params = url->params();
  auto it = params.find(name);
  if (it == params.end() || !(*it).has_value || (*it).value.empty()) return std::nullopt;
  return std::string((*it).value);
}

core::Result<boost::json::object> Call::Body() const { return ParseObject(request().body()); }

const core::Result<services::Principal>& Call::Caller() {
  if (!caller_) {
    auto token = AccessTokenOf(request());
    if (!token) {
      caller_ = std::unexpected(token.error());
    } else if (!*token) {
      caller_ = core::Fail(core::ErrorCode::kNotAuthenticated);
    } else {
      caller_ = services_.auth.Authenticate(**token);
    }
  }
  return *caller_;
}

}  // namespace roster::api::obp
