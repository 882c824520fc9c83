#include "app.h"

#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdio>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "api/application.h"
#include "crypto/argon2_hasher.h"
#include "crypto/openssl_key_cipher.h"
#include "crypto/sodium_digest.h"
#include "crypto/sodium_random.h"
#include "http/server.h"
#include "notify/log_notifier.h"
#include "notify/smtp_notifier.h"
#include "ports/clock.h"
#include "ports/store.h"
#include "services/account_service.h"
#include "services/attribute_service.h"
#include "services/auth_context_service.h"
#include "services/auth_service.h"
#include "services/challenge_service.h"
#include "services/configuration_service.h"
#include "services/constraint_service.h"
#include "services/contact_service.h"
#include "services/customer_service.h"
#include "services/encryption_service.h"
#include "services/entitlement_request_service.h"
#include "services/entitlement_service.h"
#include "services/maintenance_service.h"
#include "services/oauth_service.h"
#include "services/password_reset_service.h"
#include "services/profile_service.h"
#include "services/tracking_service.h"
#include "services/user_service.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace roster {

namespace {

// Every setting of the binary; docs/configuration.md lists them with their defaults.
struct Options {
  std::string database = "sqlite:roster.db";
  std::string listen = "127.0.0.1:8080";
  int threads = 0;
  int db_workers = 0;
  int hash_workers = 0;
  std::size_t queue_limit = 1024;
  std::size_t body_limit = 1024 * 1024;
  std::size_t header_limit = 16 * 1024;
  long read_timeout_ms = 15000;
  bool access_log = true;
  std::string sqlite_synchronous = "full";
  int sqlite_cache_mib = 32;
  int db_pool_size = 16;
  unsigned long long argon2_opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  std::size_t argon2_memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  services::Settings settings;
  int token_expiration_weeks = 4;
  std::string notifier = "log";
  int challenge_ttl_seconds = 600;
  long long purge_retention_seconds = 7 * 24 * 3600;
  long long purge_interval_seconds = 3600;
  std::string encryption_key_passphrase;
};

void LogEvent(std::string_view event, boost::json::object fields = {}) {
  fields["event"] = event;
  spdlog::get("roster")->info(boost::json::serialize(fields));
}

void SetUpLogging() {
  if (spdlog::get("roster")) return;
  auto logger = spdlog::stdout_logger_mt("roster");
  logger->set_pattern("%v");
  logger->flush_on(spdlog::level::info);
}

// Fails (exit code 2) with a JSON line on stderr.
int Fail(std::string_view what, const core::Error& error) {
  boost::json::object line{{"event", "error"},
                           {"what", what},
                           {"reason", core::ReasonOf(error.code)},
                           {"detail", error.detail},
                           {"cause", error.log}};
  std::cerr << boost::json::serialize(line) << std::endl;
  return 2;
}

core::Result<std::unique_ptr<ports::Store>> OpenStore(const Options& options) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (options.database.starts_with(kSqlite)) {
    store::SqliteOptions sqlite{.path = options.database.substr(kSqlite.size()),
                                .synchronous_full = options.sqlite_synchronous != "normal",
                                .cache_mib = options.sqlite_cache_mib};
    if (sqlite.path.empty()) return core::Fail(core::ErrorCode::kInvalidInput, "database path");
    auto opened = store::SqliteStore::Open(sqlite);
    if (!opened) return std::unexpected(opened.error());
    return std::unique_ptr<ports::Store>(std::move(*opened));
  }
  if (options.database.starts_with("postgresql://") ||
      options.database.starts_with("postgres://")) {
    store::PostgresOptions postgres{.url = options.database, .pool_size = options.db_pool_size};
    auto opened = store::PostgresStore::Open(postgres);
    if (!opened) return std::unexpected(opened.error());
    return std::unique_ptr<ports::Store>(std::move(*opened));
  }
  return core::Fail(core::ErrorCode::kInvalidInput,
                    "unsupported database URL (expected sqlite:PATH or postgresql://...)");
}

