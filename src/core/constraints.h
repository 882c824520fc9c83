// A user's constraints (Apiture `constraints`, reconstructed from the source's examples; the
// schema itself is cut off): limits and other values the financial institution sets for a user.
//
//   {"transfers": {"singleCreditLimit", "singleDebitLimit", "dailyCreditLimit",
//                  "dailyDebitLimit"},                         money strings "20000.00"
//    "checkDeposits": {"enabled": bool, "monthlyTotalAmountLimit": money string,
//                      "monthlyTotalChecksLimit": integer >= 0,
//                      "segmentationTier": a key of the checkDepositSegmentationTier labels}}
//
// What is stored is only what an administrator set; every other field shows its default.
#pragma once

#include <boost/json.hpp>
#include <string_view>

#include "core/error.h"

namespace roster::core {

// True for "0.00", "12.50", "20000.00": ^(0|[1-9][0-9]*)\.[0-9][0-9]$ (at most 15 integer
// digits).
bool IsMoneyAmount(std::string_view text);

// Every field with its default value.
boost::json::object DefaultConstraints();

// Checks a PUT or PATCH body and returns its constraint fields (HAL members _profile, _links,
// _error and _embedded are dropped). kInvalidInput (detail = the field,
// "transfers.dailyDebitLimit") for an unknown field or a value of the wrong form. With `patch`,
// null is allowed for a field and means "back to the default".
Result<boost::json::object> ParseConstraints(const boost::json::object& body, bool patch);

// A PATCH over the stored constraints: fields in `patch` replace stored ones, null removes them.
boost::json::object MergeConstraints(boost::json::object stored, const boost::json::object& patch);

// The stored constraints over the defaults: every field present.
boost::json::object EffectiveConstraints(const boost::json::object& stored);

}  // namespace roster::core
