#include "http/server.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "http/access_log.h"
#include "http/correlation_id.h"

namespace roster::http {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

template <class Predicate>
bool WaitUntil(Predicate predicate, std::chrono::milliseconds timeout = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!predicate()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

// A one-shot barrier that handlers wait on.
class Gate {
 public:
  void Open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    opened_.notify_all();
  }
  void Wait() {
    std::unique_lock lock(mutex_);
    opened_.wait(lock, [this] { return open_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = false;
};

unsigned StatusOf(core::ErrorCode code) {
  switch (code) {
    case core::ErrorCode::kPayloadTooLarge:
      return 413;
    case core::ErrorCode::kHeaderTooLarge:
      return 431;
    case core::ErrorCode::kTimeout:
      return 408;
    case core::ErrorCode::kUnavailable:
      return 503;
    case core::ErrorCode::kInvalidInput:
      return 400;
    default:
      return 500;
  }
}

std::string ErrorBody(core::ErrorCode code) {
  return R"({"fake_error":")" + std::string(core::ReasonOf(code)) + R"("})";
}

Response TextResponse(std::string body) {
  Response response{Status::ok, 11};
  response.set(beast_http::field::content_type, "text/plain");
  response.body() = std::move(body);
  return response;
}

// Routes by path. Records what the server did with each request.
class FakeApp : public Application {
 public:
  Dispatch Resolve(const Request& head) const override {
    ++resolves;
    const std::string target(head.target());
    const std::string path = target.substr(0, target.find('?'));
    if (path == "/hello") {
      return {Lane::kInline, [](const RequestContext&) { return TextResponse("hello"); }};
    }
    if (path == "/echo") {
      return {Lane::kDatabase, [](const RequestContext& context) {
                Response response = TextResponse(context.request.body());
                response.set("X-Seen-Correlation-Id", context.correlation_id);
                response.set("X-Seen-Remote", context.remote_address);
                return response;
              }};
    }
    if (path == "/thread/inline" || path == "/thread/db" || path == "/thread/hash") {
      const Lane lane = path == "/thread/inline" ? Lane::kInline
                        : path == "/thread/db"   ? Lane::kDatabase
                                                 : Lane::kPasswordHash;
      return {lane, [this](const RequestContext&) {
                std::lock_guard lock(mutex);
                handler_thread = std::this_thread::get_id();
                return TextResponse("ok");
              }};
    }
    if (path == "/block") {
      return {Lane::kDatabase, [this](const RequestContext&) {
                ++blocked;
                gate.Wait();
                return TextResponse("released");
              }};
    }
    if (path == "/nocontent") {
      return {Lane::kInline, [](const RequestContext&) {
                Response response{Status::no_content, 11};
                response.body() = "must not be sent";
                return response;
              }};
    }
    if (path == "/throw") {
      return {Lane::kDatabase,
              [](const RequestContext&) -> Response { throw std::runtime_error("secret detail"); }};
    }
    return {Lane::kInline, [](const RequestContext&) {
              Response response{Status::not_found, 11};
              response.body() = "nope";
              return response;
            }};
  }

  Response RenderError(const core::Error& error, const Request&) const override {
    Response response{static_cast<Status>(StatusOf(error.code)), 11};
    response.set(beast_http::field::content_type, "application/json");
    response.body() = ErrorBody(error.code);
    return response;
  }

  mutable std::atomic<int> resolves{0};
  mutable std::atomic<int> blocked{0};
  mutable Gate gate;
  mutable std::mutex mutex;
  mutable std::thread::id handler_thread;
};

ServerConfig TestConfig() {
  ServerConfig config;
  config.host = "127.0.0.1";
  config.port = 0;
  config.io_threads = 2;
  config.db_workers = 2;
  config.hash_workers = 1;
  config.access_log = false;
  config.drain_timeout = 5s;
  return config;
}

// A server listening on an ephemeral port, run on its own thread; stopped on destruction.
class RunningServer {
 public:
  RunningServer(ServerConfig config, const Application& app) : server_(std::move(config), app) {
    server_.Listen();
    std::promise<std::thread::id> started;
    auto id = started.get_future();
    thread_ = std::thread([this, started = std::move(started)]() mutable {
      started.set_value(std::this_thread::get_id());
      server_.Run();
      returned_ = true;
    });
    run_thread_ = id.get();
  }
  ~RunningServer() { Join(); }

  void Stop() { server_.Stop(); }
  void Join() {
    server_.Stop();
    if (thread_.joinable()) thread_.join();
  }
  bool returned() const { return returned_; }
  std::uint16_t port() const { return server_.port(); }
  std::thread::id run_thread() const { return run_thread_; }

 private:
  Server server_;
  std::thread thread_;
  std::thread::id run_thread_;
  std::atomic<bool> returned_{false};
};

httplib::Client Client(std::uint16_t port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(5s);
  client.set_read_timeout(10s);
  client.set_write_timeout(10s);
  return client;
}

// A blocking client on a raw socket, for keep-alive, pipelining and malformed input.
class RawClient {
 public:
  explicit RawClient(std::uint16_t port) : socket_(context_) {
    socket_.connect({asio::ip::make_address("127.0.0.1"), port});
  }
  void Send(std::string_view data) { asio::write(socket_, asio::buffer(data.data(), data.size())); }
  beast_http::response<beast_http::string_body> Read() {
    beast_http::response<beast_http::string_body> response;
    beast_http::read(socket_, buffer_, response);
    return response;
  }
  // A response without a body, such as 100 Continue.
  unsigned ReadInterim() {
    beast_http::response_parser<beast_http::empty_body> parser;
    beast_http::read_header(socket_, buffer_, parser);
    return parser.get().result_int();
  }
  // Everything until the server closes the connection.
  std::string ReadToEnd() {
    std::string data(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    buffer_.clear();
    boost::system::error_code ec;
    std::array<char, 4096> chunk;
    for (;;) {
      const std::size_t n = socket_.read_some(asio::buffer(chunk), ec);
      data.append(chunk.data(), n);
      if (ec) break;
    }
    return data;
  }
  tcp::socket& socket() { return socket_; }
  beast::flat_buffer& buffer() { return buffer_; }

 private:
  asio::io_context context_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

std::string Get(std::string_view target, std::string_view extra_headers = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra_headers) +
         "\r\n";
}

std::string Post(std::string_view target, std::string_view body) {
  return "POST " + std::string(target) +
         " HTTP/1.1\r\nHost: test\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
         std::string(body);
}

const std::regex kGeneratedId("[0-9a-f]{16}");

TEST(ServerTest, AnswersGetWithCommonHeaders) {
  FakeApp app;
  RunningServer server(TestConfig(), app);
  auto client = Client(server.port());
  auto result = client.Get("/hello");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "hello");
  EXPECT_EQ(result->get_header_value("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(result->get_header_value("Server"), "roster");
  EXPECT_EQ(result->get_header_value("Content-Length"), "5");
  EXPECT_TRUE(std::regex_match(result->get_header_value("Correlation-Id"), kGeneratedId));

  auto unknown = client.Get("/missing");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_NE(unknown->get_header_value("Correlation-Id"),
            result->get_header_value("Correlation-Id"));
}

TEST(ServerTest, EchoesValidCorrelationIdAndPassesContext) {
  FakeApp app;
  RunningServer server(TestConfig(), app);
  auto client = Client(server.port());
  auto result = client.Post("/echo", {{"Correlation-Id", "abc-123_x.Y"}}, "payload", "text/plain");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "payload");
  EXPECT_EQ(result->get_header_value("Correlation-Id"), "abc-123_x.Y");
  EXPECT_EQ(result->get_header_value("X-Seen-Correlation-Id"), "abc-123_x.Y");
  EXPECT_EQ(result->get_header_value("X-Seen-Remote"), "127.0.0.1");
}

TEST(ServerTest, ReplacesInvalidCorrelationId) {
  FakeApp app;
  RunningServer server(TestConfig(), app);
  auto client = Client(server.port());
  for (const std::string& bad :
       {std::string("has space"), std::string("semi;colon"), std::string(65, 'a')}) {
    auto result = client.Post("/echo", {{"Correlation-Id", bad}}, "x", "text/plain");
    ASSERT_TRUE(result);
    const std::string id = result->get_header_value("Correlation-Id");
    EXPECT_TRUE(std::regex_match(id, kGeneratedId)) << bad << " -> " << id;
    EXPECT_EQ(result->get_header_value("X-Seen-Correlation-Id"), id);
  }
  auto longest = client.Get("/hello", {{"Correlation-Id", std::string(64, 'b')}});
  ASSERT_TRUE(longest);
  EXPECT_EQ(longest->get_header_value("Correlation-Id"), std::string(64, 'b'));
}

TEST(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  FakeApp app;
  RunningServer server(TestConfig(), app);
  RawClient client(server.port());
  client.Send(Get("/hello"));
  auto first = client.Read();
  EXPECT_EQ(first.result_int(), 200);
  EXPECT_TRUE(first.keep_alive());
  client.Send(Post("/echo", "second"));
  auto second = client.Read();
  EXPECT_EQ(second.result_int(), 200);
  EXPECT_EQ(second.body(), "second");
  EXPECT_TRUE(second.keep_alive());
}

TEST(ServerTest, AnswersPipelinedRequestsInOrder) {
  FakeApp app;
  RunningServer server(TestConfig(), app);
  RawClient client(server.port());
  client.Send(Post("/echo", "one") + Get("/hello") + Post("/echo", "three"));
  EXPECT_EQ(client.Read().body(), "one");
  EXPECT_EQ(client.Read().body(), "hello");
  EXPECT_EQ(client.Read().body(), "three");
}

TEST(ServerTest, ClosesWhenTheClientAsksAndMirrorsHttp10) {
  FakeApp app;
  RunningServer server(TestConfig(), app);
  {
    RawClient client(server.port());
    client.Send(Get("/hello", "Connection: close\r\n"));
    auto response = client.Read();
    EXPECT_FALSE(response.keep_alive());
    EXPECT_EQ(client.ReadToEnd(), "");  // then EOF
  }
  {
    RawClient client(server.port());
    client.Send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    auto response = client.Read();
    EXPECT_EQ(response.version(), 10);
    EXPECT_TRUE(response.keep_alive());
    client.Send("GET /hello HTTP/1.0\r\n\r\n");
    auto last = client.Read();
    EXPECT_FALSE(last.keep_alive());
    EXPECT_EQ(client.ReadToEnd(), "");
  }
}

TEST(ServerTest, ContinuesExpect100) {
  FakeApp app;
  RunningServer server(TestConfig(), app);
  RawClient client(server.port());
  client.Send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(client.ReadInterim(), 100);
  client.Send("body");
  auto response = client.Read();
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), "body");
}

TEST(ServerTest, RejectsTooLargeBodyByContentLength) {
  FakeApp app;
  RunningServer server(TestConfig(), app);
  auto client = Client(server.port());
  auto result = client.Post("/echo", std::string(2 * 1024 * 1024, 'x'), "text/plain");
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 413);
  EXPECT_EQ(result->body, ErrorBody(core::ErrorCode::kPayloadTooLarge));
  EXPECT_EQ(result->get_header_value("Connection"), "close");
  EXPECT_FALSE(result->get_header_value("Correlation-Id").empty());
  EXPECT_EQ(app.resolves, 0);  // rejected before dispatch
}

TEST(ServerTest, RejectsTooLargeChunkedBody) {
  FakeApp app;
  ServerConfig config = TestConfig();
  config.body_limit = 1024;
  RunningServer server(config, app);
  RawClient client(server.port());
  std::string request = "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 4; ++i) request += "200\r\n" + std::string(512, 'y') + "\r\n";
  request += "0\r\n\r\n";
  client.Send(request);
  auto response = client.Read();
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_EQ(response.body(), ErrorBody(core::ErrorCode::kPayloadTooLarge));
  EXPECT_FALSE(response.keep_alive());

  RawClient small(server.port());
  small.Send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
  EXPECT_EQ(small.Read().body(), "abc");
}

TEST(ServerTest, RejectsTooLargeHeader) {
  FakeApp app;
  RunningServer server(TestConfig(), app);
  auto client = Client(server.port());
  auto result = client.Get("/hello", {{"X-Big", std::string(64 * 1024, 'h')}});
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 431);
  EXPECT_EQ(result->body, ErrorBody(core::ErrorCode::kHeaderTooLarge));
  EXPECT_EQ(app.resolves, 0);
}

TEST(ServerTest, RejectsMalformedRequest) {
  FakeApp app;
  RunningServer server(TestConfig(), app);
  RawClient client(server.port());
  client.Send("GET /hello HTTP/1.1\r\nHost: t\r\nno colon here\r\n\r\n");
  auto response = client.Read();
  EXPECT_EQ(response.result_int(), 400);
  EXPECT_EQ(response.body(), ErrorBody(core::ErrorCode::kInvalidInput));
  EXPECT_FALSE(response.keep_alive());
  EXPECT_EQ(client.ReadToEnd(), "");
}

TEST(ServerTest, AnswersUnavailableWhenThePoolQueueIsFull) {
  FakeApp app;
  ServerConfig config = TestConfig();
  config.io_threads = 1;  // one I/O thread: each request is queued before the next is read
  config.db_workers = 1;
  config.queue_limit = 1;
  RunningServer server(config, app);

  auto running =
      std::async(std::launch::async, [&] { return Client(server.port()).Get("/block"); });
  ASSERT_TRUE(WaitUntil([&] { return app.blocked == 1; }));
  auto queued = std::async(std::launch::async, [&] { return Client(server.port()).Get("/block"); });
  ASSERT_TRUE(WaitUntil([&] { return app.resolves == 2; }));

  auto refused = Client(server.port()).Get("/block");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->get_header_value("Retry-After"), "1");
  EXPECT_EQ(refused->body, ErrorBody(core::ErrorCode::kUnavailable));

