// A user's constraints (limits): read by the user or an admin, changed only by an admin.
//
// Access (services/apiture_access.h): reading needs RequireRead on the user; replacing and
// patching need an administrator (admin/write or a trusted service), and nobody changes their own
// limits ("A user cannot change their own limits"): kForbidden, even for an administrator.
// checkDeposits.segmentationTier is shown only to administrators (admin/read, admin/write or a
// trusted service); only administrators can write at all, so only they set it.
//
// Writes run in one store transaction that checks If-Match against UserConstraints::version
// read in that transaction and stores version + 1: concurrent updates never lose a write.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/error.h"
#include "services/context.h"
#include "services/principal.h"

namespace roster::services {

struct ConstraintsView {
  boost::json::object constraints;  // every field (core::EffectiveConstraints), as the caller sees
  std::int64_t version = 0;         // 0: never written, the defaults apply (the ETag "v0")
};

class ConstraintService {
 public:
  ConstraintService(Ports ports, const Settings& settings) : ports_(ports), settings_(settings) {}

  // Errors: kUserNotFound, access errors.
  core::Result<ConstraintsView> Get(const ScopedPrincipal& caller, std::string_view user_id);
  // PUT: `body` replaces every constraint (omitted fields go back to their defaults).
  // Errors: access errors, kInvalidInput (detail = the field), kUserNotFound,
  // kPreconditionFailed when `if_match` is not the current version.
  core::Result<ConstraintsView> Replace(const ScopedPrincipal& caller, std::string_view user_id,
                                        const boost::json::object& body,
                                        std::optional<std::int64_t> if_match);
  // PATCH: fields in `body` replace the stored ones, omitted fields stay, null resets a field
  // to its default. Errors as Replace.
  core::Result<ConstraintsView> Patch(const ScopedPrincipal& caller, std::string_view user_id,
                                      const boost::json::object& body,
                                      std::optional<std::int64_t> if_match);

 private:
  core::Result<ConstraintsView> Write(const ScopedPrincipal& caller, std::string_view user_id,
                                      const boost::json::object& body, bool patch,
                                      std::optional<std::int64_t> if_match);

  Ports ports_;
  const Settings& settings_;
};

}  // namespace roster::services
