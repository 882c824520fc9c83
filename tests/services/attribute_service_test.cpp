#include "services/attribute_service.h"

#include <gtest/gtest.h>

#include "services/service_fixture.h"

namespace roster::testing {
namespace {

using core::ErrorCode;
using services::AttributeInput;
using services::CheckAttribute;

class AttributeServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    admin_ = MakeUser("admin.user", true);
    user_ = MakeUser("plain.user");
  }
  services::AttributeService attributes() { return {ports(), settings_}; }

  services::UserDetails admin_;
  services::UserDetails user_;
};

TEST(CheckAttributeTest, AcceptsValuesOfTheirType) {
  for (const AttributeInput& ok : std::vector<AttributeInput>{
           {"N", "STRING", ""},
           {"N", "STRING", "anything at all"},
           {"N", "INTEGER", "0"},
           {"N", "INTEGER", "-42"},
           {"N", "INTEGER", "+42"},
           {"N", "INTEGER", "9223372036854775807"},
           {"N", "INTEGER", "-9223372036854775808"},
           {"N", "DOUBLE", "1.5"},
           {"N", "DOUBLE", "-0.25"},
           {"N", "DOUBLE", "2e10"},
           {"N", "DOUBLE", ".5"},
           {"N", "DOUBLE", "7"},
           {"N", "DATE_WITH_DAY", "2024-02-29"},
           {"N", "DATE_WITH_DAY", "1999-12-31"},
       }) {
    EXPECT_EQ(CheckAttribute(ok), "") << ok.type << " " << ok.value;
  }
}

TEST(CheckAttributeTest, RefusesValuesThatDoNotParse) {
  for (const AttributeInput& bad : std::vector<AttributeInput>{
           {"N", "INTEGER", ""},
           {"N", "INTEGER", "1.0"},
           {"N", "INTEGER", "12a"},
           {"N", "INTEGER", " 12"},
           {"N", "INTEGER", "+-1"},
           {"N", "INTEGER", "-"},
           {"N", "INTEGER", "9223372036854775808"},
           {"N", "DOUBLE", ""},
           {"N", "DOUBLE", "abc"},
           {"N", "DOUBLE", "nan"},
           {"N", "DOUBLE", "inf"},
           {"N", "DOUBLE", "1e999"},
           {"N", "DOUBLE", "0x10"},
           {"N", "DOUBLE", "1.5 "},
           {"N", "DATE_WITH_DAY", "2023-02-29"},
           {"N", "DATE_WITH_DAY", "2024-13-01"},
           {"N", "DATE_WITH_DAY", "2024-1-01"},
           {"N", "DATE_WITH_DAY", "2024-01-01T00:00:00Z"},
           {"N", "DATE_WITH_DAY", "20240101"},
       }) {
    EXPECT_NE(CheckAttribute(bad), "") << bad.type << " " << bad.value;
  }
}

TEST(CheckAttributeTest, RefusesBadNamesTypesAndLengths) {
  EXPECT_NE(CheckAttribute({"", "STRING", "v"}), "");
  EXPECT_NE(CheckAttribute({std::string(256, 'n'), "STRING", "v"}), "");
  EXPECT_EQ(CheckAttribute({std::string(255, 'n'), "STRING", std::string(255, 'v')}), "");
  EXPECT_NE(CheckAttribute({"N", "STRING", std::string(256, 'v')}), "");
  EXPECT_NE(CheckAttribute({"N", "string", "v"}), "");
  EXPECT_NE(CheckAttribute({"N", "BOOLEAN", "true"}), "");
  EXPECT_NE(CheckAttribute({"N", "STRING", "\xff\xfe"}), "");
  EXPECT_NE(CheckAttribute({"N", "BOOLEAN", "true"}).find("DATE_WITH_DAY"), std::string::npos);
}

