// JSON of the Apiture users: the `user` (v1.12.1) and `summaryUser` (v1.9.2) representations,
// the `createUser` body and PUT / PATCH bodies. The schemas are truncated in the source; the
// shapes follow its examples (docs/dialects.md, "Apiture users").
//
// Storage: username and names live in core::User, tax id / customerId / occupation and the
// preferred and tax pointers in core::UserProfile, and the other documented properties
// (middleName, preferredName, suffix, birthdate, citizenship, preferredContactMethod,
// residencyStatus, yearsAtAddress, preferences, attributes, kycAnswers, coreBanking, and the
// identification entries other than the tax id) in UserProfile::details_json, as given.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/user_query.h"
#include "services/profile_service.h"

namespace roster::api::apiture {

// "*****3333": every character but the last four replaced by '*' (a value of four characters
// or fewer is masked entirely).
std::string MaskTaxId(std::string_view tax_id);

// "/users/users/{id}"
std::string UserPath(std::string_view user_id);

// The user representation for the caller of `view`: action links for view.actions; without
// view.pii, no identification, addresses, emailAddresses, phones or kycAnswers. Tax ids and
// other identification values are always masked.
boost::json::object EncodeUser(const services::UserView& view);
// The summaryUser representation (collection items), with the same PII rule.
boost::json::object EncodeSummaryUser(const services::UserView& view);

// searchUsers / lookupUsers: a users collection holding every match on one page.
boost::json::object EncodeFoundUsers(const std::vector<services::UserView>& views);

// ?fields=a,b: the user with only those top-level properties plus _id and _profile.
// kInvalidQueryParameter "fields" unless each name matches ^[a-z_][a-zA-Z0-9]{3,31}$, once.
core::Result<std::vector<std::string>> ParseFields(std::string_view text);
boost::json::object ProjectFields(const boost::json::object& user,
                                  const std::vector<std::string>& fields);

// A createUser body (contact items through DecodeContactItem; the extension `password`).
// kInvalidInput (detail = the property) for a missing, mistyped or malformed property.
core::Result<services::NewProfileUser> DecodeCreateUser(const boost::json::object& body);

// A validated updateUser (merge = false) or patchUser (merge = true) body.
struct UserUpdate {
  boost::json::object body;
  bool merge = false;
};
// kInvalidInput (detail = the property) for a mistyped or malformed property, for a missing
// username / firstName / lastName in a PUT and for a null one in a PATCH.
core::Result<UserUpdate> DecodeUserUpdate(boost::json::object body, bool merge);
// The change `update` makes to `current`: PUT replaces every writable property (an omitted
// `identification` keeps the tax id); PATCH changes only the given ones and null removes one.
// Read-only properties (contact items, preferred and tax pointers, timestamps, links) are
// ignored; `_id` and `state` are passed on for the service to check. A masked tax id equal to
// the mask of the stored one means "unchanged".
core::Result<services::UserChange> ApplyUserUpdate(const UserUpdate& update,
                                                   const services::UserRecord& current);

// What listing and searching look at (services::FactsOf).
core::UserFacts FactsOfUser(const services::UserRecord& record);

}  // namespace roster::api::apiture
