// The server's Application: routes each request to the dialect that owns its path, and serves
// GET /health itself.
#pragma once

#include "api/obp/obp_api.h"
#include "http/message.h"

namespace roster::api {

class RootApplication final : public http::Application {
 public:
  explicit RootApplication(obp::Services services) : obp_(services) {}

  http::Dispatch Resolve(const http::Request& head) const override;
  http::Response RenderError(const core::Error& error, const http::Request& head) const override;

 private:
  obp::ObpApi obp_;
};

}  // namespace roster::api
