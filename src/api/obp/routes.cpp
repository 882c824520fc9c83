// The OBP route table: every OBP path Roster serves, with the version that implements it
// (obp-reference-behaviour.md Appendix A) and the lane it runs on.
#include "api/obp/handlers.h"
#include "api/obp/routes.h"

namespace roster::api::obp {

namespace {

using http::Lane;
using Verb = http::Verb;

constexpr Lane kDb = Lane::kDatabase;
constexpr Lane kHash = Lane::kPasswordHash;

const Route kRoutes[] = {
    // Unversioned.
    {Verb::post, "/my/logins/direct", "", "directLogin", kHash, DirectLogin},
    {Verb::get, "/user_mgt/validate_user/SECRET", "", "validateUser", kDb, ValidateUser},

    // Users.
    {Verb::post, "/users", "v2.0.0", "createUser", kHash, CreateUser},
    {Verb::get, "/users", "v4.0.0", "getUsers", kDb, GetUsers},
    {Verb::get, "/users/current", "v3.0.0", "getCurrentUser", kDb, GetCurrentUser},
    {Verb::get, "/users/current/user_id", "v4.0.0", "getCurrentUserId", kDb, GetCurrentUserId},
    {Verb::get, "/users/user_id/USER_ID", "v4.0.0", "getUserByUserId", kDb, GetUserByUserId},
    {Verb::get, "/users/username/USERNAME", "v4.0.0", "getUserByUsername", kDb,
     GetUserByUsername},
    {Verb::get, "/users/email/EMAIL/terminator", "v4.0.0", "getUsersByEmail", kDb,
     GetUsersByEmail},
    {Verb::delete_, "/users/USER_ID", "v4.0.0", "deleteUser", kDb, DeleteUser},

    // Locks.
    {Verb::get, "/users/USERNAME/lock-status", "v3.1.0", "getBadLoginStatus", kDb,
     GetBadLoginStatus},
    {Verb::put, "/users/USERNAME/lock-status", "v3.1.0", "unlockUser", kDb, UnlockUser},
    {Verb::post, "/users/USERNAME/locks", "v4.0.0", "lockUser", kDb, LockUser},

    // Entitlements and roles.
    {Verb::post, "/users/USER_ID/entitlements", "v2.0.0", "addEntitlement", kDb, AddEntitlement},
    {Verb::delete_, "/users/USER_ID/entitlement/ENTITLEMENT_ID", "v2.0.0", "deleteEntitlement",
     kDb, DeleteEntitlement},
    {Verb::get, "/users/USER_ID/entitlements", "v4.0.0", "getEntitlements", kDb,
     GetEntitlements},
    {Verb::get, "/banks/BANK_ID/users/USER_ID/entitlements", "v2.1.0",
     "getEntitlementsByBankAndUser", kDb, GetEntitlementsByBankAndUser},
    {Verb::get, "/banks/BANK_ID/entitlements", "v4.0.0", "getEntitlementsForBank", kDb,
     GetEntitlementsForBank},
    {Verb::get, "/my/entitlements", "v3.0.0", "getEntitlementsForCurrentUser", kDb,
     GetEntitlementsForCurrentUser},
    {Verb::get, "/roles", "v2.1.0", "getRoles", kDb, GetRoles},

    // Banks (the registry BANK_ID refers to).
    {Verb::post, "/banks", "v5.0.0", "createBank", kDb, CreateBank},
    {Verb::get, "/banks", "v4.0.0", "getBanks", kDb, GetBanks},
};

}  // namespace

std::span<const Route> Routes() { return kRoutes; }

}  // namespace roster::api::obp
