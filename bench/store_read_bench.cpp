// roster_bench_store_read: the service and store work of benchmark rows (b) and (c) without HTTP,
// so that a change to the store or the services can be measured without wrk and the network
// stack sharing the cores (their noise is several times the effect of most store changes).
//
// Each request is what the OBP handler runs on a database worker: one read transaction
// (ports::ReadScope) in which AuthService::Authenticate reads the caller's token and user, then
// (b) UserService::Current or (c) UserService::GetById of a random id from --ids (role check, the
// user, their entitlements and views). Every row runs for --seconds on 1 thread and on one thread
// per core; it prints requests/s (all threads) and microseconds per request per thread.
//
// Usage: roster_bench_store_read --database sqlite:PATH|postgresql://... --ids FILE
//          --token SUPERUSER_TOKEN --user-token USER_TOKEN [--seconds S]
// The tokens are DirectLogin tokens of a superuser and of a plain user of that database
// (bench/run.sh logs both in). Exit status: 0 on success, 1 on any error (reported on stderr).
#include <sodium.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "crypto/argon2_hasher.h"
#include "crypto/sodium_digest.h"
#include "crypto/sodium_random.h"
#include "notify/log_notifier.h"
#include "open_store.h"
#include "ports/clock.h"
#include "ports/store.h"
#include "services/auth_service.h"
#include "services/user_service.h"

namespace {

namespace services = roster::services;

// One request of a row, drawing from the calling thread's `rng`: true when it succeeded.
using Request = std::function<bool(std::mt19937_64& rng)>;

// Runs `request` on `threads` threads for `seconds`, each inside its own read scope as on the
// server, and prints requests per second; exits with status 1 when a request fails.
void RunRow(const char* name, roster::ports::Store& store, const Request& request, int threads,
            double seconds) {
  std::atomic<bool> stop = false;
  std::atomic<bool> failed = false;
  std::vector<long> counts(static_cast<std::size_t>(threads), 0);
  std::vector<std::thread> workers;
  const auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::mt19937_64 rng(static_cast<std::uint64_t>(t) * 7919 + 1);
      long done = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        const bool ok = roster::ports::ReadScope(store, [&] { return request(rng); });
        if (!ok) {
          failed = true;
          break;
        }
        ++done;
      }
      counts[static_cast<std::size_t>(t)] = done;
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (std::thread& worker : workers) worker.join();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (failed) {
    std::cerr << "roster_bench_store_read: a request of row " << name << " failed\n";
    std::exit(1);
  }
  long total = 0;
  for (long count : counts) total += count;
  const double rate = static_cast<double>(total) / elapsed;
  std::printf("%-22s threads=%d  %9.0f req/s  %6.2f us/req per thread\n", name, threads, rate,
              1e6 * threads / rate);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Service and store work of benchmark rows (b) and (c), without HTTP"};
  std::string database;
  std::string ids_path;
  std::string admin_token;
  std::string user_token;
  double seconds = 5;
  app.add_option("--database", database, "sqlite:PATH or postgresql://...")->required();
  app.add_option("--ids", ids_path, "user ids, one per line (roster_bench_load --ids-out)")
      ->required();
  app.add_option("--token", admin_token, "DirectLogin token of a superuser")->required();
  app.add_option("--user-token", user_token, "DirectLogin token of a plain user")->required();
  app.add_option("--seconds", seconds, "duration of each run")->check(CLI::Range(0.1, 600.0));
  CLI11_PARSE(app, argc, argv);

  std::vector<std::string> ids;
  std::ifstream in(ids_path);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) ids.push_back(line);
  }
  if (ids.empty()) {
    std::cerr << "roster_bench_store_read: no ids in " << ids_path << "\n";
    return 1;
  }
  auto store = roster::bench::OpenStore(database);
  if (!store) {
    std::cerr << "roster_bench_store_read: " << store.error().log << "\n";
    return 1;
  }
  // Never hashes here (no password is checked); the limits only complete the ports.
  roster::crypto::Argon2Hasher hasher(crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
                                      crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE);
  roster::crypto::SodiumDigest digest;
  roster::crypto::SodiumRandom random;
  roster::ports::SystemClock clock;
  roster::notify::LogNotifier notifier;
  services::Settings settings;
  services::Ports ports{**store, hasher, digest, random, clock, notifier};
  services::AuthService auth(ports, settings);
  services::UserService users(ports, settings);

  const Request current = [&](std::mt19937_64&) {
    auto caller = auth.Authenticate(user_token);
    return caller && users.Current(*caller).has_value();
  };
  const Request by_id = [&](std::mt19937_64& rng) {
    std::uniform_int_distribution<std::size_t> pick(0, ids.size() - 1);
    auto caller = auth.Authenticate(admin_token);
    return caller && users.GetById(*caller, ids[pick(rng)]).has_value();
  };

  const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  RunRow("(c) warm-up", **store, by_id, cores, seconds);
  for (int threads : {1, cores}) {
    RunRow("(b) users/current", **store, current, threads, seconds);
    RunRow("(c) users/user_id", **store, by_id, threads, seconds);
  }
  return 0;
}