  app.gate.Open();
  auto first = running.get();
  auto second = queued.get();
  ASSERT_TRUE(first);
  ASSERT_TRUE(second);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(app.blocked, 2);  // the refused request never ran its handler
}

TEST(ServerTest, InlineLaneRunsOnTheIoThreadOthersDoNot) {
  FakeApp app;
  ServerConfig config = TestConfig();
  config.io_threads = 1;  // the thread that called Run() is the only I/O thread
  RunningServer server(config, app);
  auto client = Client(server.port());
  auto handler_thread = [&] {
    std::lock_guard lock(app.mutex);
    return app.handler_thread;
  };

  ASSERT_TRUE(client.Get("/thread/inline"));
  EXPECT_EQ(handler_thread(), server.run_thread());
  ASSERT_TRUE(client.Get("/thread/db"));
  EXPECT_NE(handler_thread(), server.run_thread());
  EXPECT_NE(handler_thread(), std::thread::id());
  ASSERT_TRUE(client.Get("/thread/hash"));
  EXPECT_NE(handler_thread(), server.run_thread());
}

TEST(ServerTest, HandlerExceptionIsA500AndServingContinues) {
  FakeApp app;
  RunningServer server(TestConfig(), app);
  RawClient client(server.port());
  client.Send(Get("/throw"));
  auto failed = client.Read();
  EXPECT_EQ(failed.result_int(), 500);
  EXPECT_EQ(failed.body(), ErrorBody(core::ErrorCode::kInternal));
  EXPECT_EQ(failed.body().find("secret"), std::string::npos);
  client.Send(Get("/hello"));  // same connection
  auto next = client.Read();
  EXPECT_EQ(next.result_int(), 200);
  EXPECT_EQ(next.body(), "hello");
}

