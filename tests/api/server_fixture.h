// A real Roster server for API tests: its own temporary directory and database, the real binary
// started as a child process on 127.0.0.1:0, driven over real HTTP (cpp-httplib).
//
// The database is a SQLite file in that directory, or, when ROSTER_TEST_POSTGRES_URL names a
// PostgreSQL database whose user may create databases (scripts/pg-test-server.sh start DIR
// prints one), a fresh database `roster_t_<pid>_<n>_<random>` on that server, dropped when the
// server object goes.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/types.h>

#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace roster::apitest {

// The password every test user gets unless a test says otherwise (strong 10-character form).
inline constexpr std::string_view kPassword = "Abcdefgh1!";

// One HTTP exchange, copied out of httplib so that tests can keep it. `status` is -1 when no
// response arrived (connection refused, reset, timeout); `body` then names the client error.
struct Reply {
  int status = -1;
  std::string body;
  httplib::Headers headers;

  // The body parsed as JSON (once; the reference stays valid as long as this Reply, so it may be
  // iterated directly). A parse failure is reported as a test failure and gives null.
  const boost::json::value& Json() const;
  // body["message"] of an OBP error body, "" when absent.
  std::string Message() const;
  std::string Header(const std::string& name) const;
  bool HasHeader(const std::string& name) const;

 private:
  mutable std::optional<boost::json::value> json_;
};

struct CreatedUser {
  std::string user_id;
  std::string username;
  std::string password;
  std::string email;
};

// Output of a finished CLI command.
struct CommandResult {
  int exit_code = -1;
  std::string out;
};

struct ServerOptions {
  // Appended to `roster serve` (e.g. "--max-bad-login-attempts", "3").
  std::vector<std::string> serve_flags;
  // Passes the minimum Argon2 limits to every command; false keeps the binary's defaults
  // (about 75 ms per hash).
  bool fast_hashing = true;
};

// The admin URL of the PostgreSQL server the API tests run on (ROSTER_TEST_POSTGRES_URL), or ""
// when they run on SQLite.
std::string TestPostgresUrl();

// Owns one server process. Construction creates the database, runs migrate, creates a consumer
// and a validated superuser, starts `roster serve` and waits (10 s at most) for its "listening"
// line; any failure throws std::runtime_error. The destructor stops the server, drops the
// database it created and removes the directory.
// Not thread-safe, except LogLines/LogEvents/WaitForLog, which may be called from any thread.
class RosterServer {
 public:
  explicit RosterServer(ServerOptions options = {});
  explicit RosterServer(std::vector<std::string> serve_flags, bool fast_hashing = true);
  ~RosterServer();
  RosterServer(const RosterServer&) = delete;
  RosterServer& operator=(const RosterServer&) = delete;

  // Another `roster serve` process (a node) on `primary`'s database, with its own directory and
  // log: no migration, the same consumer key and superuser. `primary` keeps owning the database
  // and must outlive the node. Throws std::runtime_error like the constructor.
  static std::unique_ptr<RosterServer> StartNode(const RosterServer& primary,
                                                 ServerOptions options = {});

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::filesystem::path& directory() const { return directory_; }
  // The --database URL every command and the server use (sqlite:PATH or postgresql://...).
  const std::string& database() const { return database_; }
  bool on_postgres() const { return !database_.starts_with("sqlite:"); }
  const std::string& consumer_key() const { return consumer_key_; }
  const CreatedUser& superuser() const { return superuser_; }

  // A fresh client for 127.0.0.1:port() with 10 s timeouts.
  httplib::Client Client() const;

  // POST /my/logins/direct; returns the token, or "" after reporting a test failure.
  std::string Login(std::string_view username, std::string_view password);
  // The raw login exchange (recommended header form).
  Reply LoginReply(std::string_view username, std::string_view password);
  Reply LoginReply(std::string_view username, std::string_view password,
                   std::string_view consumer_key);
  // A token of the superuser, obtained once.
  const std::string& SuperToken();

