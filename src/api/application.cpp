#include "api/application.h"

#include "api/apiture/errors.h"
#include "api/obp/errors.h"

namespace roster::api {

http::Dispatch RootApplication::Resolve(const http::Request& head) const {
  if (head.target() == "/health" && head.method() == http::Verb::get) {
    return {http::Lane::kInline, [](const http::RequestContext& ctx) {
              http::Response response{http::Status::ok, ctx.request.version()};
              response.set(http::beast_http::field::content_type, "application/json");
              response.body() = R"({"status":"ok"})";
              response.keep_alive(ctx.request.keep_alive());
              response.prepare_payload();
              return response;
            }};
  }
  if (apiture::ApitureApi::Owns(head.target())) return apiture_.Resolve(head);
  // Paths no dialect owns get the OBP 404, the older of the two dialects.
  return obp_.Resolve(head);
}

http::Response RootApplication::RenderError(const core::Error& error,
                                            const http::Request& head) const {
  if (apiture::ApitureApi::Owns(head.target())) return apiture::ErrorResponse(error, head);
  return obp::ErrorResponse(error, head);
}

}  // namespace roster::api
