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

// User attributes, auth contexts and SCA-confirmed auth-context updates.
core::Result<Reply> CreateMyPersonalUserAttribute(Call& call);
core::Result<Reply> GetMyPersonalUserAttributes(Call& call);
core::Result<Reply> UpdateMyPersonalUserAttribute(Call& call);
core::Result<Reply> GetUserWithAttributes(Call& call);
core::Result<Reply> CreateUserAuthContext(Call& call);
core::Result<Reply> GetUserAuthContexts(Call& call);
core::Result<Reply> DeleteUserAuthContextById(Call& call);
core::Result<Reply> DeleteUserAuthContexts(Call& call);
core::Result<Reply> CreateUserAuthContextUpdateRequest(Call& call);
core::Result<Reply> AnswerUserAuthContextUpdateChallenge(Call& call);

// Accounts, views and account access.
core::Result<Reply> CreateAccount(Call& call);
core::Result<Reply> GetPermissionsForBankAccount(Call& call);
core::Result<Reply> GetPermissionForUserForBankAccount(Call& call);
core::Result<Reply> GrantUserAccessToView(Call& call);
core::Result<Reply> RevokeUserAccessToView(Call& call);
core::Result<Reply> RevokeGrantUserAccessToViews(Call& call);
core::Result<Reply> CreateUserWithAccountAccess(Call& call);
core::Result<Reply> RefreshUser(Call& call);

// Entitlement requests, customers, DAuth users, password reset and the rest.
core::Result<Reply> AddEntitlementRequest(Call& call);
core::Result<Reply> GetAllEntitlementRequests(Call& call);
core::Result<Reply> GetEntitlementRequests(Call& call);
core::Result<Reply> GetEntitlementRequestsForCurrentUser(Call& call);
core::Result<Reply> DeleteEntitlementRequest(Call& call);
core::Result<Reply> CreateCustomer(Call& call);
core::Result<Reply> CreateUserCustomerLinks(Call& call);
core::Result<Reply> GetCustomersForUser(Call& call);
core::Result<Reply> GetMyCustomersAtAnyBank(Call& call);
core::Result<Reply> GetCustomersAtAnyBank(Call& call);
core::Result<Reply> GetCustomersMinimalAtAnyBank(Call& call);
core::Result<Reply> GetCustomersAtOneBank(Call& call);
core::Result<Reply> GetCustomersMinimalAtOneBank(Call& call);
core::Result<Reply> CreateUserWithRoles(Call& call);
core::Result<Reply> ResetPasswordUrl(Call& call);
core::Result<Reply> ResetPassword(Call& call);
core::Result<Reply> GetLogoutLink(Call& call);
core::Result<Reply> GetMySpaces(Call& call);
core::Result<Reply> RevokeDirectLoginToken(Call& call);

// Resource docs.
core::Result<Reply> GetResourceDocsObp(Call& call);
core::Result<Reply> GetResourceDocsSwagger(Call& call);

}  // namespace roster::api::obp