  // `roster user create` through the CLI; throws when the command fails.
  CreatedUser CreateUser(std::string_view username, bool validated = true, bool superuser = false,
                         std::string_view password = kPassword);
  // POST /obp/v5.0.0/users (anonymous). user_id is empty unless the answer is 201.
  CreatedUser RegisterUser(std::string_view username, Reply* reply = nullptr,
                           std::string_view password = kPassword);
  // A validated CLI user that is already logged in.
  std::pair<CreatedUser, std::string> CreateUserWithToken(std::string_view prefix);

  // Runs the binary with `args` plus --database (and the Argon2 flags when fast_hashing).
  CommandResult RunCommand(std::vector<std::string> args) const;

  // HTTP helpers; `token` empty means no credentials. Bodies are sent as application/json.
  Reply Get(const std::string& path, const std::string& token = "");
  Reply Post(const std::string& path, const std::string& body, const std::string& token = "");
  Reply Put(const std::string& path, const std::string& body, const std::string& token = "");
  Reply Delete(const std::string& path, const std::string& token = "");
  Reply Send(const std::string& method, const std::string& path, const httplib::Headers& headers,
             const std::string& body = "");

  // Every stdout line so far, in order.
  std::vector<std::string> LogLines() const;
  // The stdout lines that are JSON objects with "event" == `event`.
  std::vector<boost::json::object> LogEvents(std::string_view event) const;
  // Waits until some line satisfies `match`; returns it, or nullopt after `timeout`.
  std::optional<std::string> WaitForLog(
      const std::function<bool(const std::string&)>& match,
      std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;
  // The secret of the e-mail validation link last sent to `email` (waits up to 5 s).
  std::optional<std::string> ValidationSecretFor(std::string_view email) const;

  // SIGTERM, then waitpid; SIGKILL after 10 s. Returns the wait status (see <sys/wait.h>), or
  // the previous one when already stopped.
  int Stop();
  // SIGKILL (no draining), then waitpid; returns the wait status like Stop.
  int Kill();
  bool running() const { return pid_ > 0; }

 private:
  struct JoinTag {};
  RosterServer(JoinTag, const RosterServer& primary, ServerOptions options);

  void MakeDirectory();
  void CreateDatabase();
  void Cleanup();
  void Start();
  void Serve();
  void ReadOutput(int fd);

  ServerOptions options_;
  std::filesystem::path directory_;
  std::string database_;
  // The PostgreSQL database this object created and drops; "" on SQLite and for extra nodes.
  std::string postgres_name_;
  std::string consumer_key_;
  CreatedUser superuser_;
  std::string super_token_;
  pid_t pid_ = -1;
  int port_ = 0;
  int wait_status_ = -1;
  std::thread reader_;

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<std::string> lines_;
  bool output_closed_ = false;
};

// Shares one server among the tests of a suite (CRTP, so that each suite has its own). A suite
// that needs other settings defines `static ServerOptions Options()`. When the suite ends it
// fails if any request was answered with a 5xx status.
template <class Suite>
class SharedServerTest : public ::testing::Test {
 public:
  static ServerOptions Options() { return {}; }

 protected:
  static void SetUpTestSuite() {
    try {
      server_ = std::make_unique<RosterServer>(Suite::Options());
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }

  static void TearDownTestSuite() {
    if (!server_) return;
    for (const auto& line : server_->LogEvents("request")) {
      const boost::json::value* status = line.if_contains("status");
      if (status != nullptr && status->is_number() && status->to_number<int>() >= 500) {
        ADD_FAILURE() << "the server answered with a 5xx status: " << boost::json::serialize(line);
      }
    }
    server_.reset();
  }

  void SetUp() override { ASSERT_NE(server_, nullptr) << "server did not start: " << error_; }

  static RosterServer& server() { return *server_; }

  inline static std::unique_ptr<RosterServer> server_;
  inline static std::string error_;
};

// A unique, valid username: `prefix` + a process-wide counter + the pid (8 characters at least).
std::string UniqueName(std::string_view prefix);

// {"DirectLogin": "token=<token>"}
httplib::Headers TokenHeader(const std::string& token);

// The keys of a JSON object, sorted.
std::vector<std::string> KeysOf(const boost::json::value& value);

// The standard OBP error body {"code":status,"message":message}.
boost::json::value ErrorBody(int status, std::string_view message);

// Percent-encodes a path segment.
std::string Encode(std::string_view segment);

}  // namespace roster::apitest
