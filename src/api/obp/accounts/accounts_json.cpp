#include "api/obp/accounts/accounts_json.h"

#include <string>

#include "api/obp/json.h"

namespace roster::api::obp {

namespace {

core::Result<void> BadJson(std::string_view member) {
  return core::Fail(core::ErrorCode::kInvalidJson, {}, std::string(member));
}

// An optional string member: nullopt when absent or null; kInvalidJson when not a string.
core::Result<std::optional<std::string>> OptionalString(const json::object& object,
                                                        std::string_view key) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (!value->is_string()) return std::unexpected(BadJson(key).error());
  return std::string(value->as_string());
}

// The reference renders empty strings of user JSON as null (stringOrNull).
json::value StringOrNull(const std::string& text) {
  if (text.empty()) return nullptr;
  return json::value(text);
}

json::object ViewHead(const core::SystemView& view) {
  return {{"id", view.id}, {"short_name", view.short_name}, {"description", view.description}};
}

}  // namespace

core::Result<services::NewAccount> NewAccountFromJson(const json::object& body) {
  services::NewAccount input;
  auto label = RequiredString(body, "label");
  if (!label) return std::unexpected(label.error());
  input.label = std::move(*label);
  auto product_code = RequiredString(body, "product_code");
  if (!product_code) return std::unexpected(product_code.error());
  input.product_code = std::move(*product_code);
  auto user_id = OptionalString(body, "user_id");
  if (!user_id) return std::unexpected(user_id.error());
  if (*user_id) input.user_id = std::move(**user_id);
  auto branch_id = OptionalString(body, "branch_id");
  if (!branch_id) return std::unexpected(branch_id.error());
  if (*branch_id) input.branch_id = std::move(**branch_id);

  if (const json::value* balance = body.if_contains("balance");
      balance != nullptr && !balance->is_null()) {
    if (!balance->is_object()) return std::unexpected(BadJson("balance").error());
    auto currency = RequiredString(balance->as_object(), "currency");
    if (!currency) return std::unexpected(currency.error());
    auto amount = RequiredString(balance->as_object(), "amount");
    if (!amount) return std::unexpected(amount.error());
    input.currency = std::move(*currency);
    input.amount = std::move(*amount);
  }

  if (const json::value* routings = body.if_contains("account_routings");
      routings != nullptr && !routings->is_null()) {
    if (!routings->is_array()) return std::unexpected(BadJson("account_routings").error());
    for (const json::value& item : routings->as_array()) {
      if (!item.is_object()) return std::unexpected(BadJson("account_routings").error());
      auto scheme = RequiredString(item.as_object(), "scheme");
      if (!scheme) return std::unexpected(scheme.error());
      auto address = RequiredString(item.as_object(), "address");
      if (!address) return std::unexpected(address.error());
      input.routings.push_back({std::move(*scheme), std::move(*address)});
    }
  }
  return input;
}

core::Result<services::ViewRef> ViewRefFromJson(const json::value& value) {
  if (!value.is_object()) return std::unexpected(BadJson("view").error());
  const json::object& object = value.as_object();
  auto view_id = RequiredString(object, "view_id");
  if (!view_id) return std::unexpected(view_id.error());
  const json::value* is_system = object.if_contains("is_system");
  if (is_system == nullptr || !is_system->is_bool()) {
    return std::unexpected(BadJson("is_system").error());
  }
  return services::ViewRef{.view_id = std::move(*view_id), .is_system = is_system->as_bool()};
}

core::Result<std::vector<services::ViewRef>> ViewRefsFromJson(const json::object& body,
                                                              std::string_view key) {
  const json::value* views = body.if_contains(key);
  if (views == nullptr || !views->is_array()) return std::unexpected(BadJson(key).error());
  std::vector<services::ViewRef> out;
  for (const json::value& item : views->as_array()) {
    auto ref = ViewRefFromJson(item);
    if (!ref) return std::unexpected(ref.error());
    out.push_back(std::move(*ref));
  }
  return out;
}

json::object AccountJson(const core::Account& account) {
  json::array routings;
  for (const core::AccountRouting& routing : account.routings) {
    routings.push_back(json::object{{"scheme", routing.scheme}, {"address", routing.address}});
  }
  return {{"account_id", account.id},
          {"user_id", account.owner_user_id},
          {"label", account.label},
          {"product_code", account.product_code},
          {"balance", json::object{{"currency", account.currency}, {"amount", account.balance}}},
          {"branch_id", account.branch_id},
          {"account_routings", std::move(routings)},
          {"account_attributes", json::array{}}};
}

json::object ViewJsonV300(const core::SystemView& view) {
  json::object out = ViewHead(view);
  out["metadata_view"] = view.id;
  out["is_public"] = false;
  out["is_system"] = true;
  out["alias"] = "";
  out["hide_metadata_if_alias_used"] = false;
  for (std::string_view name : core::ViewDataPermissions()) {
    out[name] = view.HasDataPermission(name);
  }
  return out;
}

json::object ViewJsonV121(const core::SystemView& view) {
  json::object out = ViewHead(view);
  out["is_public"] = false;
  out["alias"] = "";
  out["hide_metadata_if_alias_used"] = false;
  for (std::string_view name : core::ViewDataPermissions()) {
    if (!core::IsViewJsonV300Only(name)) out[name] = view.HasDataPermission(name);
  }
  return out;
}

json::array ViewListJson(const std::vector<core::SystemView>& views) {
  json::array out;
  for (const core::SystemView& view : views) out.push_back(ViewJsonV300(view));
  return out;
}

json::object PermissionsJson(const std::vector<services::UserViews>& permissions) {
  json::array list;
  for (const services::UserViews& entry : permissions) {
    json::array views;
    for (const core::SystemView& view : entry.views) views.push_back(ViewJsonV121(view));
    list.push_back(
        json::object{{"user", json::object{{"id", entry.user.provider_id},
                                           {"provider", StringOrNull(entry.user.provider)},
                                           {"display_name", StringOrNull(entry.user.email)}}},
                     {"views", std::move(views)}});
  }
  return {{"permissions", std::move(list)}};
}

}  // namespace roster::api::obp
