#include "core/scopes.h"

#include <array>

namespace roster::core {

namespace {

constexpr std::array<std::string_view, 9> kKnown = {
    kProfilesRead, kProfilesWrite, kProfilesDelete, kProfilesReadPii, kProfilesFull,
    kAdminRead,    kAdminWrite,    kAdminDelete,    kAdminFull};

}  // namespace

ScopeSet ScopeSet::Parse(std::string_view text) {
  ScopeSet set;
  while (!text.empty()) {
    std::size_t start = text.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    text.remove_prefix(start);
    std::size_t end = text.find(' ');
    set.Add(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end);
  }
  return set;
}

bool ScopeSet::Has(std::string_view scope) const {
  if (scopes_.contains(scope)) return true;
  if (scope.starts_with("profiles/")) return scopes_.contains(kProfilesFull);
  if (scope.starts_with("admin/")) return scopes_.contains(kAdminFull);
  return false;
}

bool ScopeSet::HasAny(std::initializer_list<std::string_view> scopes) const {
  for (std::string_view scope : scopes) {
    if (Has(scope)) return true;
  }
  return false;
}

std::string ScopeSet::ToString() const {
  std::string out;
  for (const std::string& scope : scopes_) {
    if (!out.empty()) out += ' ';
    out += scope;
  }
  return out;
}

bool IsKnownScope(std::string_view scope) {
  for (std::string_view known : kKnown) {
    if (known == scope) return true;
  }
  return false;
}

}  // namespace roster::core
