// OBP customer codecs. The shapes are reconstructed from OBP-API's JSON factories (the source
// documents name the models only):
//
//   CustomerJsonV310 (createCustomer v5.0.0 answer): bank_id, customer_id, customer_number,
//     legal_name, mobile_phone_number, email, face_image{url, date}, date_of_birth,
//     relationship_status, dependants, dob_of_dependants[], credit_rating{rating, source},
//     credit_limit{currency, amount}, highest_education_attained, employment_status, kyc_status,
//     last_ok_date, title, branch_id, name_suffix. Dates are "yyyy-MM-ddTHH:mm:ssZ".
//   CustomerJsonV300: the same fields, but date_of_birth and dob_of_dependants are "yyyy-MM-dd".
//   CustomerJsonV210: the V310 fields without title, branch_id and name_suffix.
//   CustomerWithAttributesJsonV300: V300 plus customer_attributes (always [] in Roster, which
//     has no customer attributes).
//
// Fields the customer was created without: strings "", dependants 0, dob_of_dependants [],
// kyc_status false, face_image {"url":""}; dates, credit_rating and credit_limit are omitted
// (lift-json omits None).
#pragma once

#include <boost/json.hpp>
#include <vector>

#include "core/error.h"
#include "core/model.h"

namespace roster::api::obp {

// PostCustomerJsonV500: legal_name and mobile_phone_number are required strings; every other
// field is optional (null = absent). Dates are "yyyy-MM-ddTHH:mm:ssZ" (also accepted:
// "yyyy-MM-dd"). kInvalidJson for a missing or mistyped field, and (with the reference's public
// detail) when dependants differs from the length of dob_of_dependants. The fields beyond the
// Customer columns are kept, normalised, in details_json.
core::Result<core::Customer> DecodePostCustomerV500(const boost::json::object& body);

boost::json::object CustomerJsonV310(const core::Customer& customer);
boost::json::object CustomerJsonV300(const core::Customer& customer);
boost::json::object CustomerJsonV210(const core::Customer& customer);
boost::json::object CustomerWithAttributesJsonV300(const core::Customer& customer);

// {"customers":[encode(customer)...]}
boost::json::object CustomersJson(const std::vector<core::Customer>& customers,
                                  boost::json::object (*encode)(const core::Customer&));
// CustomersMinimalJsonV400: {"customers":[{bank_id, customer_id}]}
boost::json::object CustomersMinimalJson(const std::vector<core::Customer>& customers);

// UserCustomerLinkJson: {user_customer_link_id, customer_id, user_id, date_inserted, is_active}
boost::json::object UserCustomerLinkJson(const core::UserCustomerLink& link);

}  // namespace roster::api::obp
