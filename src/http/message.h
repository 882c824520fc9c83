// The HTTP vocabulary shared by the server and the dialects.
#pragma once

#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <string>

#include "core/error.h"

namespace roster::http {

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;
using Verb = beast_http::verb;
using Status = beast_http::status;

// What a handler sees of a request besides the request itself.
struct RequestContext {
  const Request& request;
  std::string remote_address;
  std::string correlation_id;  // echoed as the Correlation-Id response header
};

// Where a request is executed. The I/O threads never block: anything touching the database runs
// on the database lane; password hashing (logins, user creation) on its own lane so that a burst
// of logins cannot delay ordinary reads.
enum class Lane {
  kInline,        // cheap and non-blocking (health): run on the I/O thread
  kDatabase,      // worker pool
  kPasswordHash,  // worker pool reserved for Argon2
};

// A GET on the database lane only reads. Its authentication and handler share one read
// transaction (api::RunHandler), and such requests queued back to back may share one between them
// (ServerConfig::share_reads).
inline bool OnlyReads(Lane lane, Verb method) {
  return lane == Lane::kDatabase && method == Verb::get;
}

using HandlerFn = std::function<Response(const RequestContext&)>;

struct Dispatch {
  Lane lane = Lane::kDatabase;
  HandlerFn handler;
};

// The server's view of the API: one implementation composes the dialects (api/).
class Application {
 public:
  virtual ~Application() = default;
  // Picks the handler for a request. Called on an I/O thread before the body is read (only the
  // method, target and headers are valid): must be cheap and must not block.
  virtual Dispatch Resolve(const Request& head) const = 0;
  // Renders an error the server itself detects (413, 431, 408, 503, 400 for unparsable HTTP) in
  // the wire format of the dialect that owns `target`.
  virtual Response RenderError(const core::Error& error, const Request& head) const = 0;
};

}  // namespace roster::http