TEST_F(AttributeServiceTest, CreateListAndUpdateMyAttributes) {
  auto first = attributes().CreateMine(As(user_), {"BATTERY_LEVEL", "INTEGER", "90"});
  ASSERT_TRUE(first.has_value()) << first.error().log;
  EXPECT_FALSE(first->id.empty());
  EXPECT_EQ(first->user_id, user_.user.id);
  EXPECT_EQ(first->created_at, clock_.now);
  clock_.now += std::chrono::seconds(5);
  auto second = attributes().CreateMine(As(user_), {"BIRTHDAY", "DATE_WITH_DAY", "2000-01-31"});
  ASSERT_TRUE(second.has_value());

  auto mine = attributes().ListMine(As(user_));
  ASSERT_TRUE(mine.has_value());
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].name, "BATTERY_LEVEL");
  EXPECT_EQ((*mine)[1].name, "BIRTHDAY");
  EXPECT_TRUE(attributes().ListMine(As(admin_))->empty());

  const core::TimePoint inserted = first->created_at;
  clock_.now += std::chrono::seconds(5);
  auto updated = attributes().UpdateMine(As(user_), first->id, {"BATTERY", "DOUBLE", "12.5"});
  ASSERT_TRUE(updated.has_value()) << updated.error().log;
  EXPECT_EQ(updated->id, first->id);
  EXPECT_EQ(updated->name, "BATTERY");
  EXPECT_EQ(updated->type, "DOUBLE");
  EXPECT_EQ(updated->value, "12.5");
  EXPECT_EQ(updated->created_at, inserted);
  auto reread = attributes().ListMine(As(user_));
  EXPECT_EQ((*reread)[0].value, "12.5");
  EXPECT_EQ((*reread)[0].created_at, inserted);
}

TEST_F(AttributeServiceTest, BadInputIsRefusedAndNothingIsStored) {
  auto refused = attributes().CreateMine(As(user_), {"N", "INTEGER", "ninety"});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidJson);
  EXPECT_FALSE(refused.error().detail.empty());
  EXPECT_TRUE(attributes().ListMine(As(user_))->empty());

  auto created = attributes().CreateMine(As(user_), {"N", "STRING", "v"});
  ASSERT_TRUE(created.has_value());
  auto bad_update = attributes().UpdateMine(As(user_), created->id, {"N", "MONEY", "1"});
  ASSERT_FALSE(bad_update.has_value());
  EXPECT_EQ(bad_update.error().code, ErrorCode::kInvalidJson);
  EXPECT_EQ(attributes().ListMine(As(user_))->front().type, "STRING");
}

TEST_F(AttributeServiceTest, UpdateOfAnUnknownOrForeignAttributeIsNotFound) {
  auto unknown = attributes().UpdateMine(As(user_), "no-such-id", {"N", "STRING", "v"});
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kAttributeNotFound);

  auto theirs = attributes().CreateMine(As(admin_), {"N", "STRING", "admin's"});
  ASSERT_TRUE(theirs.has_value());
  auto foreign = attributes().UpdateMine(As(user_), theirs->id, {"N", "STRING", "mine now"});
  ASSERT_FALSE(foreign.has_value());
  EXPECT_EQ(foreign.error().code, ErrorCode::kAttributeNotFound);
  EXPECT_EQ(attributes().ListMine(As(admin_))->front().value, "admin's");
}

TEST_F(AttributeServiceTest, StaffReadAUserWithAttributes) {
  ASSERT_TRUE(attributes().CreateMine(As(user_), {"N", "STRING", "v"}).has_value());
  auto found = attributes().GetUserWithAttributes(As(admin_), user_.user.id);
  ASSERT_TRUE(found.has_value()) << found.error().log;
  EXPECT_EQ(found->user.id, user_.user.id);
  EXPECT_EQ(found->user.username, "plain.user");
  ASSERT_EQ(found->attributes.size(), 1u);
  EXPECT_EQ(found->attributes[0].name, "N");

  auto denied = attributes().GetUserWithAttributes(As(user_), admin_.user.id);
  ASSERT_FALSE(denied.has_value());
  EXPECT_EQ(denied.error().code, ErrorCode::kMissingRole);
  EXPECT_EQ(denied.error().detail, "CanGetUsersWithAttributes");

  auto missing = attributes().GetUserWithAttributes(As(admin_), "no-such-user");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kUserNotFound);
}

}  // namespace
}  // namespace roster::testing