TEST(ServerTest, HeadAndNoContentResponsesCarryNoBody) {
  FakeApp app;
  RunningServer server(TestConfig(), app);
  RawClient client(server.port());
  client.Send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n" + Get("/nocontent") + Get("/hello"));
  beast::flat_buffer& buffer = client.buffer();
  beast_http::response_parser<beast_http::string_body> head;
  head.skip(true);
  beast_http::read(client.socket(), buffer, head);
  EXPECT_EQ(head.get().result_int(), 200);
  EXPECT_EQ(head.get()[beast_http::field::content_length], "5");
  auto no_content = client.Read();
  EXPECT_EQ(no_content.result_int(), 204);
  EXPECT_EQ(no_content.body(), "");
  auto after = client.Read();  // the stream is still in sync: no stray body bytes
  EXPECT_EQ(after.result_int(), 200);
  EXPECT_EQ(after.body(), "hello");
}

TEST(ServerTest, StopLetsAnInFlightRequestFinish) {
  FakeApp app;
  RunningServer server(TestConfig(), app);
  auto in_flight =
      std::async(std::launch::async, [&] { return Client(server.port()).Get("/block"); });
  ASSERT_TRUE(WaitUntil([&] { return app.blocked == 1; }));

  server.Stop();
  std::this_thread::sleep_for(100ms);
  EXPECT_FALSE(server.returned());  // waiting for the handler
  app.gate.Open();

  auto result = in_flight.get();
  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "released");
  EXPECT_EQ(result->get_header_value("Connection"), "close");
  ASSERT_TRUE(WaitUntil([&] { return server.returned(); }));

  asio::io_context context;
  tcp::socket socket(context);
  boost::system::error_code ec;
  socket.connect({asio::ip::make_address("127.0.0.1"), server.port()}, ec);
  EXPECT_TRUE(ec) << "the listener is closed";
}

