#include "core/user_states.h"

namespace roster::core {

std::string_view ToString(UserAction action) {
  switch (action) {
    case UserAction::kActivate:
      return "activate";
    case UserAction::kDeactivate:
      return "deactivate";
    case UserAction::kLock:
      return "lock";
    case UserAction::kFreeze:
      return "freeze";
    case UserAction::kRemove:
      return "remove";
  }
  return "activate";
}

UserState TargetOf(UserAction action) {
  switch (action) {
    case UserAction::kActivate:
      return UserState::kActive;
    case UserAction::kDeactivate:
      return UserState::kInactive;
    case UserAction::kLock:
      return UserState::kLocked;
    case UserAction::kFreeze:
      return UserState::kFrozen;
    case UserAction::kRemove:
      return UserState::kRemoved;
  }
  return UserState::kActive;
}

bool IsAdminOnly(UserAction action) { return action == UserAction::kFreeze; }

std::vector<UserState> RequiredStates(UserAction action, bool admin) {
  switch (action) {
    case UserAction::kActivate:
      if (admin) return {UserState::kInactive, UserState::kLocked, UserState::kFrozen};
      return {UserState::kInactive};
    case UserAction::kDeactivate:
      return {UserState::kActive};
    case UserAction::kLock:
      return {UserState::kActive, UserState::kInactive};
    case UserAction::kFreeze:
      return {UserState::kActive, UserState::kInactive, UserState::kLocked};
    case UserAction::kRemove:
      return ChangeableStates();
  }
  return {};
}

bool IsAllowed(UserAction action, UserState from, bool admin) {
  for (UserState state : RequiredStates(action, admin)) {
    if (state == from) return true;
  }
  return false;
}

std::string RequiredStatesText(UserAction action, bool admin) {
  std::string text;
  for (UserState state : RequiredStates(action, admin)) {
    if (!text.empty()) text += ',';
    text += ToString(state);
  }
  return text;
}

std::vector<UserState> ChangeableStates() {
  return {UserState::kActive, UserState::kInactive, UserState::kLocked, UserState::kFrozen};
}

}  // namespace roster::core
