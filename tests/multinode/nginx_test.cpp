// deploy/nginx/roster.conf in front of two Roster nodes on one PostgreSQL database: nginx runs
// as a child process with that file (only the node addresses and the listen address replaced),
// and the test checks load spreading, logins through the proxy and fail-over to the survivor
// when a node is killed.
//
// Needs ROSTER_TEST_POSTGRES_URL and nginx; installs the Debian package nginx-light when nginx
// is missing (root only). Skipped when either cannot be had.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "api/server_fixture.h"

#ifndef ROSTER_DEPLOY_DIR
#error "ROSTER_DEPLOY_DIR must name the deploy/ directory"
#endif

namespace roster::apitest {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* kNginx = "/usr/sbin/nginx";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Replaces the single occurrence of `from`; throws when it occurs zero or several times (the
// deployed file changed shape and the test must follow).
void ReplaceOnce(std::string& text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  if (at == std::string::npos || text.find(from, at + 1) != std::string::npos) {
    throw std::runtime_error("deploy/nginx/roster.conf must contain '" + from + "' exactly once");
  }
  text.replace(at, from.size(), to);
}

// nginx, installed from Debian when missing; "" when it cannot be had.
std::string EnsureNginx() {
  if (access(kNginx, X_OK) == 0) return kNginx;
  if (geteuid() != 0) return "";
  // The lock timeout lets a concurrent apt-get (e.g. one installing postgresql-15) finish.
  const int status = std::system(
      "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 "
      "nginx-light >/dev/null 2>&1 || (apt-get update -qq >/dev/null 2>&1 && "
      "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 "
      "nginx-light >/dev/null 2>&1)");
  if (status != 0 || access(kNginx, X_OK) != 0) return "";
  return kNginx;
}

// A port that was free a moment ago (nginx cannot take port 0 and report it).
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  close(fd);
  if (!ok) throw std::runtime_error("no free port");
  return ntohs(address.sin_port);
}

// nginx in the foreground as a child process, with its prefix, logs and temporary files in a
// directory of its own. The child dies with the test.
class Nginx {
 public:
  Nginx(const std::string& binary, const RosterServer& first, const RosterServer& second) {
    std::string pattern = (fs::temp_directory_path() / "roster-nginx-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    directory_ = pattern;
    // The workers run as an unprivileged user when nginx starts as root.
    fs::permissions(directory_, fs::perms::owner_all | fs::perms::group_read |
                                    fs::perms::group_exec | fs::perms::others_read |
                                    fs::perms::others_exec);
    port_ = FreePort();

    std::string site = ReadFile(fs::path(ROSTER_DEPLOY_DIR) / "nginx" / "roster.conf");
    ReplaceOnce(site, "server 10.0.0.11:8080", "server 127.0.0.1:" + std::to_string(first.port()));
    ReplaceOnce(site, "server 10.0.0.12:8080", "server 127.0.0.1:" + std::to_string(second.port()));
    ReplaceOnce(site, "listen 80;", "listen 127.0.0.1:" + std::to_string(port_) + ";");
    std::ofstream(directory_ / "roster.conf") << site;

    const std::string dir = directory_.string();
    std::ofstream(directory_ / "nginx.conf") << "worker_processes 1;\n"
                                             << "pid " << dir << "/nginx.pid;\n"
                                             << "error_log " << dir << "/error.log info;\n"
                                             << "events { worker_connections 256; }\n"
                                             << "http {\n"
                                             << "  access_log " << dir << "/access.log;\n"
                                             << "  client_body_temp_path " << dir << "/body;\n"
                                             << "  proxy_temp_path " << dir << "/proxy;\n"
                                             << "  fastcgi_temp_path " << dir << "/fastcgi;\n"
                                             << "  uwsgi_temp_path " << dir << "/uwsgi;\n"
                                             << "  scgi_temp_path " << dir << "/scgi;\n"
                                             << "  include " << dir << "/roster.conf;\n"
                                             << "}\n";

    const std::vector<std::string> argv = {
        binary, "-p",         dir + "/", "-e", dir + "/error.log", "-c", dir + "/nginx.conf",
        "-g",   "daemon off;"};
    Start(argv);
    WaitUntilListening();
  }

  ~Nginx() {
    if (pid_ > 0) {
      kill(pid_, SIGQUIT);
      int status = 0;
      while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
    }
    std::error_code ignored;
    fs::remove_all(directory_, ignored);
  }

  Nginx(const Nginx&) = delete;
  Nginx& operator=(const Nginx&) = delete;

  int port() const { return port_; }
  std::string ErrorLog() const { return ReadFile(directory_ / "error.log"); }

  Reply Send(const std::string& method, const std::string& path, const httplib::Headers& headers,
             const std::string& body = "") const {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(10, 0);
    client.set_read_timeout(20, 0);
    httplib::Request request;
    request.method = method;
    request.path = path;
    request.headers = headers;
    request.body = body;
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

 private:
  void Start(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const std::string out = (directory_ / "stderr.log").string();
    const pid_t parent = getpid();
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(126);
      sigset_t none;
      sigemptyset(&none);
      sigprocmask(SIG_SETMASK, &none, nullptr);
      int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
      }
      execv(args[0], args.data());
      _exit(127);
    }
  }

