// Who may do what in the Apiture dialect. Every Apiture service checks its caller with these
// before touching data, so that a refusal never depends on whether the target exists (no
// enumeration).
//
//   read a user's resources    the user with profiles/read, or admin/read (or a trusted service)
//   change a user's resources  the user with profiles/write, or admin/write (or a service)
//   delete a user's items      the user with profiles/delete, or admin/delete (or a service)
//   read PII (tax id, contact data)  additionally profiles/readPii (profiles/full implies it)
//   administrator-only actions admin/write (or a service): create users, freeze, constraints,
//                              configuration, approving contact items
#pragma once

#include <initializer_list>
#include <string_view>

#include "core/error.h"
#include "services/principal.h"

namespace roster::services {

// kInsufficientScope (detail = the scopes, comma-separated) unless the token has one of them.
core::Result<void> RequireScope(const ScopedPrincipal& caller,
                                std::initializer_list<std::string_view> scopes);

// As the table above. kForbidden when the caller is another, non-admin user; kInsufficientScope
// when the caller lacks the scope.
core::Result<void> RequireRead(const ScopedPrincipal& caller, std::string_view user_id);
core::Result<void> RequireWrite(const ScopedPrincipal& caller, std::string_view user_id);
core::Result<void> RequireDelete(const ScopedPrincipal& caller, std::string_view user_id);
core::Result<void> RequireAdmin(const ScopedPrincipal& caller);
// An administrator reading (admin/read or a service): listing and searching users.
core::Result<void> RequireAdminRead(const ScopedPrincipal& caller);

bool IsAdmin(const ScopedPrincipal& caller);  // admin/write or a trusted service
bool MayReadPii(const ScopedPrincipal& caller);

}  // namespace roster::services
