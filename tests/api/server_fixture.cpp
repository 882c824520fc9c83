#include "api/server_fixture.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <stdexcept>

#ifndef ROSTER_BINARY
#error "ROSTER_BINARY must name the roster executable"
#endif

namespace roster::apitest {

namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

constexpr auto kStartTimeout = 10s;
constexpr auto kStopTimeout = 10s;

// ROSTER_TEST_BINARY overrides the compiled-in path (e.g. to run the suite against an
// installed binary).
std::string Binary() {
  if (const char* override_path = std::getenv("ROSTER_TEST_BINARY");
      override_path != nullptr && *override_path != '\0') {
    return override_path;
  }
  return ROSTER_BINARY;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Starts `argv` with stdout on a new pipe (whose read end is returned in `out_fd`) and stderr
// appended to `err_path`. The child dies with the thread that started it, so a crashed test
// never leaves a server behind. Only async-signal-safe calls happen between fork and exec.
pid_t Spawn(const std::vector<std::string>& argv, const std::filesystem::path& err_path,
            int& out_fd) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const std::string err = err_path.string();
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(126);
    // The test process may block signals in its threads; the server must see them.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (err_fd >= 0) dup2(err_fd, STDERR_FILENO);
    dup2(pipe_fds[1], STDOUT_FILENO);
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    execv(args[0], args.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  out_fd = pipe_fds[0];
  return pid;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::optional<json::object> ParseObjectLine(const std::string& line) {
  boost::system::error_code ec;
  json::value value = json::parse(line, ec);
  if (ec || !value.is_object()) return std::nullopt;
  return value.as_object();
}

// `url` (postgresql://USER@HOST:PORT/DB?PARAMS) with DB replaced by `name`.
std::string WithDatabaseName(const std::string& url, const std::string& name) {
  const std::size_t scheme = url.find("://");
  const std::size_t authority = scheme == std::string::npos ? 0 : scheme + 3;
  const std::size_t path = url.find_first_of("/?", authority);
  if (path == std::string::npos) return url + "/" + name;
  const std::size_t query = url.find('?', path);
  return url.substr(0, path) + "/" + name + (query == std::string::npos ? "" : url.substr(query));
}

// Runs one statement on the admin database of TestPostgresUrl(); returns the error text, or ""
// on success.
std::string ExecAdmin(const std::string& sql) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(TestPostgresUrl().c_str()),
                                                    &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return "cannot connect to ROSTER_TEST_POSTGRES_URL: " + std::string(PQerrorMessage(conn.get()));
  }
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn.get(), sql.c_str()), &PQclear);
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    return sql + ": " + PQresultErrorMessage(result.get());
  }
  return "";
}

}  // namespace

std::string TestPostgresUrl() {
  const char* url = std::getenv("ROSTER_TEST_POSTGRES_URL");
  return url != nullptr ? url : "";
}

// ---------------------------------------------------------------------------------------------
// Reply

const json::value& Reply::Json() const {
  if (!json_) {
    boost::system::error_code ec;
    json::value value = json::parse(body, ec);
    if (ec) {
      ADD_FAILURE() << "response body is not JSON (status " << status << "): " << body;
      value = nullptr;
    }
    json_ = std::move(value);
  }
  return *json_;
}

std::string Reply::Message() const {
  boost::system::error_code ec;
  json::value value = json::parse(body, ec);
  if (ec || !value.is_object()) return "";
  const json::value* message = value.as_object().if_contains("message");
  if (message == nullptr || !message->is_string()) return "";
  return std::string(message->as_string());
}

std::string Reply::Header(const std::string& name) const {
  auto it = headers.find(name);  // httplib compares header names case-insensitively
  return it == headers.end() ? "" : it->second;
}

bool Reply::HasHeader(const std::string& name) const { return headers.count(name) > 0; }

// ---------------------------------------------------------------------------------------------
// Helpers

std::string UniqueName(std::string_view prefix) {
  static std::atomic<int> counter{0};
  std::string name(prefix);
  name += "." + std::to_string(++counter);
  while (name.size() < 8) name += "x";
  return name;
}

httplib::Headers TokenHeader(const std::string& token) {
  return {{"DirectLogin", "token=" + token}};
}

std::vector<std::string> KeysOf(const json::value& value) {
  std::vector<std::string> keys;
  if (!value.is_object()) return keys;
  for (const auto& entry : value.as_object()) keys.emplace_back(entry.key());
  std::sort(keys.begin(), keys.end());
  return keys;
}

json::value ErrorBody(int status, std::string_view message) {
  return json::object{{"code", status}, {"message", message}};
}

std::string Encode(std::string_view segment) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : segment) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '@') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// RosterServer

