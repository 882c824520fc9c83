#include "services/apiture_access.h"

#include <string>

namespace roster::services {

using core::ErrorCode;
using core::Fail;
using core::Result;

namespace {

Result<void> SelfOrAdmin(const ScopedPrincipal& caller, std::string_view user_id,
                         std::string_view own_scope, std::string_view admin_scope) {
  if (caller.IsService() || caller.scopes.Has(admin_scope)) return {};
  if (!caller.IsUser(user_id)) {
    // Another user's resource: an administrator scope would be needed.
    if (caller.scopes.Has(own_scope)) return Fail(ErrorCode::kForbidden);
    return Fail(ErrorCode::kInsufficientScope, std::string(admin_scope));
  }
  if (caller.scopes.Has(own_scope)) return {};
  return Fail(ErrorCode::kInsufficientScope,
              std::string(own_scope) + "," + std::string(admin_scope));
}

}  // namespace

Result<void> RequireScope(const ScopedPrincipal& caller,
                          std::initializer_list<std::string_view> scopes) {
  if (caller.scopes.HasAny(scopes)) return {};
  std::string names;
  for (std::string_view scope : scopes) {
    if (!names.empty()) names += ',';
    names += scope;
  }
  return Fail(ErrorCode::kInsufficientScope, names);
}

Result<void> RequireRead(const ScopedPrincipal& caller, std::string_view user_id) {
  return SelfOrAdmin(caller, user_id, core::kProfilesRead, core::kAdminRead);
}

Result<void> RequireWrite(const ScopedPrincipal& caller, std::string_view user_id) {
  return SelfOrAdmin(caller, user_id, core::kProfilesWrite, core::kAdminWrite);
}

Result<void> RequireDelete(const ScopedPrincipal& caller, std::string_view user_id) {
  return SelfOrAdmin(caller, user_id, core::kProfilesDelete, core::kAdminDelete);
}

Result<void> RequireAdmin(const ScopedPrincipal& caller) {
  if (IsAdmin(caller)) return {};
  if (caller.scopes.HasAny({core::kProfilesRead, core::kProfilesWrite})) {
    return Fail(ErrorCode::kForbidden);
  }
  return Fail(ErrorCode::kInsufficientScope, std::string(core::kAdminWrite));
}

Result<void> RequireAdminRead(const ScopedPrincipal& caller) {
  if (caller.IsService() || caller.scopes.Has(core::kAdminRead)) return {};
  if (caller.scopes.HasAny({core::kProfilesRead, core::kProfilesWrite})) {
    return Fail(ErrorCode::kForbidden);
  }
  return Fail(ErrorCode::kInsufficientScope, std::string(core::kAdminRead));
}

bool IsAdmin(const ScopedPrincipal& caller) {
  return caller.IsService() || caller.scopes.Has(core::kAdminWrite);
}

bool MayReadPii(const ScopedPrincipal& caller) {
  return caller.IsService() || caller.scopes.Has(core::kProfilesReadPii);
}

}  // namespace roster::services
