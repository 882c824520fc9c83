#include "api/obp/versions.h"

#include <algorithm>
#include <array>

namespace roster::api::obp {

namespace {

// OBPAPI5_1_0 drops these older forms in favour of ones with a PROVIDER or VIEW_ID segment
// (obp-reference-behaviour.md §1.9).
constexpr std::array<std::string_view, 8> kExcludedFrom510 = {"getUserByUsername",
                                                              "getBadLoginStatus",
                                                              "unlockUser",
                                                              "lockUser",
                                                              "createUserWithAccountAccess",
                                                              "grantUserAccessToView",
                                                              "revokeUserAccessToView",
                                                              "revokeGrantUserAccessToViews"};

constexpr std::array<ObpVersion, 11> kVersions = {{
    {"v1.2.1", {}},
    {"v1.3.0", {}},
    {"v1.4.0", {}},
    {"v2.0.0", {}},
    {"v2.1.0", {}},
    {"v2.2.0", {}},
    {"v3.0.0", {}},
    {"v3.1.0", {}},
    {"v4.0.0", {}},
    {"v5.0.0", {}},
    {"v5.1.0", kExcludedFrom510},
}};

}  // namespace

std::span<const ObpVersion> AllVersions() { return kVersions; }

std::optional<std::size_t> VersionIndex(std::string_view name) {
  for (std::size_t i = 0; i < kVersions.size(); ++i) {
    if (kVersions[i].name == name) return i;
  }
  return std::nullopt;
}

bool Serves(std::string_view requested, std::string_view implemented_in,
            std::string_view function) {
  auto want = VersionIndex(requested);
  auto since = VersionIndex(implemented_in);
  return want && since && Serves(*want, *since, function);
}

bool Serves(std::size_t requested, std::size_t implemented_in, std::string_view function) {
  if (requested >= kVersions.size() || requested < implemented_in) return false;
  const auto& excluded = kVersions[requested].excluded;
  return std::find(excluded.begin(), excluded.end(), function) == excluded.end();
}

}  // namespace roster::api::obp
