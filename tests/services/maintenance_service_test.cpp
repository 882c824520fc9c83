#include "services/maintenance_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "services/service_fixture.h"

namespace roster::testing {
namespace {

class MaintenanceServiceTest : public ServiceTest {
 protected:
  services::MaintenanceService maintenance() { return {ports(), settings_}; }

  // Whether the store still holds the DirectLogin token (expired or not).
  bool Stored(const std::string& token) {
    auto found = ports::ReadTx(
        *store_, [&](ports::Tx& tx) { return tx.FindTokenWithUser(digest_.Digest(token)); });
    EXPECT_TRUE(found.has_value());
    return found && found->has_value();
  }
};

TEST_F(MaintenanceServiceTest, ATokenIsPurgedOnlyOnceItHasBeenExpiredForTheRetentionTime) {
  MakeUser("purge.user");
  auto key = auth().CreateConsumer("app");
  ASSERT_TRUE(key.has_value());
  auto token = auth().LoginWithPassword("purge.user", kPassword, *key);
  ASSERT_TRUE(token.has_value());
  settings_.purge_retention = std::chrono::hours(24);

  // Expired a second short of the retention time: kept.
  clock_.now += settings_.token_ttl + settings_.purge_retention - std::chrono::seconds(1);
  EXPECT_EQ(maintenance().PurgeExpired(), 0);
  EXPECT_TRUE(Stored(*token));

  clock_.now += std::chrono::seconds(1);
  EXPECT_EQ(maintenance().PurgeExpired(), 1);
  EXPECT_FALSE(Stored(*token));
}

TEST_F(MaintenanceServiceTest, APurgeGoesOnBatchAfterBatchUntilNothingIsLeft) {
  const auto user = MakeUser("many.tokens");
  const int count = 2 * services::kPurgeBatch + 7;
  auto inserted = ports::WriteTx(*store_, [&](ports::Tx& tx) -> core::Result<void> {
    for (int i = 0; i < count; ++i) {
      core::Token token{"digest-" + std::to_string(i), user.user.id, "c", clock_.now,
                        clock_.now + std::chrono::seconds(1)};
      if (auto done = tx.InsertToken(token); !done) return done;
    }
    return {};
  });
  ASSERT_TRUE(inserted.has_value());
  settings_.purge_retention = std::chrono::seconds(0);
  clock_.now += std::chrono::seconds(1);
  EXPECT_EQ(maintenance().PurgeExpired(), count);
  EXPECT_EQ(maintenance().PurgeExpired(), 0);
}

TEST_F(MaintenanceServiceTest, APurgeStopsBetweenBatchesWhenAskedTo) {
  const auto user = MakeUser("stopping.purge");
  const int count = services::kPurgeBatch + 1;
  auto inserted = ports::WriteTx(*store_, [&](ports::Tx& tx) -> core::Result<void> {
    for (int i = 0; i < count; ++i) {
      core::Token token{"digest-" + std::to_string(i), user.user.id, "c", clock_.now, clock_.now};
      if (auto done = tx.InsertToken(token); !done) return done;
    }
    return {};
  });
  ASSERT_TRUE(inserted.has_value());
  settings_.purge_retention = std::chrono::seconds(0);
  int asked = 0;
  EXPECT_EQ(maintenance().PurgeExpired([&] { return ++asked < 1; }), services::kPurgeBatch);
  EXPECT_EQ(asked, 1);
  EXPECT_EQ(maintenance().PurgeExpired(), 1);
}

}  // namespace
}  // namespace roster::testing
