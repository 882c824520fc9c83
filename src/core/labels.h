// Localized labels for the enumerations of the Apiture dialect (getLabels): one label group per
// enumeration, each key with its code, its default (en-us) label and translations. Several
// enumerations are defined at runtime by these groups (addressType, checkDepositSegmentationTier),
// so the keys here are also the allowed values of those properties.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace roster::core {

// The language every label has; the fallback when none of the requested ones is available.
inline constexpr std::string_view kDefaultLanguage = "en-us";

struct LabelVariant {
  std::string_view language;  // lower-case language tag ("es", "fr")
  std::string_view label;
};

struct Label {
  std::string_view key;
  std::string_view code;
  std::string_view label;  // in kDefaultLanguage
  bool hidden = false;     // a value clients should not offer (e.g. "unknown")
  std::vector<LabelVariant> variants;
};

struct LabelGroup {
  std::string_view name;
  std::vector<Label> labels;
};

// Every label group, in a fixed order.
std::span<const LabelGroup> LabelGroups();
// The group of this name, or nullptr.
const LabelGroup* FindLabelGroup(std::string_view name);
// True when `key` is a key of the group `group`.
bool IsLabelKey(std::string_view group, std::string_view key);

// The language tags of an Accept-Language header (RFC 7231 §5.3.5), lower-cased, most preferred
// first (by q-value, then order); tags with q=0 and "*" are left out. Malformed entries are
// skipped, never an error.
std::vector<std::string> PreferredLanguages(std::string_view accept_language);

// The language in which `label` is shown to a client preferring `languages`: the first
// preferred tag the label has, where "es-mx" also matches a label in "es" and "en"/"en-gb" match
// the default language; kDefaultLanguage when none matches.
std::string_view ChooseLanguage(const Label& label, const std::vector<std::string>& languages);
// The label text in `language` (as returned by ChooseLanguage).
std::string_view LabelIn(const Label& label, std::string_view language);

}  // namespace roster::core