TEST(ServerTest, StopClosesIdleKeepAliveConnections) {
  FakeApp app;
  ServerConfig config = TestConfig();
  config.drain_timeout = 30s;
  RunningServer server(config, app);
  RawClient client(server.port());
  client.Send(Get("/hello"));
  EXPECT_EQ(client.Read().result_int(), 200);

  const auto start = std::chrono::steady_clock::now();
  server.Stop();
  EXPECT_EQ(client.ReadToEnd(), "");
  ASSERT_TRUE(WaitUntil([&] { return server.returned(); }));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(ServerTest, StopBeforeRunReturnsImmediately) {
  FakeApp app;
  Server server(TestConfig(), app);
  server.Listen();
  server.Stop();
  auto run = std::async(std::launch::async, [&] { server.Run(); });
  EXPECT_EQ(run.wait_for(5s), std::future_status::ready);
}

TEST(ServerTest, ReadTimeoutAnswers408ToAHalfSentRequest) {
  FakeApp app;
  ServerConfig config = TestConfig();
  config.read_timeout = 300ms;
  RunningServer server(config, app);
  RawClient client(server.port());
  const auto start = std::chrono::steady_clock::now();
  client.Send("GET /hello HTTP/1.1\r\nHost: t\r\n");
  const std::string answer = client.ReadToEnd();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 408")) << answer;
  EXPECT_NE(answer.find(ErrorBody(core::ErrorCode::kTimeout)), std::string::npos);
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 5s);
}

