// Services over real adapters (a temporary SQLite file, Argon2id at minimum cost) with a fixed
// clock and deterministic randomness, so every test is hermetic and repeatable.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "crypto/argon2_hasher.h"
#include "crypto/sodium_digest.h"
#include "notify/capturing_notifier.h"
#include "ports/clock.h"
#include "ports/crypto.h"
#include "services/auth_service.h"
#include "services/entitlement_service.h"
#include "services/user_service.h"
#include "store/sqlite/sqlite_store.h"

namespace roster::testing {

class FixedClock final : public ports::Clock {
 public:
  core::TimePoint Now() override { return now; }
  core::TimePoint now{std::chrono::sys_days{std::chrono::year{2026} / 1 / 2}};
};

// Deterministic "randomness": unique, recognisable values in the right formats.
class CountingRandom final : public ports::Random {
 public:
  std::string Token(std::size_t bytes) override {
    return "tok" + std::to_string(++counter_) + std::string(bytes / 2, 'x');
  }
  std::string Uuid() override {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "00000000-0000-4000-8000-%012d", ++counter_);
    return buffer;
  }
  std::string Digits(std::size_t n) override {
    std::string out = std::to_string(++counter_);
    out.insert(0, n > out.size() ? n - out.size() : 0, '0');
    return out.substr(out.size() - n);
  }
  std::string Alphanumeric(std::size_t n) override { return Digits(n); }

 private:
  int counter_ = 0;
};

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("roster-services-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    std::filesystem::remove(path_);
    auto opened = store::SqliteStore::Open({.path = path_.string(), .synchronous_full = false});
    ASSERT_TRUE(opened.has_value());
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->Migrate().has_value());
  }
  void TearDown() override {
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_.string() + suffix);
    }
  }

  services::Ports ports() { return {*store_, hasher_, digest_, random_, clock_, notifier_}; }

  // A validated local user, optionally a superuser.
  services::UserDetails MakeUser(const std::string& username, bool superuser = false) {
    auto created = users().CreateByOperator(
        {username, kPassword, username + "@example.com", "First", "Last"}, true, superuser);
    EXPECT_TRUE(created.has_value()) << (created ? "" : core::ReasonOf(created.error().code));
    return *created;
  }
  services::Principal As(const services::UserDetails& details) {
    return {.user = details.user, .consumer_id = "c"};
  }
  services::UserService users() { return {ports(), settings_}; }
  services::AuthService auth() { return {ports(), settings_}; }
  services::EntitlementService entitlements() { return services::EntitlementService(ports()); }

  static constexpr const char* kPassword = "Abcdefgh1!";

  std::filesystem::path path_;
  std::unique_ptr<store::SqliteStore> store_;
  crypto::Argon2Hasher hasher_{1, 8192};
  crypto::SodiumDigest digest_;
  CountingRandom random_;
  FixedClock clock_;
  notify::CapturingNotifier notifier_;
  services::Settings settings_;
};

}  // namespace roster::testing
