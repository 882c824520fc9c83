// GET /obp/vX.Y.Z/resource-docs/API_VERSION/obp: anonymous; 400 OBP-00027 for an unknown
// API_VERSION. Under v4.0.0+ prefixes the answer adds meta and created_by_bank_id (§4.4).
#include <chrono>

#include "api/obp/handlers.h"
#include "api/obp/json.h"
#include "api/obp/resource_docs/resource_docs.h"
#include "api/obp/versions.h"

namespace roster::api::obp {

core::Result<Reply> GetResourceDocsObp(Call& call) {
  const std::string& requested = call.Param("API_VERSION");
  auto api_version = ParseApiVersion(requested);
  if (!api_version) {
    return core::Fail(core::ErrorCode::kInvalidInput, InvalidApiVersionMessage(requested));
  }
  DocsFilter filter{SplitCommaList(call.Query("tags").value_or("")),
                    SplitCommaList(call.Query("functions").value_or(""))};
  ObpDocsOptions options;
  if (VersionIndex(call.version()) >= VersionIndex("v4.0.0")) {
    // Wall-clock time of the answer; informational only, so it does not go through the Clock port.
    options.response_date = FormatDate(
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
  }
  return Reply{http::Status::ok, ResourceDocsJson(*api_version, filter, options)};
}

}  // namespace roster::api::obp