TEST(ServerTest, IdleTimeoutClosesSilently) {
  FakeApp app;
  ServerConfig config = TestConfig();
  config.idle_timeout = 200ms;
  RunningServer server(config, app);
  RawClient client(server.port());
  client.Send(Get("/hello"));
  EXPECT_EQ(client.Read().result_int(), 200);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(client.ReadToEnd(), "");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, 150ms);
  EXPECT_LT(elapsed, 5s);
}

// Finds the server's end of the connection among this process's descriptors.
int ServerSideDescriptor(std::uint16_t server_port, std::uint16_t client_port) {
  for (int fd = 0; fd < 4096; ++fd) {
    sockaddr_in local{};
    sockaddr_in peer{};
    socklen_t local_size = sizeof local;
    socklen_t peer_size = sizeof peer;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_size) != 0) continue;
    if (local.sin_family != AF_INET || ntohs(local.sin_port) != server_port) continue;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_size) != 0) continue;
    if (ntohs(peer.sin_port) == client_port) return fd;
  }
  return -1;
}

TEST(ServerTest, SetsTcpNoDelayOnAcceptedSockets) {
  FakeApp app;
  RunningServer server(TestConfig(), app);
  RawClient client(server.port());
  client.Send(Get("/hello"));
  EXPECT_EQ(client.Read().result_int(), 200);  // accepted and configured by now
  const int fd = ServerSideDescriptor(server.port(), client.socket().local_endpoint().port());
  ASSERT_GE(fd, 0);
  int value = 0;
  socklen_t size = sizeof value;
  ASSERT_EQ(::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &value, &size), 0);
  EXPECT_NE(value, 0);
}

TEST(ServerTest, PortZeroBindsAnEphemeralPortAndBusyPortThrows) {
  FakeApp app;
  Server first(TestConfig(), app);
  first.Listen();
  EXPECT_NE(first.port(), 0);
  Server second(TestConfig(), app);
  second.Listen();
  EXPECT_NE(second.port(), first.port());

  ServerConfig busy = TestConfig();
  busy.port = first.port();
  Server third(busy, app);
  EXPECT_THROW(third.Listen(), std::system_error);
}

