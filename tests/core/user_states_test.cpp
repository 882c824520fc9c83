#include "core/user_states.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace roster::core {
namespace {

// The allowed source states of each action, for a non-admin and for an administrator
// (catalogue §2.2 and §7 rule 2).
struct Row {
  UserAction action;
  std::set<UserState> user;
  std::set<UserState> admin;
};

const Row kTable[] = {
    {UserAction::kActivate,
     {UserState::kInactive},
     {UserState::kInactive, UserState::kLocked, UserState::kFrozen}},
    {UserAction::kDeactivate, {UserState::kActive}, {UserState::kActive}},
    {UserAction::kLock,
     {UserState::kActive, UserState::kInactive},
     {UserState::kActive, UserState::kInactive}},
    {UserAction::kFreeze,
     {UserState::kActive, UserState::kInactive, UserState::kLocked},
     {UserState::kActive, UserState::kInactive, UserState::kLocked}},
    {UserAction::kRemove,
     {UserState::kActive, UserState::kInactive, UserState::kLocked, UserState::kFrozen},
     {UserState::kActive, UserState::kInactive, UserState::kLocked, UserState::kFrozen}},
};

constexpr UserState kStates[] = {UserState::kActive, UserState::kInactive, UserState::kLocked,
                                 UserState::kFrozen, UserState::kRemoved};

TEST(UserStatesTest, EveryTransitionAllowedOrRefusedPerTheTable) {
  for (const Row& row : kTable) {
    for (UserState from : kStates) {
      EXPECT_EQ(IsAllowed(row.action, from, false), row.user.contains(from))
          << ToString(row.action) << " from " << ToString(from) << " (user)";
      EXPECT_EQ(IsAllowed(row.action, from, true), row.admin.contains(from))
          << ToString(row.action) << " from " << ToString(from) << " (admin)";
    }
  }
}

TEST(UserStatesTest, RemovedIsFinal) {
  for (UserAction action : kAllUserActions) {
    EXPECT_FALSE(IsAllowed(action, UserState::kRemoved, true)) << ToString(action);
    EXPECT_FALSE(IsAllowed(action, UserState::kRemoved, false)) << ToString(action);
  }
}

TEST(UserStatesTest, TargetsAndNames) {
  const std::map<UserAction, std::pair<std::string, UserState>> expected = {
      {UserAction::kActivate, {"activate", UserState::kActive}},
      {UserAction::kDeactivate, {"deactivate", UserState::kInactive}},
      {UserAction::kLock, {"lock", UserState::kLocked}},
      {UserAction::kFreeze, {"freeze", UserState::kFrozen}},
      {UserAction::kRemove, {"remove", UserState::kRemoved}}};
  for (const auto& [action, pair] : expected) {
    EXPECT_EQ(ToString(action), pair.first);
    EXPECT_EQ(TargetOf(action), pair.second);
  }
}

TEST(UserStatesTest, RequiredStatesTextListsStatesInCanonicalOrder) {
  EXPECT_EQ(RequiredStatesText(UserAction::kActivate, false), "inactive");
  EXPECT_EQ(RequiredStatesText(UserAction::kActivate, true), "inactive,locked,frozen");
  EXPECT_EQ(RequiredStatesText(UserAction::kDeactivate, true), "active");
  EXPECT_EQ(RequiredStatesText(UserAction::kLock, false), "active,inactive");
  EXPECT_EQ(RequiredStatesText(UserAction::kFreeze, true), "active,inactive,locked");
  EXPECT_EQ(RequiredStatesText(UserAction::kRemove, false), "active,inactive,locked,frozen");
}

TEST(UserStatesTest, OnlyFreezeIsAdminOnly) {
  for (UserAction action : kAllUserActions) {
    EXPECT_EQ(IsAdminOnly(action), action == UserAction::kFreeze) << ToString(action);
  }
}

}  // namespace
}  // namespace roster::core
