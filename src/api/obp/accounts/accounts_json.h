// OBP JSON codecs of accounts, views and account access.
#pragma once

#include <boost/json.hpp>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "core/views.h"
#include "services/account_service.h"

namespace roster::api::obp {

namespace json = boost::json;

// createAccount request (CreateAccountRequestJsonV500): label and product_code required;
// user_id, balance {currency, amount}, branch_id and account_routings [{scheme, address}]
// optional. kInvalidJson for a missing required member or a member of the wrong type.
core::Result<services::NewAccount> NewAccountFromJson(const json::object& body);

// {view_id, is_system}, both required. kInvalidJson otherwise.
core::Result<services::ViewRef> ViewRefFromJson(const json::value& value);
// body[key] as an array of {view_id, is_system}. kInvalidJson otherwise.
core::Result<std::vector<services::ViewRef>> ViewRefsFromJson(const json::object& body,
                                                              std::string_view key);

// createAccount response (CreateAccountResponseJsonV310): account_id, user_id, label,
// product_code, balance {currency, amount}, branch_id, account_routings, account_attributes
// (always empty: Roster has no products).
json::object AccountJson(const core::Account& account);

// ViewJsonV300: id, short_name, description, metadata_view, is_public, is_system, alias,
// hide_metadata_if_alias_used and every can_* data permission of core::ViewDataPermissions().
json::object ViewJsonV300(const core::SystemView& view);
// ViewJSONV121 (OBPv1.2.1 .. v2.x): V300 without metadata_view, is_system and the V300-only
// permissions.
json::object ViewJsonV121(const core::SystemView& view);
// [ViewJsonV300, ...]
json::array ViewListJson(const std::vector<core::SystemView>& views);

// PermissionsJSON (OBPv2.0.0): {"permissions":[{"user":{id, provider, display_name},
// "views":[ViewJSONV121...]}]}, where user.id is the provider_id and display_name the e-mail, as
// in the reference's UserJSONV121.
json::object PermissionsJson(const std::vector<services::UserViews>& permissions);

}  // namespace roster::api::obp