TEST(ServerTest, WritesOneAccessLogLinePerRequest) {
  std::ostringstream output;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(output);
  auto logger = std::make_shared<spdlog::logger>("roster", sink);
  logger->set_pattern("%v");
  spdlog::register_logger(logger);
  {
    FakeApp app;
    ServerConfig config = TestConfig();
    config.access_log = true;
    RunningServer server(config, app);
    auto client = Client(server.port());
    ASSERT_TRUE(client.Get("/hello?password=secret", {{"Correlation-Id", "log-me"}}));
  }
  spdlog::drop("roster");

  std::istringstream lines(output.str());
  std::string line;
  int requests = 0;
  while (std::getline(lines, line)) {
    boost::system::error_code ec;
    auto value = boost::json::parse(line, ec);
    if (ec || !value.is_object() || !value.as_object().contains("event")) continue;
    ++requests;
    const auto& entry = value.as_object();
    EXPECT_EQ(entry.at("event"), "request");
    EXPECT_EQ(entry.at("method"), "GET");
    EXPECT_EQ(entry.at("path"), "/hello");
    EXPECT_EQ(entry.at("status").to_number<int>(), 200);
    EXPECT_EQ(entry.at("bytes").to_number<int>(), 5);
    EXPECT_TRUE(entry.at("duration_ms").is_double());
    EXPECT_EQ(entry.at("remote"), "127.0.0.1");
    EXPECT_EQ(entry.at("correlation_id"), "log-me");
  }
  EXPECT_EQ(requests, 1) << output.str();
  EXPECT_EQ(output.str().find("secret"), std::string::npos);
}

TEST(ServerTest, AccessLogCanBeDisabled) {
  std::ostringstream output;
  auto logger = std::make_shared<spdlog::logger>(
      "roster", std::make_shared<spdlog::sinks::ostream_sink_mt>(output));
  spdlog::register_logger(logger);
  {
    FakeApp app;
    RunningServer server(TestConfig(), app);  // access_log = false
    ASSERT_TRUE(Client(server.port()).Get("/hello"));
  }
  spdlog::drop("roster");
  EXPECT_EQ(output.str().find("\"event\":\"request\""), std::string::npos) << output.str();
}

TEST(CorrelationIdTest, Validates) {
  EXPECT_TRUE(IsValidCorrelationId("a"));
  EXPECT_TRUE(IsValidCorrelationId("AZaz09-_."));
  EXPECT_TRUE(IsValidCorrelationId(std::string(64, 'x')));
  EXPECT_FALSE(IsValidCorrelationId(""));
  EXPECT_FALSE(IsValidCorrelationId(std::string(65, 'x')));
  EXPECT_FALSE(IsValidCorrelationId("a b"));
  EXPECT_FALSE(IsValidCorrelationId("a\r\nb"));
  EXPECT_FALSE(IsValidCorrelationId("\"quoted\""));
}

TEST(CorrelationIdTest, GeneratesDistinctHexIds) {
  const std::string a = NewCorrelationId();
  const std::string b = NewCorrelationId();
  EXPECT_TRUE(std::regex_match(a, kGeneratedId));
  EXPECT_TRUE(std::regex_match(b, kGeneratedId));
  EXPECT_NE(a, b);
  EXPECT_TRUE(IsValidCorrelationId(a));
}

TEST(AccessLogTest, FormatsJsonWithoutQueryString) {
  const std::string line = FormatAccessLog({.method = "POST",
                                            .target = "/a/b?token=x",
                                            .status = 201,
                                            .bytes = 12,
                                            .duration_ms = 1.5,
                                            .remote = "10.0.0.1",
                                            .correlation_id = "c\"1"});
  const auto value = boost::json::parse(line).as_object();
  EXPECT_EQ(value.at("event"), "request");
  EXPECT_EQ(value.at("method"), "POST");
  EXPECT_EQ(value.at("path"), "/a/b");
  EXPECT_EQ(value.at("status").to_number<int>(), 201);
  EXPECT_EQ(value.at("bytes").to_number<int>(), 12);
  EXPECT_DOUBLE_EQ(value.at("duration_ms").as_double(), 1.5);
  EXPECT_EQ(value.at("remote"), "10.0.0.1");
  EXPECT_EQ(value.at("correlation_id"), "c\"1");
}

}  // namespace
}  // namespace roster::http
