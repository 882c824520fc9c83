// Every Apiture handler, one per operation (operationId in PascalCase), grouped by resource in
// the directory named in the comment. routes.cpp maps paths to them.
#pragma once

#include "api/apiture/call.h"

namespace roster::api::apiture {

// root/
core::Result<Reply> GetApi(Call& call);
core::Result<Reply> GetApiDoc(Call& call);

// labels/
core::Result<Reply> GetLabels(Call& call);

// users/
core::Result<Reply> GetUsers(Call& call);
core::Result<Reply> CreateUser(Call& call);
core::Result<Reply> SearchUsers(Call& call);
core::Result<Reply> LookupUsers(Call& call);
core::Result<Reply> GetUser(Call& call);
core::Result<Reply> UpdateUser(Call& call);
core::Result<Reply> PatchUser(Call& call);
core::Result<Reply> RemoveUser(Call& call);
core::Result<Reply> ActivateUser(Call& call);
core::Result<Reply> DeactivateUser(Call& call);
core::Result<Reply> LockUser(Call& call);
core::Result<Reply> FreezeUser(Call& call);

// constraints/
core::Result<Reply> GetUserConstraints(Call& call);
core::Result<Reply> UpdateUserConstraints(Call& call);
core::Result<Reply> PatchUserConstraints(Call& call);

// tracking/
core::Result<Reply> AddUserTrackingIds(Call& call);
core::Result<Reply> GetUserTrackingIds(Call& call);

// contacts/
core::Result<Reply> GetAddresses(Call& call);
core::Result<Reply> CreateAddress(Call& call);
core::Result<Reply> GetAddress(Call& call);
core::Result<Reply> DeleteAddress(Call& call);
core::Result<Reply> SetPreferredAddress(Call& call);
core::Result<Reply> SetTaxAddress(Call& call);
core::Result<Reply> GetEmailAddresses(Call& call);
core::Result<Reply> CreateEmailAddress(Call& call);
core::Result<Reply> GetEmailAddress(Call& call);
core::Result<Reply> DeleteEmailAddress(Call& call);
core::Result<Reply> SetPreferredEmailAddress(Call& call);
core::Result<Reply> GetPhoneNumbers(Call& call);
core::Result<Reply> CreatePhoneNumber(Call& call);
core::Result<Reply> GetPhoneNumber(Call& call);
core::Result<Reply> DeletePhoneNumber(Call& call);
core::Result<Reply> SetPreferredPhoneNumber(Call& call);
// The bank's approval of a pending item (administrators; not in the source, see
// docs/dialects.md, "Apiture contact items").
core::Result<Reply> ApproveAddress(Call& call);
core::Result<Reply> ApproveEmailAddress(Call& call);
core::Result<Reply> ApprovePhoneNumber(Call& call);

// challenges/ (the MFA challenge resources under /auth/challenges, docs/dialects.md, "Apiture
// contact items")
core::Result<Reply> GetChallenge(Call& call);
core::Result<Reply> GetAuthenticator(Call& call);
core::Result<Reply> StartAuthenticator(Call& call);
core::Result<Reply> VerifyAuthenticator(Call& call);
core::Result<Reply> RetryAuthenticator(Call& call);

// encryption/
core::Result<Reply> GetEncryptionKeys(Call& call);

// configuration/
core::Result<Reply> CreateOpenBankingConsentParameters(Call& call);
core::Result<Reply> GetConfigurationGroups(Call& call);
core::Result<Reply> GetConfigurationGroup(Call& call);
core::Result<Reply> GetConfigurationGroupSchema(Call& call);
core::Result<Reply> GetConfigurationGroupValues(Call& call);
core::Result<Reply> UpdateConfigurationGroupValues(Call& call);
core::Result<Reply> GetConfigurationGroupValue(Call& call);
core::Result<Reply> UpdateConfigurationGroupValue(Call& call);

// auth/
core::Result<Reply> CreateToken(Call& call);

}  // namespace roster::api::apiture
