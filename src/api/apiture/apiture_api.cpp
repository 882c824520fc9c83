#include "api/apiture/apiture_api.h"

#include "api/apiture/challenges/embed.h"
#include "api/apiture/errors.h"
#include "api/apiture/hal.h"
#include "api/apiture/routes.h"
#include "api/request_scope.h"

namespace roster::api::apiture {

namespace {

bool IsPathPrefix(std::string_view target, std::string_view prefix) {
  if (!target.starts_with(prefix)) return false;
  if (target.size() == prefix.size()) return true;
  char next = target[prefix.size()];
  return next == '/' || next == '?';
}

http::Response Render(const Services& services, const http::Request& request,
                      core::Result<Reply> result, bool oauth_errors) {
  if (!result) {
    // The token endpoint speaks RFC 6749, not HAL.
    if (oauth_errors) return TokenErrorResponse(result.error(), request);
    if (CarriesChallenge(result.error().code)) {
      return ErrorResponse(result.error(), request, EmbeddedChallenge(services, result.error()));
    }
    return ErrorResponse(result.error(), request);
  }
  Reply& reply = *result;
  std::string etag = reply.etag;
  if (etag == kEtagFromBody && reply.body) etag = EtagOfBody(*reply.body);
  if (!etag.empty() && request.method() == http::Verb::get) {
    auto it = request.find(http::beast_http::field::if_none_match);
    if (it != request.end() && EtagMatches(it->value(), etag)) {
      http::Response response{http::Status::not_modified, request.version()};
      response.set(http::beast_http::field::etag, etag);
      response.keep_alive(request.keep_alive());
      response.prepare_payload();
      return response;
    }
  }
  http::Response response = [&] {
    if (!reply.body) {
      http::Response empty{reply.status, request.version()};
      empty.keep_alive(request.keep_alive());
      empty.prepare_payload();
      return empty;
    }
    return HalResponse(reply.status, *reply.body, request, reply.content_type);
  }();
  if (!etag.empty()) response.set(http::beast_http::field::etag, etag);
  if (!reply.location.empty()) response.set(http::beast_http::field::location, reply.location);
  if (oauth_errors)
    response.set(http::beast_http::field::cache_control, "no-store");  // RFC 6749 5.1
  return response;
}

}  // namespace

bool ApitureApi::Owns(std::string_view target) {
  return IsPathPrefix(target, "/users") || IsPathPrefix(target, "/auth");
}

http::Dispatch ApitureApi::Resolve(const http::Request& head) const {
  auto match = FindRoute(head.method(), head.target());
  if (!match) {
    return {http::Lane::kInline, [](const http::RequestContext& ctx) {
              return ErrorResponse(core::Error{core::ErrorCode::kRouteNotFound}, ctx.request);
            }};
  }
  const Route& route = *match->route;
  const bool oauth_errors = route.path.starts_with("/auth/oauth2/");
  return {route.lane,
          [services = services_, handler = route.handler, lane = route.lane, oauth_errors,
           params = std::move(match->params)](const http::RequestContext& ctx) {
            Call call(ctx, services, params);
            core::Result<Reply> result =
                RunHandler(services.store, lane, ctx.request, [&] { return handler(call); });
            return Render(services, ctx.request, std::move(result), oauth_errors);
          }};
}

}  // namespace roster::api::apiture
