// The Apiture route table: every path of the dialect (the 45 operations of the Users API
// v0.40.1 under /users, plus the supporting OAuth2 and challenge resources under /auth).
#include "api/apiture/routes.h"

#include "api/apiture/handlers.h"

namespace roster::api::apiture {

namespace {

using http::Lane;
using http::Verb;

// clang-format off
constexpr Route kRoutes[] = {
    {Verb::get, "/users", "getApi", Lane::kDatabase, &GetApi},
    {Verb::get, "/users/apiDoc", "getApiDoc", Lane::kDatabase, &GetApiDoc},
    {Verb::get, "/users/labels", "getLabels", Lane::kDatabase, &GetLabels},
    {Verb::get, "/users/users", "getUsers", Lane::kDatabase, &GetUsers},
    {Verb::post, "/users/users", "createUser", Lane::kPasswordHash, &CreateUser},
    {Verb::post, "/users/userSearch", "searchUsers", Lane::kDatabase, &SearchUsers},
    {Verb::post, "/users/userLookup", "lookupUsers", Lane::kDatabase, &LookupUsers},
    {Verb::get, "/users/users/{userId}", "getUser", Lane::kDatabase, &GetUser},
    {Verb::put, "/users/users/{userId}", "updateUser", Lane::kDatabase, &UpdateUser},
    {Verb::patch, "/users/users/{userId}", "patchUser", Lane::kDatabase, &PatchUser},
    {Verb::get, "/users/users/{userId}/constraints", "getUserConstraints", Lane::kDatabase, &GetUserConstraints},
    {Verb::put, "/users/users/{userId}/constraints", "updateUserConstraints", Lane::kDatabase, &UpdateUserConstraints},
    {Verb::patch, "/users/users/{userId}/constraints", "patchUserConstraints", Lane::kDatabase, &PatchUserConstraints},
    {Verb::post, "/users/users/{userId}/trackingIds", "addUserTrackingIds", Lane::kDatabase, &AddUserTrackingIds},
    {Verb::get, "/users/users/{userId}/trackingIds", "getUserTrackingIds", Lane::kDatabase, &GetUserTrackingIds},
    {Verb::post, "/users/removedUsers", "removeUser", Lane::kDatabase, &RemoveUser},
    {Verb::post, "/users/activeUsers", "activateUser", Lane::kDatabase, &ActivateUser},
    {Verb::post, "/users/inactiveUsers", "deactivateUser", Lane::kDatabase, &DeactivateUser},
    {Verb::post, "/users/lockedUsers", "lockUser", Lane::kDatabase, &LockUser},
    {Verb::post, "/users/frozenUsers", "freezeUser", Lane::kDatabase, &FreezeUser},
    {Verb::get, "/users/users/{userId}/addresses", "getAddresses", Lane::kDatabase, &GetAddresses},
    {Verb::post, "/users/users/{userId}/addresses", "createAddress", Lane::kDatabase, &CreateAddress},
    {Verb::get, "/users/users/{userId}/addresses/{addressId}", "getAddress", Lane::kDatabase, &GetAddress},
    {Verb::delete_, "/users/users/{userId}/addresses/{addressId}", "deleteAddress", Lane::kDatabase, &DeleteAddress},
    {Verb::put, "/users/users/{userId}/preferredAddress", "setPreferredAddress", Lane::kDatabase, &SetPreferredAddress},
    {Verb::put, "/users/users/{userId}/taxAddress", "setTaxAddress", Lane::kDatabase, &SetTaxAddress},
    {Verb::get, "/users/users/{userId}/emailAddresses", "getEmailAddresses", Lane::kDatabase, &GetEmailAddresses},
    {Verb::post, "/users/users/{userId}/emailAddresses", "createEmailAddress", Lane::kDatabase, &CreateEmailAddress},
    {Verb::get, "/users/users/{userId}/emailAddresses/{emailAddressId}", "getEmailAddress", Lane::kDatabase, &GetEmailAddress},
    {Verb::delete_, "/users/users/{userId}/emailAddresses/{emailAddressId}", "deleteEmailAddress", Lane::kDatabase, &DeleteEmailAddress},
    {Verb::put, "/users/users/{userId}/preferredEmailAddress", "setPreferredEmailAddress", Lane::kDatabase, &SetPreferredEmailAddress},
    {Verb::get, "/users/users/{userId}/phoneNumbers", "getPhoneNumbers", Lane::kDatabase, &GetPhoneNumbers},
    {Verb::post, "/users/users/{userId}/phoneNumbers", "createPhoneNumber", Lane::kDatabase, &CreatePhoneNumber},
    {Verb::get, "/users/users/{userId}/phoneNumbers/{phoneNumberId}", "getPhoneNumber", Lane::kDatabase, &GetPhoneNumber},
    {Verb::delete_, "/users/users/{userId}/phoneNumbers/{phoneNumberId}", "deletePhoneNumber", Lane::kDatabase, &DeletePhoneNumber},
    {Verb::put, "/users/users/{userId}/preferredPhoneNumber", "setPreferredPhoneNumber", Lane::kDatabase, &SetPreferredPhoneNumber},
    {Verb::post, "/users/users/{userId}/addresses/{addressId}/approval", "approveAddress", Lane::kDatabase, &ApproveAddress},
    {Verb::post, "/users/users/{userId}/emailAddresses/{emailAddressId}/approval", "approveEmailAddress", Lane::kDatabase, &ApproveEmailAddress},
    {Verb::post, "/users/users/{userId}/phoneNumbers/{phoneNumberId}/approval", "approvePhoneNumber", Lane::kDatabase, &ApprovePhoneNumber},
    {Verb::get, "/users/encryptionKeys", "getEncryptionKeys", Lane::kDatabase, &GetEncryptionKeys},
    {Verb::post, "/users/openBankingConsentParameters", "createOpenBankingConsentParameters", Lane::kDatabase, &CreateOpenBankingConsentParameters},
    {Verb::get, "/users/configurations/groups", "getConfigurationGroups", Lane::kDatabase, &GetConfigurationGroups},
    {Verb::get, "/users/configurations/groups/{groupName}", "getConfigurationGroup", Lane::kDatabase, &GetConfigurationGroup},
    {Verb::get, "/users/configurations/groups/{groupName}/schema", "getConfigurationGroupSchema", Lane::kDatabase, &GetConfigurationGroupSchema},
    {Verb::get, "/users/configurations/groups/{groupName}/values", "getConfigurationGroupValues", Lane::kDatabase, &GetConfigurationGroupValues},
    {Verb::put, "/users/configurations/groups/{groupName}/values", "updateConfigurationGroupValues", Lane::kDatabase, &UpdateConfigurationGroupValues},
    {Verb::get, "/users/configurations/groups/{groupName}/values/{valueName}", "getConfigurationGroupValue", Lane::kDatabase, &GetConfigurationGroupValue},
    {Verb::put, "/users/configurations/groups/{groupName}/values/{valueName}", "updateConfigurationGroupValue", Lane::kDatabase, &UpdateConfigurationGroupValue},
    {Verb::post, "/auth/oauth2/token", "createToken", Lane::kPasswordHash, &CreateToken},
    {Verb::get, "/auth/challenges/challenges/{challengeId}", "getChallenge", Lane::kDatabase, &GetChallenge},
    {Verb::get, "/auth/challenges/challenges/{challengeId}/authenticators/{authenticatorId}", "getAuthenticator", Lane::kDatabase, &GetAuthenticator},
    {Verb::post, "/auth/challenges/challenges/{challengeId}/authenticators/{authenticatorId}/started", "startAuthenticator", Lane::kDatabase, &StartAuthenticator},
    {Verb::post, "/auth/challenges/challenges/{challengeId}/authenticators/{authenticatorId}/verified", "verifyAuthenticator", Lane::kDatabase, &VerifyAuthenticator},
    {Verb::post, "/auth/challenges/challenges/{challengeId}/authenticators/{authenticatorId}/retried", "retryAuthenticator", Lane::kDatabase, &RetryAuthenticator},
};
// clang-format on

}  // namespace

std::span<const Route> Routes() { return kRoutes; }

}  // namespace roster::api::apiture
