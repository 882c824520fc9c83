// GET /users/labels — getLabels: the label groups (core/labels.h). `label` is in the best language
// of the Accept-Language header that the label has (en-us otherwise); `variants` holds the
// label in every other language it has, en-us included when `label` is not in en-us. Needs only
// the API key.
#include "api/apiture/hal.h"
#include "api/apiture/handlers.h"
#include "core/labels.h"

namespace roster::api::apiture {

namespace json = boost::json;

core::Result<Reply> GetLabels(Call& call) {
  if (const auto& caller = call.Client(); !caller) return std::unexpected(caller.error());
  const std::vector<std::string> languages =
      core::PreferredLanguages(call.Header("Accept-Language").value_or(""));
  json::object groups;
  for (const core::LabelGroup& group : core::LabelGroups()) {
    json::object entries;
    for (const core::Label& label : group.labels) {
      std::string_view language = core::ChooseLanguage(label, languages);
      json::object entry{{"label", core::LabelIn(label, language)}, {"code", label.code}};
      if (label.hidden) entry["hidden"] = true;
      json::object variants;
      if (language != core::kDefaultLanguage) {
        variants[core::kDefaultLanguage] = json::object{{"label", label.label}};
      }
      for (const core::LabelVariant& variant : label.variants) {
        if (variant.language != language) {
          variants[variant.language] = json::object{{"label", variant.label}};
        }
      }
      if (!variants.empty()) entry["variants"] = std::move(variants);
      entries[label.key] = std::move(entry);
    }
    groups[group.name] = std::move(entries);
  }
  json::object body{{"_profile", ProfileUri("common", "labelGroups", "1.1.3")},
                    {"_links", {{"self", Link("/users/labels")}}},
                    {"groups", std::move(groups)}};
  return Reply{.body = std::move(body), .etag = std::string(kEtagFromBody)};
}

}  // namespace roster::api::apiture
