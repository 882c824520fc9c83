#include "http/server.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http.hpp>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "http/access_log.h"
#include "http/correlation_id.h"
#include "http/worker_pool.h"

namespace roster::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using WorkGuard = asio::executor_work_guard<asio::io_context::executor_type>;

constexpr std::string_view kCorrelationIdHeader = "Correlation-Id";
constexpr std::size_t kReadChunk = 4096;
// After an error response the rest of the request is read and discarded for a while before the
// socket is closed: closing with unread input makes the kernel send RST, which can destroy the
// response before the client reads it.
constexpr std::chrono::milliseconds kMaxLinger{1000};
constexpr std::size_t kMaxLingerBytes = 16 * 1024 * 1024;
constexpr std::chrono::milliseconds kAcceptRetry{50};
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

int CoreCount() { return std::max(1, static_cast<int>(std::thread::hardware_concurrency())); }

bool IsHttpError(const beast::error_code& ec) {
  return ec.category() == beast_http::make_error_code(beast_http::error::bad_method).category();
}

class Session;

// Everything the server shares between its threads. Thread-safety: config, app and the pools are
// safe from any thread; the acceptor, the timers and the work guards belong to contexts_[0]; the
// session registry is guarded by sessions_mutex_.
class Engine {
 public:
  Engine(ServerConfig config, const Application& app);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  void Listen();
  std::uint16_t port() const { return port_; }
  void Run();
  void Stop() noexcept;

  const ServerConfig& config() const { return config_; }
  const Application& app() const { return app_; }
  spdlog::logger& logger() const { return *logger_; }
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }
  WorkerPool& PoolFor(Lane lane) { return lane == Lane::kPasswordHash ? hash_pool_ : db_pool_; }
  void Unregister(const Session* session);

 private:
  void Accept();
  void WaitForStop();
  void BeginShutdown();
  void Finish();
  static void RunContext(asio::io_context& context, spdlog::logger& logger);

  ServerConfig config_;
  const Application& app_;
  std::shared_ptr<spdlog::logger> logger_;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<bool> finished_{false};
  int stop_pipe_[2] = {-1, -1};
  std::uint16_t port_ = 0;
  bool listening_ = false;

  // Declared before the io_contexts: sessions destroyed with a context unregister themselves.
  std::mutex sessions_mutex_;
  std::unordered_map<const Session*, std::weak_ptr<Session>> sessions_;

  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<WorkGuard> guards_;
  std::size_t next_context_ = 0;
  tcp::acceptor acceptor_;
  asio::steady_timer accept_timer_;
  asio::steady_timer drain_timer_;
  asio::posix::stream_descriptor stop_reader_;
  char stop_byte_ = 0;
  // Declared after the io_contexts: a queued task posts its response to a live context.
  WorkerPool db_pool_;
  WorkerPool hash_pool_;
};

