// Role checks: the one place that decides whether a principal holds a role.
#pragma once

#include <initializer_list>
#include <string_view>

#include "core/error.h"
#include "ports/store.h"
#include "services/principal.h"

namespace roster::services {

// Passes when the caller holds ANY of `roles`. Bank-scoped roles are looked up at `bank_id`,
// system roles at "". On failure: kMissingRole with detail "CanA or CanB" plus
// " for BankId(<id>)." when a bank-scoped role was asked for.
core::Result<void> RequireAnyRole(ports::Tx& tx, const Principal& caller,
                                  std::initializer_list<std::string_view> roles,
                                  std::string_view bank_id = {});

}  // namespace roster::services
