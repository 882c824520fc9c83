#include "core/model.h"

namespace roster::core {

std::string_view ToString(UserState state) {
  switch (state) {
    case UserState::kActive:
      return "active";
    case UserState::kInactive:
      return "inactive";
    case UserState::kLocked:
      return "locked";
    case UserState::kFrozen:
      return "frozen";
    case UserState::kRemoved:
      return "removed";
  }
  return "active";
}

std::optional<UserState> UserStateFromString(std::string_view text) {
  if (text == "active") return UserState::kActive;
  if (text == "inactive") return UserState::kInactive;
  if (text == "locked") return UserState::kLocked;
  if (text == "frozen") return UserState::kFrozen;
  if (text == "removed") return UserState::kRemoved;
  return std::nullopt;
}

std::string_view ToString(ContactKind kind) {
  switch (kind) {
    case ContactKind::kAddress:
      return "address";
    case ContactKind::kEmail:
      return "email";
    case ContactKind::kPhone:
      return "phone";
  }
  return "email";
}

std::optional<ContactKind> ContactKindFromString(std::string_view text) {
  if (text == "address") return ContactKind::kAddress;
  if (text == "email") return ContactKind::kEmail;
  if (text == "phone") return ContactKind::kPhone;
  return std::nullopt;
}

}  // namespace roster::core
