#include "api/obp/obp_api.h"

#include "api/obp/errors.h"
#include "api/obp/json.h"
#include "api/obp/routes.h"
#include "api/request_scope.h"

namespace roster::api::obp {

bool ObpApi::Owns(std::string_view target) {
  return target.starts_with("/obp/") || target == "/obp" || target.starts_with("/my/logins/") ||
         target.starts_with("/user_mgt/");
}

http::Dispatch ObpApi::Resolve(const http::Request& head) const {
  if (head.method() == http::Verb::options) {
    return {http::Lane::kInline, [](const http::RequestContext& ctx) {
              http::Response response{http::Status::no_content, ctx.request.version()};
              response.set(http::beast_http::field::access_control_allow_methods,
                           "GET, POST, PUT, DELETE, OPTIONS");
              response.set(http::beast_http::field::access_control_allow_headers,
                           "Content-Type, Authorization, DirectLogin, Correlation-Id");
              response.keep_alive(ctx.request.keep_alive());
              response.prepare_payload();
              return response;
            }};
  }
  auto match = FindRoute(head.method(), head.target());
  if (!match) {
    return {http::Lane::kInline, [](const http::RequestContext& ctx) {
              return ErrorResponse(core::Error{core::ErrorCode::kRouteNotFound}, ctx.request);
            }};
  }
  const Route& route = *match->route;
  return {route.lane, [services = services_, handler = route.handler, lane = route.lane,
                       match = std::move(*match)](const http::RequestContext& ctx) {
            Call call(ctx, services, match.version, match.route->implemented_in, match.params);
            core::Result<Reply> result =
                RunHandler(services.store, lane, ctx.request, [&] { return handler(call); });
            if (!result) return ErrorResponse(result.error(), ctx.request);
            if (!result->body) {
              http::Response response{result->status, ctx.request.version()};
              response.keep_alive(ctx.request.keep_alive());
              response.prepare_payload();
              return response;
            }
            return JsonResponse(result->status, *result->body, ctx.request);
          }};
}

}  // namespace roster::api::obp