  void WaitUntilListening() {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("nginx exited: " + ReadFile(directory_ / "stderr.log") +
                                 ErrorLog());
      }
      httplib::Client client("127.0.0.1", port_);
      client.set_connection_timeout(1, 0);
      if (client.Get("/health")) return;
      std::this_thread::sleep_for(20ms);
    }
    throw std::runtime_error("nginx did not listen within 10 s: " + ErrorLog());
  }

  fs::path directory_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// Requests of `node` whose path starts with `prefix`.
int CountRequests(const RosterServer& node, const std::string& prefix) {
  int count = 0;
  for (const auto& event : node.LogEvents("request")) {
    const json::value* path = event.if_contains("path");
    if (path != nullptr && path->is_string() &&
        std::string_view(path->as_string()).starts_with(prefix)) {
      ++count;
    }
  }
  return count;
}

class NginxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (TestPostgresUrl().empty()) {
      GTEST_SKIP() << "ROSTER_TEST_POSTGRES_URL is not set; nodes behind nginx need PostgreSQL "
                      "(run scripts/test-postgres.sh BUILD_DIR)";
    }
    const std::string binary = EnsureNginx();
    if (binary.empty()) GTEST_SKIP() << "nginx is not installed and could not be installed";
    first_ = std::make_unique<RosterServer>();
    second_ = RosterServer::StartNode(*first_);
    nginx_ = std::make_unique<Nginx>(binary, *first_, *second_);
  }

  void TearDown() override {
    nginx_.reset();
    second_.reset();
    first_.reset();
  }

  std::unique_ptr<RosterServer> first_;
  std::unique_ptr<RosterServer> second_;
  std::unique_ptr<Nginx> nginx_;
};

TEST_F(NginxTest, RequestsReachBothNodes) {
  const std::string prefix = "/obp/v5.0.0/nginx-probe-" + UniqueName("p");
  constexpr int kRequests = 10;
  for (int i = 0; i < kRequests; ++i) {
    Reply reply = nginx_->Send("GET", prefix + "-" + std::to_string(i), {});
    EXPECT_EQ(reply.status, 404) << reply.body;
    EXPECT_TRUE(reply.Message().starts_with("OBP-10404: ")) << reply.body;
  }
  Reply health = nginx_->Send("GET", "/health", {});
  EXPECT_EQ(health.status, 200) << health.body;

  // The access log line is written when the answer is sent; give it a moment to arrive.
  auto counted = [&] { return CountRequests(*first_, prefix) + CountRequests(*second_, prefix); };
  for (int wait = 0; wait < 100 && counted() < kRequests; ++wait) std::this_thread::sleep_for(10ms);
  const int on_first = CountRequests(*first_, prefix);
  const int on_second = CountRequests(*second_, prefix);
  EXPECT_EQ(on_first + on_second, kRequests);
  EXPECT_GT(on_first, 0) << "no request reached the first node";
  EXPECT_GT(on_second, 0) << "no request reached the second node";
}

TEST_F(NginxTest, ALoginThroughNginxGivesATokenThatEveryNodeAccepts) {
  CreatedUser user = first_->CreateUser(UniqueName("proxied"));
  Reply login =
      nginx_->Send("POST", "/my/logins/direct",
                   {{"DirectLogin", "username=" + user.username + ", password=" + user.password +
                                        ", consumer_key=" + first_->consumer_key()}});
  ASSERT_EQ(login.status, 201) << login.body;
  const std::string token(login.Json().at("token").as_string());
  for (RosterServer* node : {first_.get(), second_.get()}) {
    Reply current = node->Get("/obp/v5.0.0/users/current", token);
    ASSERT_EQ(current.status, 200) << "port " << node->port() << ": " << current.body;
    EXPECT_EQ(current.Json().at("user_id"), json::value(user.user_id));
  }
  Reply through = nginx_->Send("GET", "/obp/v5.0.0/users/current", TokenHeader(token));
  EXPECT_EQ(through.status, 200) << through.body;
}

TEST_F(NginxTest, KillingOneNodeKeepsTheServiceAnswering) {
  CreatedUser user = first_->CreateUser(UniqueName("failover"));
  const std::string token = first_->Login(user.username, user.password);
  ASSERT_FALSE(token.empty());

  second_->Kill();
  // Every request is answered, reads and writes alike: a refused connection is retried on the
  // surviving node.
  for (int i = 0; i < 10; ++i) {
    Reply current = nginx_->Send("GET", "/obp/v5.0.0/users/current", TokenHeader(token));
    EXPECT_EQ(current.status, 200) << "request " << i << ": " << current.body;
  }
  for (int i = 0; i < 4; ++i) {
    const std::string name = UniqueName("afterkill");
    Reply created =
        nginx_->Send("POST", "/obp/v5.0.0/users", {{"Content-Type", "application/json"}},
                     json::serialize(json::object{{"email", name + "@example.com"},
                                                  {"username", name},
                                                  {"password", std::string(kPassword)},
                                                  {"first_name", "After"},
                                                  {"last_name", "Kill"}}));
    EXPECT_EQ(created.status, 201) << "registration " << i << ": " << created.body;
  }
  // nginx did try the dead node: the requests above went through the fail-over path.
  EXPECT_NE(nginx_->ErrorLog().find("Connection refused"), std::string::npos) << nginx_->ErrorLog();
  EXPECT_EQ(first_->Get("/health").status, 200);
}

}  // namespace
}  // namespace roster::apitest