core::Result<std::unique_ptr<ports::Store>> OpenMigratedStore(const Options& options) {
  auto store = OpenStore(options);
  if (!store) return store;
  if (auto migrated = (*store)->Migrate(); !migrated) return std::unexpected(migrated.error());
  return store;
}

// The adapters and services, built once per command.
struct Core {
  std::unique_ptr<ports::Store> store;
  crypto::Argon2Hasher hasher;
  crypto::SodiumDigest digest;
  crypto::SodiumRandom random;
  ports::SystemClock clock;
  std::unique_ptr<ports::Notifier> notifier;
  services::Settings settings;
  services::AuthService auth;
  services::UserService users;
  services::EntitlementService entitlements;
  services::AttributeService attributes;
  services::AuthContextService auth_contexts;
  services::AccountService accounts;
  services::CustomerService customers;
  services::EntitlementRequestService entitlement_requests;
  services::PasswordResetService password_resets;
  crypto::OpenSslKeyCipher key_cipher;
  services::OAuthService oauth;
  services::ProfileService profiles;
  services::ChallengeService challenges;
  services::ContactService contacts;
  services::ConstraintService constraints;
  services::TrackingService tracking;
  services::ConfigurationService configuration;
  services::EncryptionService encryption;
  services::MaintenanceService maintenance;

  Core(std::unique_ptr<ports::Store> s, std::unique_ptr<ports::Notifier> n, const Options& options)
      : store(std::move(s)),
        hasher(options.argon2_opslimit, options.argon2_memlimit),
        notifier(std::move(n)),
        settings(options.settings),
        auth(ports(), settings),
        users(ports(), settings),
        entitlements(ports()),
        attributes(ports(), settings),
        auth_contexts(ports(), settings),
        accounts(ports(), settings),
        customers(ports(), settings),
        entitlement_requests(ports(), settings),
        password_resets(ports(), settings),
        key_cipher(options.encryption_key_passphrase),
        oauth(ports(), settings, auth),
        profiles(ports(), settings),
        challenges(ports(), settings),
        contacts(ports(), settings, challenges),
        constraints(ports(), settings),
        tracking(ports(), settings),
        configuration(ports(), settings),
        encryption(ports(), settings, key_cipher),
        maintenance(ports(), settings) {}

  services::Ports ports() { return {*store, hasher, digest, random, clock, *notifier}; }

  api::obp::Services ObpServices() {
    return {*store,        auth,     users,     entitlements,         attributes,
            auth_contexts, accounts, customers, entitlement_requests, password_resets,
            settings};
  }

  api::apiture::Services ApitureServices() {
    return {*store,      oauth,    profiles,      contacts,   challenges,
            constraints, tracking, configuration, encryption, settings};
  }
};

// --notifier: "log" (development: messages go to the log) or an smtp:// URL
// (smtp://HOST[:PORT][?from=ADDRESS][&sms_gateway=DOMAIN]; see notify/smtp_notifier.h: plain
// SMTP to a local relay, which does TLS onward).
core::Result<std::unique_ptr<ports::Notifier>> MakeNotifier(const Options& options) {
  if (options.notifier == "log") return std::make_unique<notify::LogNotifier>();
  if (options.notifier.starts_with("smtp://")) {
    auto smtp = notify::ParseSmtpUrl(options.notifier);
    if (!smtp) return std::unexpected(smtp.error());
    return std::make_unique<notify::SmtpNotifier>(std::move(*smtp));
  }
  return core::Fail(
      core::ErrorCode::kInvalidInput,
      "unsupported --notifier (expected log or smtp://HOST:PORT): " + options.notifier);
}

core::Result<std::unique_ptr<Core>> MakeCore(const Options& options) {
  auto store = OpenMigratedStore(options);
  if (!store) return std::unexpected(store.error());
  auto notifier = MakeNotifier(options);
  if (!notifier) return std::unexpected(notifier.error());
  return std::make_unique<Core>(std::move(*store), std::move(*notifier), options);
}

