#include "services/configuration_service.h"

#include <cctype>

#include "core/scopes.h"
#include "services/apiture_access.h"

namespace roster::services {

namespace json = boost::json;
using core::ErrorCode;
using core::Fail;
using core::Result;

namespace {

constexpr std::string_view kOpenBanking = "openBanking";

// Percent-encodes a query parameter value (RFC 3986 unreserved characters stay).
std::string EncodeQueryValue(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

bool IsHttpUrl(std::string_view text) {
  json::object schema{{"type", "string"}, {"format", "uri"}, {"maxLength", 2048}};
  return core::ValidateConfigurationValue(schema, json::string(text), "").has_value();
}

bool IsLanguageTag(std::string_view text) {
  if (text.empty() || text.size() > 35 || !std::isalpha(static_cast<unsigned char>(text[0]))) {
    return false;
  }
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return true;
}

}  // namespace

Result<ConfigurationGroupView> LoadConfigurationGroup(
    ports::Tx& tx, const core::ConfigurationGroupDefinition& group) {
  auto stored = tx.FindConfigurationValues(group.name);
  if (!stored) return std::unexpected(stored.error());
  ConfigurationGroupView view{.group = &group};
  json::object values;
  if (*stored) {
    boost::system::error_code ec;
    json::value parsed = json::parse((*stored)->values_json, ec);
    if (ec || !parsed.is_object()) {
      return Fail(ErrorCode::kInternal, {},
                  "configuration values of " + std::string(group.name) + " are not JSON");
    }
    values = std::move(parsed.as_object());
    view.version = (*stored)->version;
  }
  view.values = core::EffectiveConfigurationValues(core::SchemaOf(group), values);
  return view;
}

Result<const core::ConfigurationGroupDefinition*> ConfigurationService::Readable(
    const ScopedPrincipal& caller, std::string_view group_name) {
  const core::ConfigurationGroupDefinition* group = core::FindConfigurationGroup(group_name);
  if (group == nullptr) return Fail(ErrorCode::kGroupNotFound, std::string(group_name));
  if (!group->is_public) {
    if (auto allowed = RequireAdminRead(caller); !allowed) return std::unexpected(allowed.error());
  }
  return group;
}

Result<const core::ConfigurationGroupDefinition*> ConfigurationService::Writable(
    const ScopedPrincipal& caller, std::string_view group_name) {
  if (auto allowed = RequireAdmin(caller); !allowed) {
    if (allowed.error().code == ErrorCode::kForbidden) {
      return Fail(ErrorCode::kForbidden, "Only administrators may update configuration.");
    }
    return std::unexpected(allowed.error());
  }
  const core::ConfigurationGroupDefinition* group = core::FindConfigurationGroup(group_name);
  if (group == nullptr) return Fail(ErrorCode::kGroupNotFound, std::string(group_name));
  return group;
}

Result<std::vector<const core::ConfigurationGroupDefinition*>> ConfigurationService::ListGroups(
    const ScopedPrincipal& caller) {
  const bool admin = caller.IsService() || caller.scopes.Has(core::kAdminRead);
  std::vector<const core::ConfigurationGroupDefinition*> groups;
  for (const core::ConfigurationGroupDefinition& group : core::ConfigurationGroupDefinitions()) {
    if (admin || group.is_public) groups.push_back(&group);
  }
  return groups;
}

Result<ConfigurationGroupView> ConfigurationService::GetGroup(const ScopedPrincipal& caller,
                                                              std::string_view group_name) {
  auto group = Readable(caller, group_name);
  if (!group) return std::unexpected(group.error());
  return ports::ReadTx(ports_.store,
                       [&](ports::Tx& tx) { return LoadConfigurationGroup(tx, **group); });
}

Result<ConfigurationGroupView> ConfigurationService::ReplaceValues(
    const ScopedPrincipal& caller, std::string_view group_name, const json::object& values,
    std::optional<std::int64_t> if_match) {
  auto group = Writable(caller, group_name);
  if (!group) return std::unexpected(group.error());
  auto kept = core::ValidateConfigurationValues(core::SchemaOf(**group), values);
  if (!kept) return std::unexpected(kept.error());
  const core::TimePoint now = ports_.clock.Now();
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<ConfigurationGroupView> {
    auto current = LoadConfigurationGroup(tx, **group);
    if (!current) return std::unexpected(current.error());
    if (if_match && *if_match != current->version) return Fail(ErrorCode::kPreconditionFailed);
    core::ConfigurationValues record{.group = std::string((*group)->name),
                                     .values_json = json::serialize(*kept),
                                     .version = current->version + 1,
                                     .updated_at = now};
    if (auto put = tx.PutConfigurationValues(record); !put) return std::unexpected(put.error());
    return ConfigurationGroupView{
        .group = *group,
        .values = core::EffectiveConfigurationValues(core::SchemaOf(**group), *kept),
        .version = record.version};
  });
}

Result<ConfigurationValueView> ConfigurationService::GetValue(const ScopedPrincipal& caller,
                                                              std::string_view group_name,
                                                              std::string_view value_name) {
  auto group = Readable(caller, group_name);
  if (!group) return std::unexpected(group.error());
  if (core::ValueSchema(core::SchemaOf(**group), value_name) == nullptr) {
    return Fail(ErrorCode::kValueNotFound, std::string(value_name));
  }
  auto view = ports::ReadTx(ports_.store,
                            [&](ports::Tx& tx) { return LoadConfigurationGroup(tx, **group); });
  if (!view) return std::unexpected(view.error());
  ConfigurationValueView value{.version = view->version};
  if (const json::value* found = view->values.if_contains(value_name)) value.value = *found;
  return value;
}

Result<ConfigurationValueView> ConfigurationService::SetValue(
    const ScopedPrincipal& caller, std::string_view group_name, std::string_view value_name,
    const json::value& value, std::optional<std::int64_t> if_match) {
  auto group = Writable(caller, group_name);
  if (!group) return std::unexpected(group.error());
  const json::object* schema = core::ValueSchema(core::SchemaOf(**group), value_name);
  if (schema == nullptr) return Fail(ErrorCode::kValueNotFound, std::string(value_name));
  if (auto valid = core::ValidateConfigurationValue(*schema, value, value_name); !valid) {
    return std::unexpected(valid.error());
  }
  const core::TimePoint now = ports_.clock.Now();
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<ConfigurationValueView> {
    auto stored = tx.FindConfigurationValues((*group)->name);
    if (!stored) return std::unexpected(stored.error());
    core::ConfigurationValues record =
        *stored ? **stored : core::ConfigurationValues{.group = std::string((*group)->name)};
    if (if_match && *if_match != record.version) return Fail(ErrorCode::kPreconditionFailed);
    boost::system::error_code ec;
    json::value values = json::parse(record.values_json, ec);
    if (ec || !values.is_object()) {
      return Fail(ErrorCode::kInternal, {}, "configuration values are not JSON");
    }
    values.as_object()[value_name] = value;
    record.values_json = json::serialize(values);
    record.version += 1;
    record.updated_at = now;
    if (auto put = tx.PutConfigurationValues(record); !put) return std::unexpected(put.error());
    return ConfigurationValueView{.value = value, .version = record.version};
  });
}

