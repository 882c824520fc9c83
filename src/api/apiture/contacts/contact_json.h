// JSON of the Apiture contact items: userAddress, userEmailAddress and userPhoneNumber (the
// schemas are truncated in the source; the shape follows its examples, docs/dialects.md, "Apiture
// contact items").
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/model.h"

namespace roster::api::apiture {

// One item: `_profile`, `_id`, `type`, `label`, the value fields (addresses: addressLine1..3,
// city, regionCode, postalCode, countryCode, otherType; e-mail: `value`; phone: `number`,
// `extension`), `state`, `replaceId` (pending replacements only) and `_links`: `self`; on
// approved items `apiture:setAsPreferred` (and, on addresses that are not P.O. boxes,
// `apiture:setAsTaxAddress`); `delete` when the item may be deleted.
//
// `pii` false leaves out the personal values (address lines, city, postal code, e-mail value,
// phone number and extension), for callers without profiles/readPii.
// `profile`, when given, decides which items are deletable: the tax address, the preferred
// e-mail and the preferred phone have no `delete` link. Without it every item gets one.
boost::json::object EncodeContactItem(const core::ContactItem& item, bool pii,
                                      const core::UserProfile* profile = nullptr);

// The items of one kind as the list resources userAddresses / userEmailAddresses /
// userPhoneNumbers: {"_profile", "_links": {"self"}, "items": [...]} (not a paged collection).
boost::json::object EncodeContactItems(std::string_view user_id, core::ContactKind kind,
                                       const std::vector<core::ContactItem>& items, bool pii,
                                       const core::UserProfile* profile = nullptr);

// A request body (createAddress / createEmailAddress / createPhoneNumber, and the items of
// createUser) as a ContactItem of `kind` with id (may be ""), type, value and details_json set;
// user_id, state and created_at are left for the service. Read-only properties (`_profile`,
// `_links`, `state`, `label`) and unknown properties are ignored.
// Errors: kInvalidAddressType / kInvalidPhoneType (detail = the type), kInvalidInput (detail =
// the property) for a missing, mistyped or malformed field.
core::Result<core::ContactItem> DecodeContactItem(const boost::json::object& body,
                                                  core::ContactKind kind);

// "/users/users/{userId}/addresses" (emailAddresses, phoneNumbers); with `id`, the item's path.
std::string ContactPath(std::string_view user_id, core::ContactKind kind, std::string_view id = {});

}  // namespace roster::api::apiture
