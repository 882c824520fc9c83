// The one OBP version table: which prefixes exist and what each one leaves out.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace roster::api::obp {

struct ObpVersion {
  std::string_view name;                       // "v5.0.0"
  std::span<const std::string_view> excluded;  // function names not served at this prefix
};

// Oldest first.
std::span<const ObpVersion> AllVersions();
// Index into AllVersions(), or nullopt for an unknown version.
std::optional<std::size_t> VersionIndex(std::string_view name);
// True when a function implemented in `implemented_in` is served under the prefix `requested`:
// the prefix is not older and does not exclude the function.
bool Serves(std::string_view requested, std::string_view implemented_in, std::string_view function);
// The same by version indexes, for callers that resolved the names once.
bool Serves(std::size_t requested, std::size_t implemented_in, std::string_view function);

}  // namespace roster::api::obp
