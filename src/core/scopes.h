// OAuth2 scopes of the Apiture dialect and what each implies.
#pragma once

#include <initializer_list>
#include <set>
#include <string>
#include <string_view>

namespace roster::core {

// The nine documented scopes.
inline constexpr std::string_view kProfilesRead = "profiles/read";
inline constexpr std::string_view kProfilesWrite = "profiles/write";
inline constexpr std::string_view kProfilesDelete = "profiles/delete";
inline constexpr std::string_view kProfilesReadPii = "profiles/readPii";
inline constexpr std::string_view kProfilesFull = "profiles/full";
inline constexpr std::string_view kAdminRead = "admin/read";
inline constexpr std::string_view kAdminWrite = "admin/write";
inline constexpr std::string_view kAdminDelete = "admin/delete";
inline constexpr std::string_view kAdminFull = "admin/full";

// A set of granted scopes. `profiles/full` implies every `profiles/...` scope (readPii
// included, as documented); `admin/full` implies every `admin/...` scope.
class ScopeSet {
 public:
  ScopeSet() = default;
  // From a space-separated list; unknown words are kept but imply nothing.
  static ScopeSet Parse(std::string_view text);

  bool Has(std::string_view scope) const;
  bool HasAny(std::initializer_list<std::string_view> scopes) const;
  void Add(std::string_view scope) { scopes_.emplace(scope); }
  bool empty() const { return scopes_.empty(); }
  const std::set<std::string, std::less<>>& scopes() const { return scopes_; }
  // Space-separated, sorted.
  std::string ToString() const;

 private:
  std::set<std::string, std::less<>> scopes_;
};

// True for the nine documented scope names.
bool IsKnownScope(std::string_view scope);

}  // namespace roster::core