RosterServer::RosterServer(std::vector<std::string> serve_flags, bool fast_hashing)
    : RosterServer(ServerOptions{std::move(serve_flags), fast_hashing}) {}

RosterServer::RosterServer(ServerOptions options) : options_(std::move(options)) {
  MakeDirectory();
  try {
    CreateDatabase();
    Start();
  } catch (...) {
    Cleanup();
    throw;
  }
}

RosterServer::RosterServer(JoinTag, const RosterServer& primary, ServerOptions options)
    : options_(std::move(options)),
      database_(primary.database_),
      consumer_key_(primary.consumer_key_),
      superuser_(primary.superuser_) {
  MakeDirectory();
  try {
    Serve();
  } catch (...) {
    Cleanup();
    throw;
  }
}

std::unique_ptr<RosterServer> RosterServer::StartNode(const RosterServer& primary,
                                                      ServerOptions options) {
  return std::unique_ptr<RosterServer>(new RosterServer(JoinTag{}, primary, std::move(options)));
}

RosterServer::~RosterServer() { Cleanup(); }

void RosterServer::MakeDirectory() {
  std::string pattern = (std::filesystem::temp_directory_path() / "roster-apitest-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  directory_ = pattern;
}

void RosterServer::CreateDatabase() {
  const std::string admin_url = TestPostgresUrl();
  if (admin_url.empty()) {
    database_ = "sqlite:" + (directory_ / "roster.db").string();
    return;
  }
  static std::atomic<int> counter{0};
  std::random_device random;
  std::string name = "roster_t_" + std::to_string(getpid()) + "_" + std::to_string(++counter) +
                     "_" + std::to_string(random() % 1000000);
  if (std::string error = ExecAdmin("CREATE DATABASE " + name); !error.empty()) {
    throw std::runtime_error(error);
  }
  postgres_name_ = std::move(name);
  database_ = WithDatabaseName(admin_url, postgres_name_);
}

void RosterServer::Cleanup() {
  Stop();
  if (reader_.joinable()) reader_.join();
  if (!postgres_name_.empty()) {
    // FORCE ends the sessions of nodes that still run on it.
    std::string error = ExecAdmin("DROP DATABASE IF EXISTS " + postgres_name_ + " WITH (FORCE)");
    if (!error.empty()) std::cerr << "warning: " << error << std::endl;
    postgres_name_.clear();
  }
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

void RosterServer::Start() {
  CommandResult migrated = RunCommand({"migrate"});
  if (migrated.exit_code != 0) {
    throw std::runtime_error("roster migrate failed: " + migrated.out +
                             ReadFile(directory_ / "command.err"));
  }
  CommandResult consumer = RunCommand({"consumer", "create", "--name", "api-tests"});
  consumer_key_ = Trim(consumer.out);
  if (auto nl = consumer_key_.rfind('\n'); nl != std::string::npos) {
    consumer_key_ = consumer_key_.substr(nl + 1);
  }
  if (consumer.exit_code != 0 || consumer_key_.empty()) {
    throw std::runtime_error("roster consumer create failed: " + consumer.out +
                             ReadFile(directory_ / "command.err"));
  }
  superuser_ = CreateUser("superuser.admin", /*validated=*/true, /*superuser=*/true);
  Serve();
}

void RosterServer::Serve() {
  std::vector<std::string> argv = {Binary(),      "serve",      "--listen",
                                   "127.0.0.1:0", "--database", database_};
  if (options_.fast_hashing) {
    argv.insert(argv.end(), {"--argon2-opslimit", "1", "--argon2-memlimit", "8192"});
  }
  argv.insert(argv.end(), options_.serve_flags.begin(), options_.serve_flags.end());
  int out_fd = -1;
  pid_ = Spawn(argv, directory_ / "server.err", out_fd);
  reader_ = std::thread([this, out_fd] { ReadOutput(out_fd); });

  auto listening = WaitForLog(
      [](const std::string& line) {
        auto object = ParseObjectLine(line);
        return object && object->if_contains("event") &&
               object->at("event") == json::value("listening");
      },
      std::chrono::duration_cast<std::chrono::milliseconds>(kStartTimeout));
  if (!listening) {
    throw std::runtime_error("roster serve did not report listening within 10 s; stderr: " +
                             ReadFile(directory_ / "server.err"));
  }
  port_ = static_cast<int>(ParseObjectLine(*listening)->at("port").to_number<int>());
}

void RosterServer::ReadOutput(int fd) {
  std::string pending;
  char buffer[4096];
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    pending.append(buffer, static_cast<std::size_t>(n));
    std::size_t start = 0;
    std::vector<std::string> complete;
    for (std::size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      complete.push_back(pending.substr(start, nl - start));
    }
    pending.erase(0, start);
    if (!complete.empty()) {
      std::lock_guard lock(mutex_);
      for (auto& line : complete) lines_.push_back(std::move(line));
      changed_.notify_all();
    }
  }
  close(fd);
  std::lock_guard lock(mutex_);
  if (!pending.empty()) lines_.push_back(std::move(pending));
  output_closed_ = true;
  changed_.notify_all();
}

CommandResult RosterServer::RunCommand(std::vector<std::string> args) const {
  std::vector<std::string> argv = {Binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--database", database_});
  if (options_.fast_hashing) {
    argv.insert(argv.end(), {"--argon2-opslimit", "1", "--argon2-memlimit", "8192"});
  }
  int out_fd = -1;
  pid_t pid = Spawn(argv, directory_ / "command.err", out_fd);
  CommandResult result;
  char buffer[4096];
  for (;;) {
    ssize_t n = read(out_fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    result.out.append(buffer, static_cast<std::size_t>(n));
  }
  close(out_fd);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

CreatedUser RosterServer::CreateUser(std::string_view username, bool validated, bool superuser,
                                     std::string_view password) {
  CreatedUser user{.user_id = "",
                   .username = std::string(username),
                   .password = std::string(password),
                   .email = std::string(username) + "@example.com"};
  std::vector<std::string> args = {"user",       "create",      "--username", user.username,
                                   "--password", user.password, "--email",    user.email};
  if (validated) args.push_back("--validated");
  if (superuser) args.push_back("--superuser");
  CommandResult result = RunCommand(args);
  std::string out = Trim(result.out);
  if (auto nl = out.rfind('\n'); nl != std::string::npos) out = out.substr(nl + 1);
  auto parsed = ParseObjectLine(out);
  if (result.exit_code != 0 || !parsed || !parsed->if_contains("user_id")) {
    throw std::runtime_error("roster user create failed (" + std::to_string(result.exit_code) +
                             "): " + result.out + ReadFile(directory_ / "command.err"));
  }
  user.user_id = std::string(parsed->at("user_id").as_string());
  return user;
}

CreatedUser RosterServer::RegisterUser(std::string_view username, Reply* reply,
                                       std::string_view password) {
  CreatedUser user{.user_id = "",
                   .username = std::string(username),
                   .password = std::string(password),
                   .email = std::string(username) + "@example.com"};
  json::object body{{"email", user.email},
                    {"username", user.username},
                    {"password", user.password},
                    {"first_name", "Test"},
                    {"last_name", "User"}};
  Reply answer = Post("/obp/v5.0.0/users", json::serialize(body));
  if (answer.status == 201) {
    json::value parsed = answer.Json();
    if (parsed.is_object() && parsed.as_object().if_contains("user_id")) {
      user.user_id = std::string(parsed.at("user_id").as_string());
    }
  }
  if (reply != nullptr) *reply = std::move(answer);
  return user;
}

std::pair<CreatedUser, std::string> RosterServer::CreateUserWithToken(std::string_view prefix) {
  CreatedUser user = CreateUser(UniqueName(prefix));
  std::string token = Login(user.username, user.password);
  return {std::move(user), std::move(token)};
}

httplib::Client RosterServer::Client() const {
  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(10, 0);
  client.set_read_timeout(10, 0);
  client.set_write_timeout(10, 0);
  client.set_url_encode(false);
  return client;
}

Reply RosterServer::LoginReply(std::string_view username, std::string_view password) {
  return LoginReply(username, password, consumer_key_);
}

Reply RosterServer::LoginReply(std::string_view username, std::string_view password,
                               std::string_view consumer_key) {
  std::string value = "username=" + std::string(username) + ", password=" + std::string(password) +
                      ", consumer_key=" + std::string(consumer_key);
  return Send("POST", "/my/logins/direct", {{"DirectLogin", value}});
}

std::string RosterServer::Login(std::string_view username, std::string_view password) {
  Reply reply = LoginReply(username, password);
  if (reply.status != 201) {
    ADD_FAILURE() << "login of " << username << " gave " << reply.status << ": " << reply.body;
    return "";
  }
  json::value body = reply.Json();
  if (!body.is_object() || !body.as_object().if_contains("token") ||
      !body.at("token").is_string()) {
    ADD_FAILURE() << "login answer without token: " << reply.body;
    return "";
  }
  return std::string(body.at("token").as_string());
}

const std::string& RosterServer::SuperToken() {
  if (super_token_.empty()) super_token_ = Login(superuser_.username, superuser_.password);
  return super_token_;
}

Reply RosterServer::Send(const std::string& method, const std::string& path,
                         const httplib::Headers& headers, const std::string& body) {
  httplib::Client client = Client();
  httplib::Request request;
  request.method = method;
  request.path = path;
  request.headers = headers;
  request.body = body;
  if (!body.empty() && !request.has_header("Content-Type")) {
    request.headers.emplace("Content-Type", "application/json");
  }
  httplib::Result result = client.send(request);
  Reply reply;
  if (!result) {
    reply.body = "client error: " + httplib::to_string(result.error());
    return reply;
  }
  reply.status = result->status;
  reply.body = result->body;
  reply.headers = result->headers;
  return reply;
}

Reply RosterServer::Get(const std::string& path, const std::string& token) {
  return Send("GET", path, token.empty() ? httplib::Headers{} : TokenHeader(token));
}

Reply RosterServer::Post(const std::string& path, const std::string& body,
                         const std::string& token) {
  httplib::Headers headers = token.empty() ? httplib::Headers{} : TokenHeader(token);
  headers.emplace("Content-Type", "application/json");
  return Send("POST", path, headers, body);
}

Reply RosterServer::Put(const std::string& path, const std::string& body,
                        const std::string& token) {
  httplib::Headers headers = token.empty() ? httplib::Headers{} : TokenHeader(token);
  headers.emplace("Content-Type", "application/json");
  return Send("PUT", path, headers, body);
}

Reply RosterServer::Delete(const std::string& path, const std::string& token) {
  return Send("DELETE", path, token.empty() ? httplib::Headers{} : TokenHeader(token));
}

std::vector<std::string> RosterServer::LogLines() const {
  std::lock_guard lock(mutex_);
  return lines_;
}

std::vector<json::object> RosterServer::LogEvents(std::string_view event) const {
  std::vector<json::object> events;
  for (const std::string& line : LogLines()) {
    auto object = ParseObjectLine(line);
    if (!object) continue;
    const json::value* name = object->if_contains("event");
    if (name != nullptr && name->is_string() && name->as_string() == event) {
      events.push_back(std::move(*object));
    }
  }
  return events;
}

std::optional<std::string> RosterServer::WaitForLog(
    const std::function<bool(const std::string&)>& match, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  std::size_t checked = 0;
  for (;;) {
    for (; checked < lines_.size(); ++checked) {
      if (match(lines_[checked])) return lines_[checked];
    }
    if (output_closed_) return std::nullopt;
    if (changed_.wait_until(lock, deadline) == std::cv_status::timeout) {
      for (; checked < lines_.size(); ++checked) {
        if (match(lines_[checked])) return lines_[checked];
      }
      return std::nullopt;
    }
  }
}

std::optional<std::string> RosterServer::ValidationSecretFor(std::string_view email) const {
  constexpr std::string_view kLinkPath = "/user_mgt/validate_user/";
  auto is_link_for = [&](const std::string& line) {
    auto object = ParseObjectLine(line);
    if (!object) return false;
    const json::value* event = object->if_contains("event");
    const json::value* to = object->if_contains("to");
    const json::value* body = object->if_contains("body");
    return event != nullptr && *event == json::value("notification") && to != nullptr &&
           to->is_string() && to->as_string() == email && body != nullptr && body->is_string() &&
           std::string_view(body->as_string()).find(kLinkPath) != std::string_view::npos;
  };
  if (!WaitForLog(is_link_for)) return std::nullopt;
  // The last link sent to that address.
  std::optional<std::string> secret;
  for (const std::string& line : LogLines()) {
    if (!is_link_for(line)) continue;
    std::string body(ParseObjectLine(line)->at("body").as_string());
    std::size_t at = body.find(kLinkPath) + kLinkPath.size();
    std::size_t end = at;
    while (end < body.size() && !std::isspace(static_cast<unsigned char>(body[end])) &&
           body[end] != '"') {
      ++end;
    }
    secret = body.substr(at, end - at);
  }
  return secret;
}

int RosterServer::Stop() {
  if (pid_ <= 0) return wait_status_;
  kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + kStopTimeout;
  int status = 0;
  for (;;) {
    pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) break;
    if (done < 0 && errno != EINTR) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid_, SIGKILL);
      while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      break;
    }
    std::this_thread::sleep_for(5ms);
  }
  pid_ = -1;
  wait_status_ = status;
  if (reader_.joinable()) reader_.join();
  return wait_status_;
}

int RosterServer::Kill() {
  if (pid_ <= 0) return wait_status_;
  kill(pid_, SIGKILL);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  wait_status_ = status;
  if (reader_.joinable()) reader_.join();
  return wait_status_;
}

}  // namespace roster::apitest