// Purges expired records (MaintenanceService) when it starts and then every `interval`, on a
// thread of its own, so that a purge never takes an I/O thread or a request's database worker.
// Stops, without waiting out the interval or the rest of a backlog, when it goes.
class Purger {
 public:
  Purger(services::MaintenanceService& maintenance, std::chrono::seconds interval)
      : maintenance_(maintenance), interval_(interval), thread_([this] { Run(); }) {}
  ~Purger() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  Purger(const Purger&) = delete;
  Purger& operator=(const Purger&) = delete;

 private:
  void Run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      auto purged = maintenance_.PurgeExpired([this] {
        std::lock_guard stop_lock(mutex_);
        return !stopping_;
      });
      if (!purged) {
        LogEvent("purge_failed",
                 {{"reason", core::ReasonOf(purged.error().code)}, {"cause", purged.error().log}});
      } else if (*purged > 0) {
        LogEvent("purged", {{"records", *purged}});
      }
      lock.lock();
      wake_.wait_for(lock, interval_, [this] { return stopping_; });
    }
  }

  services::MaintenanceService& maintenance_;
  const std::chrono::seconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

int Serve(const Options& options) {
  auto made = MakeCore(options);
  if (!made) return Fail("start", made.error());
  Core& core = **made;
  api::RootApplication app(core.ObpServices(), core.ApitureServices());

  http::ServerConfig config;
  auto colon = options.listen.rfind(':');
  if (colon == std::string::npos) {
    return Fail("parse --listen", core::Error{core::ErrorCode::kInvalidInput, options.listen});
  }
  config.host = options.listen.substr(0, colon);
  try {
    config.port = static_cast<std::uint16_t>(std::stoi(options.listen.substr(colon + 1)));
  } catch (const std::exception&) {
    return Fail("parse --listen", core::Error{core::ErrorCode::kInvalidInput, options.listen});
  }
  config.io_threads = options.threads;
  // SQLite reads are CPU-bound: one worker per core is fastest (docs/benchmarks.md); PostgreSQL
  // calls mostly wait for round trips, so they get more workers than cores.
  config.db_workers = options.db_workers;
  if (config.db_workers == 0 && !options.database.starts_with("sqlite:")) {
    config.db_workers = 4 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  }
  config.hash_workers = options.hash_workers;
  config.queue_limit = options.queue_limit;
  config.body_limit = options.body_limit;
  config.header_limit = options.header_limit;
  config.read_timeout = std::chrono::milliseconds(options.read_timeout_ms);
  config.access_log = options.access_log;
  config.share_reads = [&store = *core.store](std::size_t count,
                                              const std::function<void(std::size_t)>& run) {
    ports::ShareReads(store, count, run);
  };

  // SIGINT/SIGTERM are blocked in every thread and taken by one waiter thread, which asks the
  // server to drain; SIGUSR2 wakes the waiter when the server stopped for another reason.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  http::Server server(config, app);
  try {
    server.Listen();
  } catch (const std::exception& e) {
    return Fail("listen", core::Error{core::ErrorCode::kUnavailable, options.listen, e.what()});
  }
  LogEvent("listening", {{"address", config.host}, {"port", server.port()}});
  if (options.encryption_key_passphrase.empty()) {
    LogEvent("warning", {{"message",
                          "Apiture encryption keys are stored unencrypted: set "
                          "--encryption-key-passphrase (ROSTER_ENCRYPTION_KEY_PASSPHRASE)"}});
  }

  std::thread waiter([&server, signals] {
    int received = 0;
    sigwait(&signals, &received);
    if (received != SIGUSR2) {
      LogEvent("stopping", {{"signal", received}});
      server.Stop();
    }
  });
  std::optional<Purger> purger;
  if (options.purge_interval_seconds > 0) {
    purger.emplace(core.maintenance, std::chrono::seconds(options.purge_interval_seconds));
  }
  server.Run();
  purger.reset();
  pthread_kill(waiter.native_handle(), SIGUSR2);
  waiter.join();
  LogEvent("stopped");
  return 0;
}