// One connection. Every member function runs on the connection's io_context thread, except Invoke
// (on a pool thread while the session is in kHandling, when the I/O side leaves request_ alone).
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Engine& engine, std::string remote)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        engine_(engine),
        remote_(std::move(remote)) {}
  ~Session() { engine_.Unregister(this); }

  void Start() { AwaitRequest(); }
  tcp::socket::executor_type executor() { return socket_.get_executor(); }

  // The server is stopping: an idle connection closes now, a busy one after its response.
  void OnServerStop() {
    if (phase_ == Phase::kIdle) Close();
  }

 private:
  enum class Phase { kIdle, kReading, kHandling, kWriting, kLingering, kClosed };

  void AwaitRequest() {
    if (engine_.stopping()) return Close();
    if (buffer_.size() > 0) return ReadHeader();  // pipelined
    phase_ = Phase::kIdle;
    Arm(engine_.config().idle_timeout);
    socket_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->buffer_.commit(n);
                              if (ec || self->phase_ != Phase::kIdle) return self->Close();
                              self->ReadHeader();
                            });
  }

  void ReadHeader() {
    phase_ = Phase::kReading;
    started_ = SteadyClock::now();
    timed_out_ = false;
    request_ = {};
    correlation_id_.clear();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(engine_.config().header_limit, UINT32_MAX)));
    parser_->body_limit(engine_.config().body_limit);
    Arm(engine_.config().read_timeout);
    beast_http::async_read_header(
        socket_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    const Request& head = parser_->get();
    if (const auto length = parser_->content_length();
        length && *length > engine_.config().body_limit) {
      return FailRequest(core::ErrorCode::kPayloadTooLarge, Status::payload_too_large);
    }
    try {
      dispatch_ = engine_.app().Resolve(head);
    } catch (const std::exception& e) {
      engine_.logger().error("resolving {} failed: {}", std::string_view(head.target()), e.what());
      return FailRequest(core::ErrorCode::kInternal, Status::internal_server_error);
    }
    if (parser_->is_done()) return Handle();
    if (beast::iequals(head[beast_http::field::expect], "100-continue")) {
      asio::async_write(socket_, asio::buffer(kContinue.data(), kContinue.size()),
                        [self = shared_from_this()](beast::error_code ec, std::size_t) {
                          if (ec) return self->OnReadError(ec);
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    beast_http::async_read(socket_, buffer_, *parser_,
                           [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             if (ec) return self->OnReadError(ec);
                             self->Handle();
                           });
  }

  void OnReadError(beast::error_code ec) {
    if (phase_ != Phase::kReading) return Close();
    if (timed_out_) return FailRequest(core::ErrorCode::kTimeout, Status::request_timeout);
    if (ec == beast_http::error::header_limit) {
      return FailRequest(core::ErrorCode::kHeaderTooLarge, Status::request_header_fields_too_large);
    }
    if (ec == beast_http::error::body_limit) {
      return FailRequest(core::ErrorCode::kPayloadTooLarge, Status::payload_too_large);
    }
    // end_of_stream and partial_message: the client went away, nobody to answer.
    if (IsHttpError(ec) && ec != beast_http::error::end_of_stream &&
        ec != beast_http::error::partial_message) {
      return FailRequest(core::ErrorCode::kInvalidInput, Status::bad_request);
    }
    Close();
  }

  // Answers an error the server detected while reading, then closes: the rest of the request is
  // unread, so the connection cannot carry another one.
  void FailRequest(core::ErrorCode code, Status fallback) {
    Disarm();
    if (parser_) request_ = parser_->release();
    parser_.reset();
    AssignCorrelationId();
    keep_alive_ = false;
    unread_input_ = true;
    Send(RenderError(code, fallback, {}));
  }

  void Handle() {
    Disarm();
    phase_ = Phase::kHandling;
    request_ = parser_->release();
    parser_.reset();
    AssignCorrelationId();
    keep_alive_ = request_.keep_alive();
    HandlerFn handler = std::move(dispatch_.handler);
    if (dispatch_.lane == Lane::kInline) return Send(Invoke(handler));

    const bool queued =
        engine_.PoolFor(dispatch_.lane)
            .TryPost(
                [self = shared_from_this(), handler = std::move(handler)]() mutable {
                  Response response = self->Invoke(handler);
                  auto executor = self->socket_.get_executor();
                  asio::post(executor,
                             [self = std::move(self), response = std::move(response)]() mutable {
                               self->Send(std::move(response));
                             });
                },
                OnlyReads(dispatch_.lane, request_.method()));
    if (!queued) {
      Response response = RenderError(core::ErrorCode::kUnavailable, Status::service_unavailable,
                                      "worker queue full");
      response.set(beast_http::field::retry_after, "1");
      Send(std::move(response));
    }
  }

  // A handler failure becomes a 500: it is logged here and never reaches the client.
  Response Invoke(const HandlerFn& handler) {
    const RequestContext context{request_, remote_, correlation_id_};
    try {
      return handler(context);
    } catch (const std::exception& e) {
      engine_.logger().error("handler for {} {} failed (correlation id {}): {}",
                             std::string_view(request_.method_string()),
                             std::string_view(request_.target()), correlation_id_, e.what());
    } catch (...) {
      engine_.logger().error("handler for {} {} failed (correlation id {})",
                             std::string_view(request_.method_string()),
                             std::string_view(request_.target()), correlation_id_);
    }
    return RenderError(core::ErrorCode::kInternal, Status::internal_server_error, "handler threw");
  }

  // The dialect decides the status and the body; `fallback` is used only if it cannot render.
  Response RenderError(core::ErrorCode code, Status fallback, std::string log) const {
    try {
      return engine_.app().RenderError(core::Error{code, {}, std::move(log)}, request_);
    } catch (const std::exception& e) {
      engine_.logger().error("rendering error {} failed: {}", core::ReasonOf(code), e.what());
    } catch (...) {
      engine_.logger().error("rendering error {} failed", core::ReasonOf(code));
    }
    Response response{fallback, 11};
    response.set(beast_http::field::content_type, "text/plain");
    response.body() = std::string(beast_http::obsolete_reason(fallback));
    return response;
  }

  void AssignCorrelationId() {
    const auto header = request_.find(kCorrelationIdHeader);
    if (header != request_.end() && IsValidCorrelationId(header->value())) {
      correlation_id_ = std::string(header->value());
    } else {
      correlation_id_ = NewCorrelationId();
    }
  }

  void Send(Response response) {
    if (phase_ == Phase::kClosed) return;
    phase_ = Phase::kWriting;
    keep_alive_ = keep_alive_ && !engine_.stopping();
    response.version(request_.version() == 10 ? 10 : 11);
    response.set(beast_http::field::server, "roster");
    response.set(kCorrelationIdHeader, correlation_id_);
    response.set(beast_http::field::access_control_allow_origin, "*");
    response.keep_alive(keep_alive_);
    const unsigned status = response.result_int();
    if (status / 100 == 1 || status == 204 || status == 304) {
      response.body().clear();  // such responses have no body; prepare_payload would throw
    }
    response.prepare_payload();
    body_bytes_ = response.body().size();
    if (request_.method() == Verb::head) {
      response.body().clear();
      response.content_length(body_bytes_);
    }
    response_ = std::move(response);
    Arm(engine_.config().read_timeout);
    beast_http::async_write(
        socket_, response_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnWrite(ec); });
  }

  void OnWrite(beast::error_code ec) {
    Disarm();
    LogAccess();
    response_ = {};
    if (ec || phase_ != Phase::kWriting) return Close();
    if (!keep_alive_) return unread_input_ ? Linger() : Close();
    AwaitRequest();
  }

  void LogAccess() {
    if (!engine_.config().access_log || !engine_.logger().should_log(spdlog::level::info)) return;
    const std::chrono::duration<double, std::milli> elapsed = SteadyClock::now() - started_;
    engine_.logger().info(FormatAccessLog({.method = request_.method_string(),
                                           .target = request_.target(),
                                           .status = response_.result_int(),
                                           .bytes = body_bytes_,
                                           .duration_ms = elapsed.count(),
                                           .remote = remote_,
                                           .correlation_id = correlation_id_}));
  }

  void Linger() {
    phase_ = Phase::kLingering;
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    buffer_.clear();
    Arm(std::min(engine_.config().read_timeout, kMaxLinger));
    Discard();
  }

  void Discard() {
    socket_.async_read_some(buffer_.prepare(kReadChunk), [self = shared_from_this()](
                                                             beast::error_code ec, std::size_t n) {
      self->lingered_ += n;
      self->buffer_.clear();
      if (ec || self->phase_ != Phase::kLingering || self->lingered_ > kMaxLingerBytes) {
        return self->Close();
      }
      self->Discard();
    });
  }

  void Close() {
    if (phase_ == Phase::kClosed) return;
    phase_ = Phase::kClosed;
    Disarm();
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  // One deadline per phase. A stale expiry (the phase moved on) is recognised by its generation.
  void Arm(std::chrono::milliseconds timeout) {
    ++deadline_generation_;
    timer_.expires_after(timeout);
    timer_.async_wait(
        [weak = weak_from_this(), generation = deadline_generation_](beast::error_code ec) {
          if (ec) return;
          const auto self = weak.lock();
          if (self && self->deadline_generation_ == generation) self->OnDeadline();
        });
  }

  void Disarm() {
    ++deadline_generation_;
    timer_.cancel();
  }

  void OnDeadline() {
    if (phase_ == Phase::kReading) {
      // Mid-request: cancel the read so that OnReadError answers 408.
      timed_out_ = true;
      beast::error_code ignored;
      socket_.cancel(ignored);
      return;
    }
    Close();
  }

  tcp::socket socket_;
  asio::steady_timer timer_;
  Engine& engine_;
  const std::string remote_;
  beast::flat_buffer buffer_;
  std::optional<beast_http::request_parser<beast_http::string_body>> parser_;
  Dispatch dispatch_;
  Request request_;
  Response response_;
  std::string correlation_id_;
  Phase phase_ = Phase::kIdle;
  bool timed_out_ = false;
  bool keep_alive_ = false;
  bool unread_input_ = false;
  std::size_t body_bytes_ = 0;
  std::size_t lingered_ = 0;
  SteadyClock::time_point started_ = SteadyClock::now();
  std::uint64_t deadline_generation_ = 0;
};

std::shared_ptr<spdlog::logger> RosterLogger() {
  auto logger = spdlog::get("roster");
  return logger ? logger : spdlog::default_logger();
}

std::unique_ptr<asio::io_context> NewContext() {
  // Each context is run by exactly one thread: the hint enables Asio's single-thread fast paths
  // while posting from other threads stays safe.
  return std::make_unique<asio::io_context>(1);
}

Engine::Engine(ServerConfig config, const Application& app)
    : config_(std::move(config)),
      app_(app),
      logger_(RosterLogger()),
      contexts_([this] {
        std::vector<std::unique_ptr<asio::io_context>> contexts;
        const int count = config_.io_threads > 0 ? config_.io_threads : CoreCount();
        for (int i = 0; i < count; ++i) contexts.push_back(NewContext());
        return contexts;
      }()),
      acceptor_(*contexts_[0]),
      accept_timer_(*contexts_[0]),
      drain_timer_(*contexts_[0]),
      stop_reader_(*contexts_[0]),
      db_pool_(config_.db_workers > 0 ? config_.db_workers : CoreCount(), config_.queue_limit,
               config_.share_reads),
      hash_pool_(config_.hash_workers > 0 ? config_.hash_workers : CoreCount(),
                 config_.queue_limit) {
  if (::pipe2(stop_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) {
    throw std::system_error(errno, std::generic_category(), "creating the stop pipe");
  }
  stop_reader_.assign(stop_pipe_[0]);
}

Engine::~Engine() {
  finished_ = true;
  ::close(stop_pipe_[1]);
}

void Engine::Listen() {
  try {
    tcp::resolver resolver(*contexts_[0]);
    const auto endpoint = resolver
                              .resolve(config_.host, std::to_string(config_.port),
                                       tcp::resolver::passive | tcp::resolver::numeric_service)
                              .begin()
                              ->endpoint();
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
    port_ = acceptor_.local_endpoint().port();
    listening_ = true;
  } catch (const boost::system::system_error& e) {
    beast::error_code ignored;
    acceptor_.close(ignored);
    throw std::system_error(std::error_code(e.code()),
                            "listening on " + config_.host + ":" + std::to_string(config_.port));
  }
}

void Engine::Run() {
  if (!listening_) Listen();
  logger_ = RosterLogger();
  for (auto& context : contexts_) guards_.push_back(asio::make_work_guard(*context));
  WaitForStop();
  Accept();
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < contexts_.size(); ++i) {
    threads.emplace_back([this, i] { RunContext(*contexts_[i], *logger_); });
  }
  RunContext(*contexts_[0], *logger_);
  for (auto& thread : threads) thread.join();
  // Handlers may still run after a drain timeout; they must finish before the application goes.
  db_pool_.Shutdown();
  hash_pool_.Shutdown();
}

// Only an atomic exchange and write(2): both async-signal-safe.
void Engine::Stop() noexcept {
  if (stop_requested_.exchange(true)) return;
  const char byte = 1;
  [[maybe_unused]] const auto written = ::write(stop_pipe_[1], &byte, 1);
}

void Engine::RunContext(asio::io_context& context, spdlog::logger& logger) {
  for (;;) {
    try {
      context.run();
      return;
    } catch (const std::exception& e) {
      logger.error("I/O thread: {}", e.what());
    }
  }
}

void Engine::WaitForStop() {
  stop_reader_.async_read_some(asio::buffer(&stop_byte_, 1),
                               [this](beast::error_code ec, std::size_t) {
                                 if (ec == asio::error::operation_aborted) return;
                                 BeginShutdown();
                               });
}

void Engine::Accept() {
  asio::io_context& target = *contexts_[next_context_++ % contexts_.size()];
  acceptor_.async_accept(target, [this, &target](beast::error_code ec, tcp::socket socket) {
    if (stopping() || ec == asio::error::operation_aborted) return;
    if (ec) {
      logger_->warn("accept failed: {}", ec.message());
      accept_timer_.expires_after(kAcceptRetry);
      accept_timer_.async_wait([this](beast::error_code wait_ec) {
        if (!wait_ec && !stopping()) Accept();
      });
      return;
    }
    beast::error_code option_ec;
    socket.set_option(tcp::no_delay(true), option_ec);
    const auto remote = socket.remote_endpoint(option_ec);
    auto session = std::make_shared<Session>(
        std::move(socket), *this, option_ec ? std::string() : remote.address().to_string());
    {
      std::lock_guard lock(sessions_mutex_);
      sessions_.emplace(session.get(), session);
    }
    asio::post(target, [session = std::move(session)] { session->Start(); });
    Accept();
  });
}

void Engine::Unregister(const Session* session) {
  std::lock_guard lock(sessions_mutex_);
  sessions_.erase(session);
  if (sessions_.empty() && stopping() && !finished_) {
    asio::post(*contexts_[0], [this] { Finish(); });
  }
}

void Engine::BeginShutdown() {
  beast::error_code ignored;
  acceptor_.close(ignored);
  accept_timer_.cancel();
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(sessions_mutex_);
    stopping_.store(true, std::memory_order_release);
    for (const auto& [key, weak] : sessions_) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
    if (sessions_.empty()) {
      asio::post(*contexts_[0], [this] { Finish(); });
      return;
    }
  }
  logger_->info("stopping: draining {} connection(s)", live.size());
  for (auto& session : live) {
    auto executor = session->executor();
    asio::post(executor, [session = std::move(session)] { session->OnServerStop(); });
  }
  drain_timer_.expires_after(config_.drain_timeout);
  drain_timer_.async_wait([this](beast::error_code ec) {
    if (ec) return;
    logger_->warn("stopping: drain timeout, closing the remaining connections");
    Finish();
  });
}

void Engine::Finish() {
  if (finished_.exchange(true)) return;
  drain_timer_.cancel();
  stop_reader_.close();
  for (auto& guard : guards_) guard.reset();
  for (auto& context : contexts_) context->stop();
}

}  // namespace

struct Server::Impl {
  Impl(ServerConfig config, const Application& app) : engine(std::move(config), app) {}
  Engine engine;
};

Server::Server(ServerConfig config, const Application& app)
    : impl_(std::make_unique<Impl>(std::move(config), app)) {}

Server::~Server() = default;

void Server::Listen() { impl_->engine.Listen(); }

std::uint16_t Server::port() const { return impl_->engine.port(); }

void Server::Run() { impl_->engine.Run(); }

void Server::Stop() { impl_->engine.Stop(); }

}  // namespace roster::http
