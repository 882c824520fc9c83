// Configuration groups (definitions and schemas in code: core/configuration_groups.h; values in
// the store) and the open banking consent parameters built from the openBanking group.
//
// Access (services/apiture_access.h): any authenticated caller reads a public group (openBanking,
// "a public group" in the source); the other groups need admin/read (or a trusted service).
// Listing shows the groups the caller may read. Writing values needs an administrator
// (admin/write or a trusted service): "Only administrators may update configuration."
//
// Values are versioned (ConfigurationValues::version, the ETag "v<version>"; "v0" before the
// first write). Every write is one store transaction that checks If-Match against the version
// read in it and stores version + 1: concurrent updates never lose a write.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/configuration_groups.h"
#include "core/error.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

struct ConfigurationGroupView {
  const core::ConfigurationGroupDefinition* group = nullptr;
  // The effective values: stored values over the schema defaults.
  boost::json::object values;
  std::int64_t version = 0;
};

struct ConfigurationValueView {
  boost::json::value value;  // null when the value is neither set nor has a default
  std::int64_t version = 0;
};

struct OpenBankingConsentParameters {
  std::string integration;
  std::vector<std::pair<std::string, std::string>> parameters;  // name, value
};

// The effective values and version of a group inside a transaction (services that obey a
// setting read it with this). kInternal when the stored text is not a JSON object.
core::Result<ConfigurationGroupView> LoadConfigurationGroup(
    ports::Tx& tx, const core::ConfigurationGroupDefinition& group);

class ConfigurationService {
 public:
  ConfigurationService(Ports ports, const Settings& settings)
      : ports_(ports), settings_(settings) {}

  // The groups the caller may read, ordered by name.
  core::Result<std::vector<const core::ConfigurationGroupDefinition*>> ListGroups(
      const ScopedPrincipal& caller);
  // Errors: kGroupNotFound, access errors.
  core::Result<ConfigurationGroupView> GetGroup(const ScopedPrincipal& caller,
                                                std::string_view group_name);
  // Replaces every value (omitted values go back to their defaults). Errors: kGroupNotFound,
  // access errors, kInvalidConfiguration, kPreconditionFailed.
  core::Result<ConfigurationGroupView> ReplaceValues(const ScopedPrincipal& caller,
                                                     std::string_view group_name,
                                                     const boost::json::object& values,
                                                     std::optional<std::int64_t> if_match);
  // Errors: kGroupNotFound, kValueNotFound, access errors.
  core::Result<ConfigurationValueView> GetValue(const ScopedPrincipal& caller,
                                                std::string_view group_name,
                                                std::string_view value_name);
  // Sets one value, keeping the others. Errors: as GetValue and ReplaceValues.
  core::Result<ConfigurationValueView> SetValue(const ScopedPrincipal& caller,
                                                std::string_view group_name,
                                                std::string_view value_name,
                                                const boost::json::value& value,
                                                std::optional<std::int64_t> if_match);

  // The parameters of the consent component of an open banking integration for the calling
  // user. Only "fdx" exists: enabled when the openBanking group has fdxEnabled true and an
  // fdxConsentUrl. Accepted request parameters: returnUrl (an http(s) URL) and locale (a
  // language tag); both are passed on to the component in the widgetUrl.
  // Errors: kForbidden for a caller without a user (a trusted service), access errors,
  // kNoSuchOpenBankingIntegration, kInvalidOpenBankingParameters.
  core::Result<OpenBankingConsentParameters> CreateOpenBankingConsentParameters(
      const ScopedPrincipal& caller, std::string_view integration,
      const std::vector<std::pair<std::string, std::string>>& parameters);

 private:
  core::Result<const core::ConfigurationGroupDefinition*> Readable(const ScopedPrincipal& caller,
                                                                   std::string_view group_name);
  core::Result<const core::ConfigurationGroupDefinition*> Writable(const ScopedPrincipal& caller,
                                                                   std::string_view group_name);

  Ports ports_;
  const Settings& settings_;
};

}  // namespace roster::services