Result<OpenBankingConsentParameters> ConfigurationService::CreateOpenBankingConsentParameters(
    const ScopedPrincipal& caller, std::string_view integration,
    const std::vector<std::pair<std::string, std::string>>& parameters) {
  // "This operation must always be invoked with a user access token."
  if (caller.IsService()) {
    return Fail(ErrorCode::kForbidden, "This operation needs a user's access token.");
  }
  if (auto allowed = RequireRead(caller, caller.user->id); !allowed) {
    return std::unexpected(allowed.error());
  }
  if (integration != "fdx") {
    return Fail(ErrorCode::kNoSuchOpenBankingIntegration, std::string(integration));
  }
  const core::ConfigurationGroupDefinition* group = core::FindConfigurationGroup(kOpenBanking);
  auto view = ports::ReadTx(ports_.store,
                            [&](ports::Tx& tx) { return LoadConfigurationGroup(tx, *group); });
  if (!view) return std::unexpected(view.error());
  const json::value* enabled = view->values.if_contains("fdxEnabled");
  const json::value* url = view->values.if_contains("fdxConsentUrl");
  if (enabled == nullptr || !enabled->is_bool() || !enabled->get_bool() || url == nullptr ||
      !url->is_string() || url->get_string().empty()) {
    return Fail(ErrorCode::kNoSuchOpenBankingIntegration, std::string(integration));
  }
  std::string query = "user=" + EncodeQueryValue(caller.user->id);
  for (const auto& [name, value] : parameters) {
    bool valid =
        (name == "returnUrl" && IsHttpUrl(value)) || (name == "locale" && IsLanguageTag(value));
    if (!valid) return Fail(ErrorCode::kInvalidOpenBankingParameters, name);
    query += "&" + name + "=" + EncodeQueryValue(value);
  }
  // The user's parameters go into the query of the configured URL, before any fragment.
  std::string base(url->get_string());
  std::string fragment;
  if (std::size_t hash = base.find('#'); hash != std::string::npos) {
    fragment = base.substr(hash);
    base.erase(hash);
  }
  std::string widget = base + (base.find('?') == std::string::npos ? "?" : "&") + query + fragment;
  return OpenBankingConsentParameters{.integration = std::string(integration),
                                      .parameters = {{"widgetUrl", std::move(widget)}}};
}

}  // namespace roster::services