int Migrate(const Options& options) {
  auto store = OpenMigratedStore(options);
  if (!store) return Fail("migrate", store.error());
  auto version = (*store)->SchemaVersion();
  if (!version) return Fail("migrate", version.error());
  LogEvent("migrated", {{"schema_version", *version}});
  return 0;
}

int CreateUser(const Options& options, const services::NewUser& input, bool superuser,
               bool validated) {
  auto made = MakeCore(options);
  if (!made) return Fail("start", made.error());
  Core& core = **made;
  auto created = core.users.CreateByOperator(input, validated, superuser);
  if (!created) return Fail("create user", created.error());
  std::cout << boost::json::serialize(boost::json::object{{"user_id", created->user.id},
                                                          {"username", created->user.username}})
            << std::endl;
  return 0;
}

int Purge(const Options& options) {
  auto made = MakeCore(options);
  if (!made) return Fail("start", made.error());
  auto purged = (*made)->maintenance.PurgeExpired();
  if (!purged) return Fail("purge", purged.error());
  std::cout << boost::json::serialize(boost::json::object{{"purged", *purged}}) << std::endl;
  return 0;
}

int CreateConsumer(const Options& options, const std::string& name, bool trusted) {
  auto made = MakeCore(options);
  if (!made) return Fail("start", made.error());
  Core& core = **made;
  auto key = core.auth.CreateConsumer(name, trusted);
  if (!key) return Fail("create consumer", key.error());
  std::cout << *key << std::endl;
  return 0;
}

// A flag with its environment variable ROSTER_<NAME>.
template <class T>
CLI::Option* Flag(CLI::App& app, const std::string& name, T& value, const std::string& help) {
  std::string env = "ROSTER_";
  for (char c : name) env += c == '-' ? '_' : static_cast<char>(std::toupper(c));
  return app.add_option("--" + name, value, help)->envname(env)->capture_default_str();
}

}  // namespace

