// One function per OBP endpoint (grouped by resource under api/obp/), listed in routes.cpp.
#pragma once

#include "api/obp/call.h"

namespace roster::api::obp {

core::Result<Reply> DirectLogin(Call& call);
core::Result<Reply> ValidateUser(Call& call);
core::Result<Reply> CreateUser(Call& call);
core::Result<Reply> GetCurrentUser(Call& call);
core::Result<Reply> GetCurrentUserId(Call& call);
core::Result<Reply> GetUsers(Call& call);
core::Result<Reply> GetUserByUserId(Call& call);
core::Result<Reply> GetUserByUsername(Call& call);
core::Result<Reply> GetUsersByEmail(Call& call);
core::Result<Reply> DeleteUser(Call& call);
core::Result<Reply> GetBadLoginStatus(Call& call);
core::Result<Reply> UnlockUser(Call& call);
core::Result<Reply> LockUser(Call& call);
core::Result<Reply> AddEntitlement(Call& call);
core::Result<Reply> DeleteEntitlement(Call& call);
core::Result<Reply> GetEntitlements(Call& call);
core::Result<Reply> GetEntitlementsByBankAndUser(Call& call);
core::Result<Reply> GetEntitlementsForBank(Call& call);
core::Result<Reply> GetEntitlementsForCurrentUser(Call& call);
core::Result<Reply> GetRoles(Call& call);
core::Result<Reply> CreateBank(Call& call);
core::Result<Reply> GetBanks(Call& call);

}  // namespace roster::api::obp
