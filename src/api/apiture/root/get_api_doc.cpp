// GET /users/apiDoc — getApiDoc: the OpenAPI 3 document of this dialect, generated from the route
// table (application/json). Needs only the API key.
#include "api/apiture/handlers.h"
#include "api/apiture/root/api_document.h"

namespace roster::api::apiture {

core::Result<Reply> GetApiDoc(Call& call) {
  if (const auto& caller = call.Client(); !caller) return std::unexpected(caller.error());
  return Reply{.body = OpenApiDocument(),
               .etag = std::string(kEtagFromBody),
               .content_type = "application/json"};
}

}  // namespace roster::api::apiture