int RunCli(int argc, char** argv) {
  SetUpLogging();
  Options options;
  CLI::App app{"Roster: user management for banks (OBP and Apiture dialects)"};
  app.require_subcommand(1);
  // Global flags (--database ...) may also follow the subcommand.
  app.fallthrough();
  app.set_config("--config", "", "TOML/INI file with the same keys as the flags");
  Flag(app, "database", options.database, "sqlite:PATH or postgresql://USER@HOST:PORT/DB");
  Flag(app, "db-pool-size", options.db_pool_size, "PostgreSQL connections per process");
  Flag(app, "hostname", options.settings.hostname,
       "provider of local users and base URL of the links Roster sends");
  Flag(app, "max-bad-login-attempts", options.settings.max_bad_login_attempts,
       "failures allowed before the next one locks the user");
  Flag(app, "token-expiration-weeks", options.token_expiration_weeks, "access token lifetime");
  Flag(app, "skip-email-validation", options.settings.skip_email_validation,
       "users registered through the API may log in without validating their e-mail");
  Flag(app, "argon2-opslimit", options.argon2_opslimit, "Argon2id passes");
  Flag(app, "argon2-memlimit", options.argon2_memlimit, "Argon2id memory in bytes");
  Flag(app, "notifier", options.notifier,
       "where one-time codes and links go: log, or smtp://HOST:PORT");
  Flag(app, "challenge-ttl-seconds", options.challenge_ttl_seconds,
       "lifetime of one-time codes (SCA challenges)");
  Flag(app, "challenge-max-attempts", options.settings.challenge_max_attempts,
       "wrong answers before a challenge is rejected");
  Flag(app, "reset-password-url-enabled", options.settings.reset_password_url_enabled,
       "serve POST /management/user/reset-password-url");
  Flag(app, "sqlite-synchronous", options.sqlite_synchronous, "full or normal")
      ->check(CLI::IsMember({"full", "normal"}));
  Flag(app, "sqlite-cache-mib", options.sqlite_cache_mib, "SQLite page cache per connection, MiB")
      ->check(CLI::Range(1, 65536));
  Flag(app, "encryption-key-passphrase", options.encryption_key_passphrase,
       "encrypts the private halves of Apiture encryption keys in the database (prefer the "
       "environment variable or the config file to the command line)");
  Flag(app, "purge-retention-seconds", options.purge_retention_seconds,
       "how long expired tokens, links, challenges and SCA requests are kept")
      ->check(CLI::Range(0LL, 100LL * 365 * 24 * 3600));

  CLI::App* serve = app.add_subcommand("serve", "serve the HTTP API");
  Flag(*serve, "listen", options.listen, "HOST:PORT (port 0: any free port)");
  Flag(*serve, "threads", options.threads, "I/O threads (0: one per core)");
  Flag(*serve, "db-workers", options.db_workers,
       "database worker threads (0: cores on SQLite, 4 x cores on PostgreSQL)");
  Flag(*serve, "hash-workers", options.hash_workers, "Argon2 worker threads (0: cores)");
  Flag(*serve, "queue-limit", options.queue_limit, "queued requests per pool before 503");
  Flag(*serve, "body-limit", options.body_limit, "request body bytes before 413");
  Flag(*serve, "header-limit", options.header_limit, "request header bytes before 431");
  Flag(*serve, "read-timeout-ms", options.read_timeout_ms, "time to read one request");
  Flag(*serve, "access-log", options.access_log, "one JSON line per request");
  Flag(*serve, "purge-interval-seconds", options.purge_interval_seconds,
       "time between purges of expired records (0: never; see roster purge)")
      ->check(CLI::Range(0LL, 365LL * 24 * 3600));

  CLI::App* migrate = app.add_subcommand("migrate", "apply pending database migrations");
  CLI::App* purge = app.add_subcommand(
      "purge", "delete the records that expired more than --purge-retention-seconds ago");

  services::NewUser new_user;
  bool superuser = false;
  bool validated = false;
  CLI::App* user = app.add_subcommand("user", "manage users");
  user->require_subcommand(1);
  CLI::App* user_create = user->add_subcommand("create", "create a user");
  user_create->add_option("--username", new_user.username)->required();
  user_create->add_option("--password", new_user.password)->required()->envname("ROSTER_PASSWORD");
  user_create->add_option("--email", new_user.email)->required();
  user_create->add_option("--first-name", new_user.first_name);
  user_create->add_option("--last-name", new_user.last_name);
  user_create->add_flag("--superuser", superuser, "grant every system role");
  user_create->add_flag("--validated", validated, "the e-mail address is already validated");

  std::string consumer_name;
  CLI::App* consumer = app.add_subcommand("consumer", "manage consumers (client applications)");
  consumer->require_subcommand(1);
  CLI::App* consumer_create = consumer->add_subcommand("create", "create a consumer");
  consumer_create->add_option("--name", consumer_name)->required();
  bool consumer_trusted = false;
  consumer_create->add_flag("--trusted", consumer_trusted,
                            "a bank's own service: may use the OAuth2 client_credentials grant");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  options.settings.token_ttl = std::chrono::weeks(options.token_expiration_weeks);
  options.settings.challenge_ttl = std::chrono::seconds(options.challenge_ttl_seconds);
  options.settings.purge_retention = std::chrono::seconds(options.purge_retention_seconds);

  try {
    if (serve->parsed()) return Serve(options);
    if (migrate->parsed()) return Migrate(options);
    if (purge->parsed()) return Purge(options);
    if (user_create->parsed()) {
      if (new_user.first_name.empty()) new_user.first_name = new_user.username;
      if (new_user.last_name.empty()) new_user.last_name = new_user.username;
      return CreateUser(options, new_user, superuser, validated);
    }
    if (consumer_create->parsed()) return CreateConsumer(options, consumer_name, consumer_trusted);
  } catch (const std::exception& e) {
    return Fail("start", core::Error{core::ErrorCode::kInternal, {}, e.what()});
  }
  return 1;
}

}  // namespace roster
