// The OBP route table: every OBP path Roster serves, with the version that implements it
// (obp-reference-behaviour.md Appendix A) and the lane it runs on.
#include "api/obp/routes.h"

#include "api/obp/handlers.h"

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
    {Verb::get, "/users/username/USERNAME", "v4.0.0", "getUserByUsername", kDb, GetUserByUsername},
    {Verb::get, "/users/email/EMAIL/terminator", "v4.0.0", "getUsersByEmail", kDb, GetUsersByEmail},
    {Verb::delete_, "/users/USER_ID", "v4.0.0", "deleteUser", kDb, DeleteUser},

    // Locks.
    {Verb::get, "/users/USERNAME/lock-status", "v3.1.0", "getBadLoginStatus", kDb,
     GetBadLoginStatus},
    {Verb::put, "/users/USERNAME/lock-status", "v3.1.0", "unlockUser", kDb, UnlockUser},
    {Verb::post, "/users/USERNAME/locks", "v4.0.0", "lockUser", kDb, LockUser},

    // Entitlements and roles.
    {Verb::post, "/users/USER_ID/entitlements", "v2.0.0", "addEntitlement", kDb, AddEntitlement},
    {Verb::delete_, "/users/USER_ID/entitlement/ENTITLEMENT_ID", "v2.0.0", "deleteEntitlement", kDb,
     DeleteEntitlement},
    {Verb::get, "/users/USER_ID/entitlements", "v4.0.0", "getEntitlements", kDb, GetEntitlements},
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

    // User attributes, auth contexts and SCA-confirmed auth-context updates.
    {Verb::post, "/my/user/attributes", "v4.0.0", "createMyPersonalUserAttribute", kDb,
     CreateMyPersonalUserAttribute},
    {Verb::get, "/my/user/attributes", "v4.0.0", "getMyPersonalUserAttributes", kDb,
     GetMyPersonalUserAttributes},
    {Verb::put, "/my/user/attributes/USER_ATTRIBUTE_ID", "v4.0.0", "updateMyPersonalUserAttribute",
     kDb, UpdateMyPersonalUserAttribute},
    {Verb::get, "/users/USER_ID/attributes", "v4.0.0", "getUserWithAttributes", kDb,
     GetUserWithAttributes},
    {Verb::post, "/users/USER_ID/auth-context", "v3.1.0", "createUserAuthContext", kDb,
     CreateUserAuthContext},
    {Verb::post, "/users/USER_ID/auth-context", "v5.0.0", "createUserAuthContext", kDb,
     CreateUserAuthContext},
    {Verb::get, "/users/USER_ID/auth-context", "v3.1.0", "getUserAuthContexts", kDb,
     GetUserAuthContexts},
    {Verb::get, "/users/USER_ID/auth-context", "v5.0.0", "getUserAuthContexts", kDb,
     GetUserAuthContexts},
    {Verb::delete_, "/users/USER_ID/auth-context/USER_AUTH_CONTEXT_ID", "v3.1.0",
     "deleteUserAuthContextById", kDb, DeleteUserAuthContextById},
    {Verb::delete_, "/users/USER_ID/auth-context", "v3.1.0", "deleteUserAuthContexts", kDb,
     DeleteUserAuthContexts},
    {Verb::post, "/banks/BANK_ID/users/current/auth-context-updates/SCA_METHOD", "v3.1.0",
     "createUserAuthContextUpdateRequest", kDb, CreateUserAuthContextUpdateRequest},
    {Verb::post, "/banks/BANK_ID/users/current/auth-context-updates/SCA_METHOD", "v5.0.0",
     "createUserAuthContextUpdateRequest", kDb, CreateUserAuthContextUpdateRequest},
    {Verb::post,
     "/banks/BANK_ID/users/current/auth-context-updates/AUTH_CONTEXT_UPDATE_ID/challenge", "v3.1.0",
     "answerUserAuthContextUpdateChallenge", kDb, AnswerUserAuthContextUpdateChallenge},
    {Verb::post,
     "/banks/BANK_ID/users/current/auth-context-updates/AUTH_CONTEXT_UPDATE_ID/challenge", "v5.0.0",
     "answerUserAuthContextUpdateChallenge", kDb, AnswerUserAuthContextUpdateChallenge},

    // Accounts, views and account access.
    {Verb::put, "/banks/BANK_ID/accounts/ACCOUNT_ID", "v5.0.0", "createAccount", kDb,
     CreateAccount},
    {Verb::get, "/banks/BANK_ID/accounts/ACCOUNT_ID/permissions", "v2.0.0",
     "getPermissionsForBankAccount", kDb, GetPermissionsForBankAccount},
    {Verb::get, "/banks/BANK_ID/accounts/ACCOUNT_ID/permissions/PROVIDER/PROVIDER_ID", "v3.0.0",
     "getPermissionForUserForBankAccount", kDb, GetPermissionForUserForBankAccount},
    {Verb::post, "/banks/BANK_ID/accounts/ACCOUNT_ID/account-access/grant", "v4.0.0",
     "grantUserAccessToView", kDb, GrantUserAccessToView},
    {Verb::post, "/banks/BANK_ID/accounts/ACCOUNT_ID/account-access/revoke", "v4.0.0",
     "revokeUserAccessToView", kDb, RevokeUserAccessToView},
    {Verb::put, "/banks/BANK_ID/accounts/ACCOUNT_ID/account-access", "v4.0.0",
     "revokeGrantUserAccessToViews", kDb, RevokeGrantUserAccessToViews},
    {Verb::post, "/banks/BANK_ID/accounts/ACCOUNT_ID/user-account-access", "v4.0.0",
     "createUserWithAccountAccess", kDb, CreateUserWithAccountAccess},
    {Verb::post, "/users/USER_ID/refresh", "v3.1.0", "refreshUser", kDb, RefreshUser},

    // Entitlement requests, customers, DAuth users, password reset and the rest.
    {Verb::post, "/entitlement-requests", "v3.0.0", "addEntitlementRequest", kDb,
     AddEntitlementRequest},
    {Verb::get, "/entitlement-requests", "v3.0.0", "getAllEntitlementRequests", kDb,
     GetAllEntitlementRequests},
    {Verb::get, "/users/USER_ID/entitlement-requests", "v3.0.0", "getEntitlementRequests", kDb,
     GetEntitlementRequests},
    {Verb::get, "/my/entitlement-requests", "v3.0.0", "getEntitlementRequestsForCurrentUser", kDb,
     GetEntitlementRequestsForCurrentUser},
    {Verb::delete_, "/entitlement-requests/ENTITLEMENT_REQUEST_ID", "v3.0.0",
     "deleteEntitlementRequest", kDb, DeleteEntitlementRequest},
    {Verb::post, "/banks/BANK_ID/customers", "v5.0.0", "createCustomer", kDb, CreateCustomer},
    {Verb::post, "/banks/BANK_ID/user_customer_links", "v4.0.0", "createUserCustomerLinks", kDb,
     CreateUserCustomerLinks},
    {Verb::get, "/users/current/customers", "v3.0.0", "getCustomersForUser", kDb,
     GetCustomersForUser},
    {Verb::get, "/my/customers", "v5.0.0", "getMyCustomersAtAnyBank", kDb, GetMyCustomersAtAnyBank},
    {Verb::get, "/customers", "v4.0.0", "getCustomersAtAnyBank", kDb, GetCustomersAtAnyBank},
    {Verb::get, "/customers-minimal", "v4.0.0", "getCustomersMinimalAtAnyBank", kDb,
     GetCustomersMinimalAtAnyBank},
    {Verb::get, "/banks/BANK_ID/customers", "v5.0.0", "getCustomersAtOneBank", kDb,
     GetCustomersAtOneBank},
    {Verb::get, "/banks/BANK_ID/customers-minimal", "v5.0.0", "getCustomersMinimalAtOneBank", kDb,
     GetCustomersMinimalAtOneBank},
    {Verb::post, "/user-entitlements", "v4.0.0", "createUserWithRoles", kDb, CreateUserWithRoles},
    {Verb::post, "/management/user/reset-password-url", "v4.0.0", "resetPasswordUrl", kDb,
     ResetPasswordUrl},
    {Verb::post, "/user_mgt/reset_password/SECRET", "", "resetPassword", kHash, ResetPassword},
    {Verb::get, "/users/current/logout-link", "v4.0.0", "getLogoutLink", kDb, GetLogoutLink},
    {Verb::get, "/my/spaces", "v4.0.0", "getMySpaces", kDb, GetMySpaces},
    {Verb::delete_, "/my/logins/direct", "", "revokeDirectLoginToken", kDb, RevokeDirectLoginToken},

    // Resource docs.
    {Verb::get, "/resource-docs/API_VERSION/obp", "v1.4.0", "getResourceDocsObp", kDb,
     GetResourceDocsObp},
    {Verb::get, "/resource-docs/API_VERSION/swagger", "v1.4.0", "getResourceDocsSwagger", kDb,
     GetResourceDocsSwagger},
};

}  // namespace

std::span<const Route> Routes() { return kRoutes; }

}  // namespace roster::api::obp
