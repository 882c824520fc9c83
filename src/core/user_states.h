// The Apiture user state machine (catalogue §2.2, §7 rules 1-2): which action leads to which
// state, and from which states each action is allowed. `removed` is final.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"

namespace roster::core {

// The five state actions (POST /users/{activeUsers|inactiveUsers|lockedUsers|frozenUsers|
// removedUsers}).
enum class UserAction { kActivate, kDeactivate, kLock, kFreeze, kRemove };

inline constexpr UserAction kAllUserActions[] = {UserAction::kActivate, UserAction::kDeactivate,
                                                 UserAction::kLock, UserAction::kFreeze,
                                                 UserAction::kRemove};

// "activate", "deactivate", "lock", "freeze", "remove" (the apiture:<name> link relation).
std::string_view ToString(UserAction action);
// The state the action leads to.
UserState TargetOf(UserAction action);

// Only an administrator may freeze.
bool IsAdminOnly(UserAction action);

// The states a user must be in for `action`, in the order active, inactive, locked, frozen:
//   activate    inactive (an administrator also: locked, frozen)
//   deactivate  active
//   lock        active, inactive
//   freeze      active, inactive, locked
//   remove      active, inactive, locked, frozen
std::vector<UserState> RequiredStates(UserAction action, bool admin);
bool IsAllowed(UserAction action, UserState from, bool admin);
// The required states as "inactive,locked,frozen" (the invalidStateChange detail).
std::string RequiredStatesText(UserAction action, bool admin);

// Every state but removed: what a user must be in to be changed at all.
std::vector<UserState> ChangeableStates();

}  // namespace roster::core
