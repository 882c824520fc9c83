// The HTTP/1.1 server on Boost.Beast.
//
// Threads: `io_threads` I/O threads, each running its own io_context (one per core by default);
// connections are spread over them. Handlers run on two bounded worker pools (see Lane). When a
// pool's queue is full the server answers 503 with Retry-After without running the handler.
// Keep-alive, TCP_NODELAY on every socket, limits on header size, body size and read time.
// Stop() stops accepting, lets in-flight requests finish (up to `drain_timeout`), then returns
// from Run(). One JSON access-log line per request.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "http/message.h"
#include "http/worker_pool.h"

namespace roster::http {

struct ServerConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;                      // 0 = any free port (tests); see Server::port()
  int io_threads = 0;                             // 0 = number of cores
  int db_workers = 0;                             // 0 = number of cores
  int hash_workers = 0;                           // 0 = number of cores
  std::size_t queue_limit = 1024;                 // per pool; beyond it: 503
  std::size_t body_limit = 1024 * 1024;           // bytes; beyond it: 413
  std::size_t header_limit = 16 * 1024;           // bytes; beyond it: 431
  std::chrono::milliseconds read_timeout{15000};  // per request, headers and body
  std::chrono::milliseconds idle_timeout{60000};  // keep-alive connection with no request
  std::chrono::milliseconds drain_timeout{20000};
  bool access_log = true;
  // Runs the requests that only read (OnlyReads) which a database worker found queued back to
  // back, so that they can share read transactions (the application passes ports::ShareReads;
  // see WorkerPool). Empty: each runs alone.
  WorkerPool::BatchRunner share_reads;
};

class Server {
 public:
  Server(ServerConfig config, const Application& app);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; throws std::system_error when the address cannot be bound.
  void Listen();
  // The bound port (valid after Listen).
  std::uint16_t port() const;
  // Serves until Stop(); installs no signal handlers (main does).
  void Run();
  // Thread-safe and async-signal-safe to request from a signal-handling thread.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace roster::http
