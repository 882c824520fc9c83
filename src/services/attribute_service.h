// User attributes (OBP): typed name/value pairs a user keeps about itself.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

// What a client sends to create or replace an attribute.
struct AttributeInput {
  std::string name;
  std::string type;
  std::string value;
};

// A user with its attributes (OBP getUserWithAttributes).
struct UserWithAttributes {
  core::User user;
  std::vector<core::UserAttribute> attributes;  // ordered by creation
};

// Longest name and value accepted (the reference's column sizes).
inline constexpr std::size_t kMaxAttributeNameLength = 255;
inline constexpr std::size_t kMaxAttributeValueLength = 255;

// Checks an attribute against the OBP rules: a non-empty name of at most 255 characters, a type
// of STRING, INTEGER, DOUBLE or DATE_WITH_DAY, and a value of at most 255 characters that parses
// as that type (INTEGER: optional sign and digits that fit in 64 bits; DOUBLE: a finite decimal
// number; DATE_WITH_DAY: yyyy-MM-dd naming a real calendar date). Returns "" when acceptable,
// otherwise a public sentence explaining the first problem.
std::string CheckAttribute(const AttributeInput& input);

// Thread-safe (stateless apart from the ports, which are thread-safe).
class AttributeService {
 public:
  AttributeService(Ports ports, const Settings& settings) : ports_(ports), settings_(settings) {}

  // Adds a personal attribute of the caller with a server-set id and insert date.
  // kInvalidJson (detail explains, see CheckAttribute) for a bad name, type or value.
  core::Result<core::UserAttribute> CreateMine(const Principal& caller,
                                               const AttributeInput& input);

  // The caller's attributes, ordered by creation.
  core::Result<std::vector<core::UserAttribute>> ListMine(const Principal& caller);

  // Replaces name, type and value of one of the caller's attributes; the insert date stays.
  // kInvalidJson as for CreateMine; kAttributeNotFound when the id is unknown or the attribute
  // belongs to another user (the reference never fails here, which is a bug we do not copy).
  core::Result<core::UserAttribute> UpdateMine(const Principal& caller,
                                               std::string_view attribute_id,
                                               const AttributeInput& input);

  // A user with its attributes, for staff holding CanGetUsersWithAttributes (kMissingRole).
  // kUserNotFound for an unknown user id.
  core::Result<UserWithAttributes> GetUserWithAttributes(const Principal& caller,
                                                         std::string_view user_id);

 private:
  Ports ports_;
  const Settings& settings_;
};

}  // namespace roster::services
