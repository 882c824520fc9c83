// roster_bench_load: bulk-loads N validated, active local users into a SQLite or PostgreSQL
// database through the Store port, for the load benchmarks (bench/run.sh).
//
// Every user gets the same Argon2id hash of --password, computed once at libsodium's INTERACTIVE
// limits (what the server uses by default), so that loading 100,000 users takes seconds while a
// login still costs one full verification. Usernames are benchuser000001, benchuser000002, ...,
// e-mails benchuserN@example.com, ids random version-4 UUIDs, provider = --hostname (it must equal
// the server's --hostname for the users to be able to log in). The ids are written one per line
// to --ids-out. The database must be migrated (this tool applies pending migrations too).
//
// Exit status: 0 on success, 1 on any error (reported on stderr).
#include <sodium.h>

#include <CLI/CLI.hpp>
#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "open_store.h"
#include "ports/store.h"

namespace {

// A random version-4 UUID, lower-case hex with dashes.
std::string RandomUuid() {
  std::array<unsigned char, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);
  std::array<char, 37> text{};
  std::snprintf(text.data(), text.size(),
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", bytes[0],
                bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8],
                bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
  return text.data();
}

std::string BenchUsername(int n) {
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "benchuser%06d", n);
  return text.data();
}

int Fail(std::string_view what, const roster::core::Error& error) {
  std::cerr << "roster_bench_load: " << what << ": " << roster::core::ReasonOf(error.code) << ' '
            << error.detail << ' ' << error.log << '\n';
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Bulk-loads benchmark users into a Roster SQLite or PostgreSQL database"};
  std::string database;
  int count = 100000;
  int batch = 5000;
  std::string hostname = "http://127.0.0.1:8080";
  std::string password = "BenchPassword-2024!";
  std::string ids_out;
  app.add_option("--database", database, "sqlite:PATH or postgresql://USER@HOST:PORT/DB")
      ->required();
  app.add_option("--count", count, "number of users")->check(CLI::Range(1, 999999));
  app.add_option("--batch", batch, "users per Write transaction")->check(CLI::PositiveNumber);
  app.add_option("--hostname", hostname, "provider of the users (the server's --hostname)");
  app.add_option("--password", password, "password of every user");
  app.add_option("--ids-out", ids_out, "file to write the user ids to, one per line");
  CLI11_PARSE(app, argc, argv);

  if (sodium_init() < 0) {
    std::cerr << "roster_bench_load: sodium_init failed\n";
    return 1;
  }

  const auto started = std::chrono::steady_clock::now();
  std::array<char, crypto_pwhash_STRBYTES> hash{};
  if (crypto_pwhash_str_alg(hash.data(), password.data(), password.size(),
                            crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    std::cerr << "roster_bench_load: crypto_pwhash_str_alg failed (out of memory)\n";
    return 1;
  }
  const std::string password_hash = hash.data();

  auto store = roster::bench::OpenStore(database);
  if (!store) return Fail("open", store.error());
  if (auto migrated = (*store)->Migrate(); !migrated) return Fail("migrate", migrated.error());

  std::ofstream ids;
  if (!ids_out.empty()) {
    ids.open(ids_out, std::ios::trunc);
    if (!ids) {
      std::cerr << "roster_bench_load: cannot write " << ids_out << '\n';
      return 1;
    }
  }

  const auto now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  std::vector<roster::core::User> users;
  users.reserve(static_cast<std::size_t>(batch));
  for (int first = 1; first <= count; first += batch) {
    users.clear();
    for (int n = first; n < first + batch && n <= count; ++n) {
      roster::core::User user;
      user.id = RandomUuid();
      user.username = BenchUsername(n);
      user.provider = hostname;
      user.provider_id = user.username;
      user.email = "benchuser" + std::to_string(n) + "@example.com";
      user.first_name = "Bench";
      user.last_name = "User " + std::to_string(n);
      user.password_hash = password_hash;
      user.validated = true;
      user.state = roster::core::UserState::kActive;
      user.created_at = now;
      user.updated_at = now;
      users.push_back(std::move(user));
    }
    auto written = (*store)->Write([&](roster::ports::Tx& tx) -> roster::core::Result<void> {
      for (const auto& user : users) {
        if (auto inserted = tx.InsertUser(user); !inserted) return inserted;
      }
      return {};
    });
    if (!written) return Fail("insert users from " + BenchUsername(first), written.error());
    for (const auto& user : users) ids << user.id << '\n';
  }
  ids.close();
  if (!ids_out.empty() && ids.fail()) {
    std::cerr << "roster_bench_load: writing " << ids_out << " failed\n";
    return 1;
  }

  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  std::cout << "loaded " << count << " users into " << database << " in " << took.count() << " s\n";
  return 0;
}
