// GET /users (and /users/) — getApi: the root resource with links to the collections and
// operations of the API. Needs only the API key.
#include "api/apiture/handlers.h"
#include "api/apiture/root/api_document.h"

namespace roster::api::apiture {

core::Result<Reply> GetApi(Call& call) {
  if (const auto& caller = call.Client(); !caller) return std::unexpected(caller.error());
  return Reply{.body = ApiRoot(), .etag = std::string(kEtagFromBody)};
}

}  // namespace roster::api::apiture
