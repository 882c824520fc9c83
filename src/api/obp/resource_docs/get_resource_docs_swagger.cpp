// GET /obp/vX.Y.Z/resource-docs/API_VERSION/swagger: Swagger 2.0 of the same docs (§4.6);
// anonymous; 400 OBP-00027 for an unknown API_VERSION.
#include "api/obp/handlers.h"
#include "api/obp/resource_docs/resource_docs.h"

namespace roster::api::obp {

core::Result<Reply> GetResourceDocsSwagger(Call& call) {
  const std::string& requested = call.Param("API_VERSION");
  auto api_version = ParseApiVersion(requested);
  if (!api_version) {
    return core::Fail(core::ErrorCode::kInvalidInput, InvalidApiVersionMessage(requested));
  }
  DocsFilter filter{SplitCommaList(call.Query("tags").value_or("")),
                    SplitCommaList(call.Query("functions").value_or(""))};
  return Reply{http::Status::ok, SwaggerJson(*api_version, filter)};
}

}  // namespace roster::api::obp
