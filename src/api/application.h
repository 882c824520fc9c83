// The server's Application: routes each request to the dialect that owns its path (/users and
// /auth: Apiture; the rest: OBP), and serves GET /health itself.
#pragma once

#include "api/apiture/apiture_api.h"
#include "api/obp/obp_api.h"
#include "http/message.h"

namespace roster::api {

class RootApplication final : public http::Application {
 public:
  RootApplication(obp::Services obp, apiture::Services apiture) : obp_(obp), apiture_(apiture) {}

  http::Dispatch Resolve(const http::Request& head) const override;
  http::Response RenderError(const core::Error& error, const http::Request& head) const override;

 private:
  obp::ObpApi obp_;
  apiture::ApitureApi apiture_;
};

}  // namespace roster::api
