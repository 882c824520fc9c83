#include "core/labels.h"

#include <algorithm>
#include <cctype>

namespace roster::core {

namespace {

// clang-format off
const std::vector<LabelGroup>& Groups() {
  static const std::vector<LabelGroup> kGroups = {
      {"addressType",
       {{"unknown", "0", "Unknown", true, {{"es", "Desconocido"}}},
        {"home", "1", "Home", false, {{"es", "Casa"}, {"fr", "Domicile"}}},
        {"prior", "2", "Prior", false, {{"es", "Anterior"}}},
        {"work", "3", "Work", false, {{"es", "Trabajo"}, {"fr", "Travail"}}},
        {"school", "4", "School", false, {{"es", "Escuela"}}},
        {"mailing", "5", "Mailing", false, {{"es", "Correspondencia"}}},
        {"vacation", "6", "Vacation", false, {{"es", "Vacaciones"}}},
        {"shipping", "7", "Shipping", false, {{"es", "Envío"}}},
        {"billing", "8", "Billing", false, {{"es", "Facturación"}}},
        {"headquarters", "9", "Headquarters", false, {{"es", "Sede"}}},
        {"commercial", "10", "Commercial", false, {{"es", "Comercial"}}},
        {"site", "11", "Site", false, {{"es", "Sitio"}}},
        {"property", "12", "Property", false, {{"es", "Propiedad"}}},
        {"residential", "13", "Residential", false, {{"es", "Residencial"}}},
        {"poBox", "14", "P.O. Box", false, {{"es", "Apartado postal"}}},
        {"notApplicable", "253", "Not Applicable", true, {{"es", "No aplica"}}},
        {"other", "254", "Other", false, {{"es", "Otro"}, {"fr", "Autre"}}}}},
      {"phoneType",
       {{"home", "1", "Home", false, {{"es", "Casa"}}},
        {"mobile", "2", "Mobile", false, {{"es", "Móvil"}, {"fr", "Portable"}}},
        {"work", "3", "Work", false, {{"es", "Trabajo"}}},
        {"fax", "4", "Fax", false, {{"es", "Fax"}}},
        {"school", "5", "School", false, {{"es", "Escuela"}}},
        {"other", "254", "Other", false, {{"es", "Otro"}}}}},
      {"emailType",
       {{"personal", "1", "Personal", false, {{"es", "Personal"}}},
        {"work", "2", "Work", false, {{"es", "Trabajo"}}},
        {"school", "3", "School", false, {{"es", "Escuela"}}},
        {"other", "254", "Other", false, {{"es", "Otro"}}}}},
      {"userState",
       {{"active", "A", "Active", false, {{"es", "Activo"}}},
        {"inactive", "I", "Inactive", false, {{"es", "Inactivo"}}},
        {"locked", "L", "Locked", false, {{"es", "Bloqueado"}}},
        {"frozen", "F", "Frozen", false, {{"es", "Congelado"}}},
        {"removed", "R", "Removed", false, {{"es", "Eliminado"}}}}},
      {"contactItemState",
       {{"pending", "P", "Pending approval", false, {{"es", "Pendiente de aprobación"}}},
        {"approved", "A", "Approved", false, {{"es", "Aprobado"}}}}},
      // The major groups of the U.S. Standard Occupational Classification; code = the SOC code.
      {"occupation",
       {{"unknown", "0", "Unknown", true, {{"es", "Desconocido"}}},
        {"management", "11", "Management", false, {{"es", "Gerencia"}}},
        {"businessAndFinancialOperations", "13", "Business and Financial Operations", false, {}},
        {"computerAndMathematical", "15", "Computer and Mathematical", false, {}},
        {"architectureAndEngineering", "17", "Architecture and Engineering", false, {}},
        {"lifePhysicalAndSocialScience", "19", "Life, Physical, and Social Science", false, {}},
        {"communityAndSocialService", "21", "Community and Social Service", false, {}},
        {"legal", "23", "Legal", false, {{"es", "Legal"}}},
        {"educationalInstructionAndLibrary", "25", "Educational Instruction and Library", false, {}},
        {"artsDesignEntertainmentSportsAndMedia", "27", "Arts, Design, Entertainment, Sports, and Media", false, {}},
        {"healthcarePractitionersAndTechnical", "29", "Healthcare Practitioners and Technical", false, {}},
        {"healthcareSupport", "31", "Healthcare Support", false, {}},
        {"protectiveService", "33", "Protective Service", false, {}},
        {"foodPreparationAndServingRelated", "35", "Food Preparation and Serving Related", false, {}},
        {"buildingAndGroundsCleaningAndMaintenance", "37", "Building and Grounds Cleaning and Maintenance", false, {}},
        {"personalCareAndService", "39", "Personal Care and Service", false, {}},
        {"salesAndRelated", "41", "Sales and Related", false, {{"es", "Ventas"}}},
        {"officeAndAdministrativeSupport", "43", "Office and Administrative Support", false, {{"es", "Apoyo administrativo y de oficina"}}},
        {"farmingFishingAndForestry", "45", "Farming, Fishing, and Forestry", false, {}},
        {"constructionAndExtraction", "47", "Construction and Extraction", false, {}},
        {"installationMaintenanceAndRepair", "49", "Installation, Maintenance, and Repair", false, {}},
        {"production", "51", "Production", false, {{"es", "Producción"}}},
        {"transportationAndMaterialMoving", "53", "Transportation and Material Moving", false, {{"es", "Transporte y movimiento de materiales"}}},
        {"militarySpecific", "55", "Military Specific", false, {}},
        {"other", "254", "Other", false, {{"es", "Otro"}}}}},
      {"checkDepositSegmentationTier",
       {{"low", "L", "Low", false, {{"es", "Bajo"}}},
        {"medium", "M", "Medium", false, {{"es", "Medio"}}},
        {"high", "H", "High", false, {{"es", "Alto"}}}}},
      {"authenticatorCategory",
       {{"knowledge", "K", "Knowledge", false, {{"es", "Conocimiento"}}},
        {"biometric", "B", "Biometric", false, {{"es", "Biométrico"}}},
        {"device", "D", "Device", false, {{"es", "Dispositivo"}}}}},
      {"authenticatorState",
       {{"pending", "P", "Pending", false, {{"es", "Pendiente"}}},
        {"started", "S", "Started", false, {{"es", "Iniciado"}}},
        {"verified", "V", "Verified", false, {{"es", "Verificado"}}},
        {"failed", "F", "Failed", false, {{"es", "Fallido"}}},
        {"expired", "E", "Expired", false, {{"es", "Vencido"}}}}},
      {"challengeState",
       {{"pending", "P", "Pending", false, {{"es", "Pendiente"}}},
        {"started", "S", "Started", false, {{"es", "Iniciado"}}},
        {"verified", "V", "Verified", false, {{"es", "Verificado"}}},
        {"failed", "F", "Failed", false, {{"es", "Fallido"}}},
        {"redeemed", "R", "Redeemed", false, {{"es", "Canjeado"}}},
        {"expired", "E", "Expired", false, {{"es", "Vencido"}}}}},
  };
  return kGroups;
}
// clang-format on

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The q-value of the parameters after a tag (";q=0.5"); 1 without one, -1 when malformed.
double QValue(std::string_view params) {
  double q = 1.0;
  while (!params.empty()) {
    std::size_t semi = params.find(';');
    std::string_view param = Trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
    if (param.empty()) continue;
    if (param.size() < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=') continue;
    std::string_view value = param.substr(2);
    // qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
    if (value.empty() || value.size() > 5 || (value[0] != '0' && value[0] != '1')) return -1;
    if (value.size() > 1 && value[1] != '.') return -1;
    double fraction = 0, scale = 0.1;
    for (std::size_t i = 2; i < value.size(); ++i) {
      if (value[i] < '0' || value[i] > '9') return -1;
      fraction += (value[i] - '0') * scale;
      scale /= 10;
    }
    q = (value[0] - '0') + fraction;
    if (q > 1) return -1;
  }
  return q;
}

bool ValidTag(std::string_view tag) {
  if (tag.empty() || tag.size() > 35) return false;
  return std::all_of(tag.begin(), tag.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
  });
}

// The language of `label` that `tag` selects, or "" when none.
std::string_view Match(const Label& label, std::string_view tag) {
  auto primary = [](std::string_view t) { return t.substr(0, t.find('-')); };
  // The default language answers "en-us" exactly, and any English tag.
  if (tag == kDefaultLanguage) return kDefaultLanguage;
  for (const LabelVariant& variant : label.variants) {
    if (variant.language == tag) return variant.language;
  }
  for (const LabelVariant& variant : label.variants) {
    if (variant.language == primary(tag)) return variant.language;
  }
  if (primary(tag) == "en") return kDefaultLanguage;
  return {};
}

}  // namespace

std::span<const LabelGroup> LabelGroups() { return Groups(); }

const LabelGroup* FindLabelGroup(std::string_view name) {
  for (const LabelGroup& group : Groups()) {
    if (group.name == name) return &group;
  }
  return nullptr;
}

bool IsLabelKey(std::string_view group, std::string_view key) {
  const LabelGroup* found = FindLabelGroup(group);
  if (found == nullptr) return false;
  return std::any_of(found->labels.begin(), found->labels.end(),
                     [&](const Label& label) { return label.key == key; });
}

std::vector<std::string> PreferredLanguages(std::string_view accept_language) {
  struct Weighted {
    std::string tag;
    double q;
    std::size_t order;
  };
  std::vector<Weighted> found;
  std::size_t order = 0;
  while (!accept_language.empty()) {
    std::size_t comma = accept_language.find(',');
    std::string_view entry = accept_language.substr(0, comma);
    accept_language =
        comma == std::string_view::npos ? std::string_view{} : accept_language.substr(comma + 1);
    std::size_t semi = entry.find(';');
    std::string_view tag = Trim(entry.substr(0, semi));
    double q = semi == std::string_view::npos ? 1.0 : QValue(entry.substr(semi + 1));
    if (q <= 0 || tag == "*" || !ValidTag(tag)) continue;
    found.push_back({Lower(tag), q, order++});
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const Weighted& a, const Weighted& b) { return a.q > b.q; });
  std::vector<std::string> tags;
  tags.reserve(found.size());
  for (Weighted& weighted : found) tags.push_back(std::move(weighted.tag));
  return tags;
}

std::string_view ChooseLanguage(const Label& label, const std::vector<std::string>& languages) {
  for (const std::string& tag : languages) {
    std::string_view chosen = Match(label, tag);
    if (!chosen.empty()) return chosen;
  }
  return kDefaultLanguage;
}

std::string_view LabelIn(const Label& label, std::string_view language) {
  for (const LabelVariant& variant : label.variants) {
    if (variant.language == language) return variant.label;
  }
  return label.label;
}

}  // namespace roster::core
