#include "core/views.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace roster::core {
namespace {

constexpr auto kAllViewIds =
    std::to_array<std::string_view>({"owner", "accountant", "auditor", "standard"});

// The owner manages every system view; the other views manage none (obp-catalogue.md §11:
// "the user needs to have access to the owner view").
constexpr std::array<SystemView, 4> kViews{{
    {.id = "owner",
     .short_name = "Owner View",
     .description = "This view is for the owner of the account.",
     .can_see_views_with_permissions_for_all_users = true,
     .can_see_views_with_permissions_for_one_user = true,
     .can_grant_access_to_views = kAllViewIds,
     .can_revoke_access_to_views = kAllViewIds,
     .data = SystemView::Data::kAll},
    {.id = "accountant",
     .short_name = "Accountant View",
     .description = "This view is for the accountant of the account.",
     .data = SystemView::Data::kSeeAll},
    {.id = "auditor",
     .short_name = "Auditor View",
     .description = "This view is for the auditor of the account.",
     .data = SystemView::Data::kSeeAll},
    {.id = "standard",
     .short_name = "Standard View",
     .description = "This view is for the standard access to the account.",
     .data = SystemView::Data::kSeeBasic},
}};

constexpr auto kDataPermissions = std::to_array<std::string_view>({
    "can_add_comment",
    "can_add_corporate_location",
    "can_add_image",
    "can_add_image_url",
    "can_add_more_info",
    "can_add_open_corporates_url",
    "can_add_physical_location",
    "can_add_private_alias",
    "can_add_public_alias",
    "can_add_tag",
    "can_add_url",
    "can_add_where_tag",
    "can_delete_comment",
    "can_add_counterparty",
    "can_delete_corporate_location",
    "can_delete_image",
    "can_delete_physical_location",
    "can_delete_tag",
    "can_delete_where_tag",
    "can_edit_owner_comment",
    "can_see_bank_account_balance",
    "can_query_available_funds",
    "can_see_bank_account_bank_name",
    "can_see_bank_account_currency",
    "can_see_bank_account_iban",
    "can_see_bank_account_label",
    "can_see_bank_account_national_identifier",
    "can_see_bank_account_number",
    "can_see_bank_account_owners",
    "can_see_bank_account_swift_bic",
    "can_see_bank_account_type",
    "can_see_comments",
    "can_see_corporate_location",
    "can_see_image_url",
    "can_see_images",
    "can_see_more_info",
    "can_see_open_corporates_url",
    "can_see_other_account_bank_name",
    "can_see_other_account_iban",
    "can_see_other_account_kind",
    "can_see_other_account_metadata",
    "can_see_other_account_national_identifier",
    "can_see_other_account_number",
    "can_see_other_account_swift_bic",
    "can_see_owner_comment",
    "can_see_physical_location",
    "can_see_private_alias",
    "can_see_public_alias",
    "can_see_tags",
    "can_see_transaction_amount",
    "can_see_transaction_balance",
    "can_see_transaction_currency",
    "can_see_transaction_description",
    "can_see_transaction_finish_date",
    "can_see_transaction_metadata",
    "can_see_transaction_other_bank_account",
    "can_see_transaction_start_date",
    "can_see_transaction_this_bank_account",
    "can_see_transaction_type",
    "can_see_url",
    "can_see_where_tag",
    "can_see_bank_routing_scheme",
    "can_see_bank_routing_address",
    "can_see_bank_account_routing_scheme",
    "can_see_bank_account_routing_address",
    "can_see_other_bank_routing_scheme",
    "can_see_other_bank_routing_address",
    "can_see_other_account_routing_scheme",
    "can_see_other_account_routing_address",
    "can_add_transaction_request_to_own_account",
    "can_add_transaction_request_to_any_account",
    "can_see_bank_account_credit_limit",
});

// The first V300-only name after the V121 block; can_query_available_funds is the other one.
constexpr std::size_t kFirstV300Only = 61;
static_assert(kDataPermissions[kFirstV300Only] == "can_see_bank_routing_scheme");

// ISO 4217 alphabetic codes in current use (including funds and precious-metal codes), sorted.
constexpr auto kCurrencies = std::to_array<std::string_view>({
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
    "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUC", "CUP",
    "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP",
    "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS",
    "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW",
    "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD",
    "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN",
    "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR",
    "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SLL",
    "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY",
    "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES",
    "VND", "VUV", "WST", "XAF", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XDR", "XOF",
    "XPD", "XPF", "XPT", "XSU", "XTS", "XUA", "XXX", "YER", "ZAR", "ZMW", "ZWL",
});

bool Contains(std::span<const std::string_view> list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool SystemView::CanGrant(std::string_view view_id) const {
  return Contains(can_grant_access_to_views, view_id);
}

bool SystemView::CanRevoke(std::string_view view_id) const {
  return Contains(can_revoke_access_to_views, view_id);
}

bool SystemView::HasDataPermission(std::string_view name) const {
  switch (data) {
    case Data::kAll:
      return true;
    case Data::kSeeAll:
      return name.starts_with("can_see_");
    case Data::kSeeBasic:
      return name.starts_with("can_see_bank_account_") || name.starts_with("can_see_transaction_");
  }
  return false;
}

std::span<const SystemView> SystemViews() { return kViews; }

std::optional<SystemView> FindSystemView(std::string_view id) {
  for (const SystemView& view : kViews) {
    if (view.id == id) return view;
  }
  return std::nullopt;
}

std::span<const std::string_view> ViewDataPermissions() { return kDataPermissions; }

bool IsViewJsonV300Only(std::string_view name) {
  if (name == "can_query_available_funds") return true;
  auto v300 = std::span(kDataPermissions).subspan(kFirstV300Only);
  return Contains(v300, name);
}

bool IsValidAccountId(std::string_view id) {
  if (id.empty() || id.size() >= 255) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_';
  });
}

bool IsKnownCurrency(std::string_view code) {
  if (code == "XBT") return true;
  return std::binary_search(kCurrencies.begin(), kCurrencies.end(), code);
}

std::optional<bool> IsZeroAmount(std::string_view amount) {
  std::size_t i = 0;
  if (i < amount.size() && (amount[i] == '+' || amount[i] == '-')) ++i;
  bool digits = false;
  bool zero = true;
  for (; i < amount.size() && IsDigit(amount[i]); ++i) {
    digits = true;
    zero = zero && amount[i] == '0';
  }
  if (i < amount.size() && amount[i] == '.') {
    for (++i; i < amount.size() && IsDigit(amount[i]); ++i) {
      digits = true;
      zero = zero && amount[i] == '0';
    }
  }
  if (!digits) return std::nullopt;
  if (i < amount.size() && (amount[i] == 'e' || amount[i] == 'E')) {
    ++i;
    if (i < amount.size() && (amount[i] == '+' || amount[i] == '-')) ++i;
    bool exponent = false;
    for (; i < amount.size() && IsDigit(amount[i]); ++i) exponent = true;
    if (!exponent) return std::nullopt;
  }
  if (i != amount.size()) return std::nullopt;
  return zero;
}

}  // namespace roster::core
