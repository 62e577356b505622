#include "query/eval_text.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <regex>
#include <unordered_map>

#include "graph/text_util.h"

namespace lg::query::eval {
namespace {

// ---------------------------------------------------------------------------
// Code points.

struct CharInfo {
  uint32_t cp;
  const char* nfkc;
  const char* lower;
  const char* fold;
  int flags;
};
constexpr int kAlnum = 1, kSpace = 2, kCombining = 4;

constexpr CharInfo kTable[] = {
#include "query/eval_unicode_table.inc"
};

constexpr std::pair<uint32_t, uint32_t> kTableRanges[] = {
    {0x80, 0x250},    {0x300, 0x370},   {0x370, 0x530},
    {0x1E00, 0x1F00}, {0x2000, 0x2190}, {0x2460, 0x24F0},
    {0x3000, 0x3001}, {0xFB00, 0xFB07}, {0xFF01, 0xFF5F}};

const CharInfo* Lookup(uint32_t cp) {
  auto it = std::lower_bound(std::begin(kTable), std::end(kTable), cp,
                             [](const CharInfo& c, uint32_t v) { return c.cp < v; });
  return it != std::end(kTable) && it->cp == cp ? &*it : nullptr;
}

bool InTableRange(uint32_t cp) {
  for (auto [lo, hi] : kTableRanges) {
    if (cp >= lo && cp < hi) return true;
  }
  return false;
}

// The code points of `s`; a byte that starts no well-formed sequence
// (graph::Utf8Length) becomes U+FFFD. Exports and gold files are valid UTF-8.
std::vector<uint32_t> Decode(std::string_view s) {
  std::vector<uint32_t> out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len = graph::Utf8Length(s, i);
    out.push_back(len == 0 ? 0xFFFD : graph::DecodeUtf8(s, i, len));
    i += len == 0 ? 1 : len;
  }
  return out;
}

bool IsSpaceCp(uint32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= 9 && cp <= 13) || (cp >= 0x1C && cp <= 0x1F);
  if (cp == 0x85) return true;
  const CharInfo* c = Lookup(cp);
  return c && (c->flags & kSpace);
}

// Python's str.isalnum() (what \w adds to '_').
bool IsAlnumCp(uint32_t cp) {
  if (cp < 0x80) return std::isalnum(int(cp)) != 0;
  if (const CharInfo* c = Lookup(cp)) return c->flags & kAlnum;
  if (InTableRange(cp)) return false;
  // Symbols, arrows, punctuation and emoji blocks; other scripts are letters.
  if ((cp >= 0x2190 && cp < 0x2C00) || (cp >= 0x2E00 && cp < 0x2E80) ||
      (cp >= 0x3000 && cp < 0x3040) || (cp >= 0xFE30 && cp < 0xFE70) ||
      (cp >= 0xFF00 && cp < 0xFFF0) || cp >= 0x1F000 || cp == 0xFFFD) {
    return false;
  }
  return true;
}

bool IsWordCp(uint32_t cp) { return cp == '_' || IsAlnumCp(cp); }

std::string Nfkc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (uint32_t cp : Decode(s)) {
    if (cp >= 0x80) {
      if (const CharInfo* c = Lookup(cp)) {
        out += c->nfkc;
        continue;
      }
    }
    graph::AppendUtf8(cp, out);
  }
  return out;
}

// Case-insensitive ASCII prefix test.
bool StartsWithI(std::string_view s, size_t at, std::string_view word) {
  if (at + word.size() > s.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::tolower((unsigned char)s[at + i]) != std::tolower((unsigned char)word[i])) {
      return false;
    }
  }
  return true;
}

// </?(?:i|em|b|strong|sup|sub)\s*> removed (case-insensitive).
std::string StripMarkup(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '<') {
      size_t j = i + 1;
      if (j < s.size() && s[j] == '/') ++j;
      size_t end = std::string_view::npos;
      for (std::string_view name : {"i", "em", "b", "strong", "sup", "sub"}) {
        if (!StartsWithI(s, j, name)) continue;
        size_t k = j + name.size();
        while (k < s.size() && std::isspace((unsigned char)s[k])) ++k;
        if (k < s.size() && s[k] == '>') {
          end = k + 1;
          break;
        }
      }
      if (end != std::string_view::npos) {
        i = end;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

std::string ReplaceAll(std::string s, std::string_view from, std::string_view to) {
  size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
  return s;
}

uint32_t DashQuote(uint32_t cp) {
  switch (cp) {
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0xFE58:
    case 0xFE63:
    case 0xFF0D:
      return '-';
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x00B4:
      return '\'';
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
      return '"';
    default:
      return cp;
  }
}

void LowerInto(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += char(std::tolower(int(cp)));
    return;
  }
  if (const CharInfo* c = Lookup(cp)) {
    // The table's lower column is lower(NFKC(cp)); cp is already NFKC here.
    if (Decode(c->nfkc) == std::vector<uint32_t>{cp}) {
      out += c->lower;
      return;
    }
  }
  graph::AppendUtf8(cp, out);
}

std::string NormImpl(std::string_view in) {
  std::string s = StripMarkup(Nfkc(in));
  s.erase(std::remove(s.begin(), s.end(), '*'), s.end());
  s = ReplaceAll(std::move(s), "::", "-");
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (uint32_t cp : Decode(s)) {
    cp = DashQuote(cp);
    if (IsSpaceCp(cp)) {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    LowerInto(cp, out);
  }
  return out;
}

using graph::IsDigit;

std::string StripZeros(std::string_view digits) {
  size_t i = 0;
  while (i + 1 < digits.size() && digits[i] == '0') ++i;
  return std::string(digits.substr(i));
}

// A registry id starting at s[i]: its length, else 0.
size_t RegistryAt(std::string_view s, size_t i) {
  auto digits = [&](size_t at, size_t min, size_t max) -> size_t {
    size_t n = 0;
    while (at + n < s.size() && n < max && IsDigit(s[at + n])) ++n;
    return n >= min ? n : 0;
  };
  auto alnum_run = [&](size_t at, bool dash) -> size_t {
    size_t n = 0;
    while (at + n < s.size() &&
           (std::isalnum((unsigned char)s[at + n]) || (dash && s[at + n] == '-'))) {
      ++n;
    }
    return n;
  };
  size_t n;
  if (StartsWithI(s, i, "NCT") && (n = digits(i + 3, 8, 8))) return 3 + n;
  if (StartsWithI(s, i, "UMIN") && (n = digits(i + 4, 5, 9))) return 4 + n;
  if (StartsWithI(s, i, "NTR") && (n = digits(i + 3, 3, 5))) return 3 + n;
  if (StartsWithI(s, i, "ISRCTN") && (n = digits(i + 6, 8, 8))) return 6 + n;
  if (StartsWithI(s, i, "EudraCT")) {
    size_t j = i + 7;
    while (j < s.size() && (std::isspace((unsigned char)s[j]) || s[j] == ':' ||
                            s[j] == '#' || s[j] == ',')) {
      ++j;
    }
    if (digits(j, 4, 4) && j + 4 < s.size() && s[j + 4] == '-' && digits(j + 5, 6, 6) &&
        j + 11 < s.size() && s[j + 11] == '-' && digits(j + 12, 2, 2)) {
      return j + 14 - i;
    }
  }
  if (StartsWithI(s, i, "ChiCTR") && (n = alnum_run(i + 6, true))) return 6 + n;
  if (StartsWithI(s, i, "ACTRN") && (n = digits(i + 5, 14, 14))) return 5 + n;
  if (StartsWithI(s, i, "JPRN-") && (n = alnum_run(i + 5, false))) return 5 + n;
  if (StartsWithI(s, i, "DRKS") && (n = digits(i + 4, 8, 8))) return 4 + n;
  if (StartsWithI(s, i, "CTRI/")) {
    size_t j = i + 5;
    if (digits(j, 4, 4) && j + 4 < s.size() && s[j + 4] == '/') {
      size_t a = digits(j + 5, 1, SIZE_MAX);
      if (a && j + 5 + a < s.size() && s[j + 5 + a] == '/') {
        size_t b = digits(j + 6 + a, 1, SIZE_MAX);
        if (b) return j + 6 + a + b - i;
      }
    }
  }
  return 0;
}

std::vector<std::string> RegistryMatches(std::string_view raw) {
  std::string s = Nfkc(raw);
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    size_t n = RegistryAt(s, i);
    if (n) {
      out.push_back(s.substr(i, n));
      i += n;
    } else {
      ++i;
    }
  }
  return out;
}

// \bmo(nth)?s?\b in a lower-cased text.
bool HasMonthWord(std::string_view s) {
  auto word_at = [&](size_t i) {
    return i < s.size() && (std::isalnum((unsigned char)s[i]) || s[i] == '_' ||
                            (unsigned char)s[i] >= 0x80);
  };
  for (size_t i = s.find("mo"); i != std::string_view::npos; i = s.find("mo", i + 1)) {
    if (i > 0 && word_at(i - 1)) continue;
    for (bool nth : {true, false}) {
      for (bool plural : {true, false}) {
        size_t j = i + 2;
        if (nth) {
          if (s.substr(j, 3) != "nth") continue;
          j += 3;
        }
        if (plural) {
          if (j >= s.size() || s[j] != 's') continue;
          ++j;
        }
        if (!word_at(j)) return true;
      }
    }
  }
  return false;
}

// ---------------------------------------------------------------------------
// Vocabularies (score.py, verbatim).

const std::unordered_map<std::string, std::string>& GeneAliases() {
  static const auto* m = new std::unordered_map<std::string, std::string>{
      {"mll", "KMT2A"},    {"mll1", "KMT2A"},  {"af4", "AFF1"},
      {"enl", "MLLT1"},    {"af9", "MLLT3"},   {"af10", "MLLT10"},
      {"af6", "AFDN"},     {"mkl1", "MRTFA"},  {"menin", "MEN1"},
      {"bcl2", "BCL2"},    {"cd3", "CD3E"},    {"abl", "ABL1"},
      {"tel", "ETV6"},     {"aml1", "RUNX1"},  {"her2", "ERBB2"},
      {"ent1", "SLC29A1"}, {"cd10", "MME"},    {"cd20", "MS4A1"},
      {"sdf1", "CXCL12"},  {"ledgf", "PSIP1"}, {"taspase1", "TASP1"},
      {"cd11b", "ITGAM"},  {"cd15", "FUT4"},   {"flt3itd", "FLT3"},
      {"flt3tkd", "FLT3"}, {"cmyc", "MYC"},    {"smoothened", "SMO"},
      {"dnmt", "DNMT1"}};
  return *m;
}

const std::unordered_map<std::string, std::string>& DrugSynonyms() {
  static const auto* m = new std::unordered_map<std::string, std::string>{
      {"6mp", "6-mercaptopurine"},
      {"mercaptopurine", "6-mercaptopurine"},
      {"6mercaptopurine", "mercaptopurine"},
      {"arac", "cytarabine"},
      {"cytosinearabinoside", "cytarabine"},
      {"pegaspargase", "asparaginase"},
      {"pegasparaginase", "asparaginase"},
      {"pegylatedasparaginase", "asparaginase"},
      {"lasparaginase", "asparaginase"},
      {"gcsf", "granulocyte colony-stimulating factor"},
      {"ctl019", "tisagenlecleucel"},
      {"sndx5613", "revumenib"},
      {"sti571", "imatinib"},
      {"glivec", "imatinib"},
      {"gleevec", "imatinib"},
      {"tasigna", "nilotinib"},
      {"ap24534", "ponatinib"},
      {"epz5676", "pinometostat"},
      {"cep701", "lestaurtinib"},
      {"lbh589", "panobinostat"},
      {"abt199", "venetoclax"},
      {"ko539", "ziftomenib"},
      {"amg103", "blinatumomab"},
      {"saha", "vorinostat"},
      {"amd3100", "plerixafor"},
      {"5azacytidine", "azacitidine"},
      {"vyxeos", "CPX-351"},
      {"gemtuzumab", "gemtuzumab ozogamicin"},
      {"inotuzumab", "inotuzumab ozogamicin"},
      {"gemtuzumabozogamicin", "gemtuzumab"},
      {"inotuzumabozogamicin", "inotuzumab"}};
  return *m;
}

// MEASURE_SYNONYMS in score.py's order: a later code wins a shared synonym.
const std::vector<std::pair<std::string, std::vector<std::string>>>& MeasureSynonyms() {
  static const auto* v =
      new std::vector<std::pair<std::string, std::vector<std::string>>>{
          {"EFS", {"efs", "eventfreesurvival", "eventfree survival"}},
          {"OS",
           {"os", "overallsurvival", "survival", "survivalafterrelapse",
            "overallsurvivalrate", "survivalrate"}},
          {"RFS", {"rfs", "relapsefreesurvival", "recurrencefreesurvival"}},
          {"LFS", {"lfs", "leukemiafreesurvival", "leukaemiafreesurvival"}},
          {"DFS", {"dfs", "diseasefreesurvival"}},
          {"PFS", {"pfs", "progressionfreesurvival"}},
          {"ORR",
           {"orr", "overallresponserate", "objectiveresponserate", "responserate",
            "overallresponse", "objectiveresponse", "objectiveresponses", "rr",
            "response", "overallresponses"}},
          {"CR",
           {"cr", "completeremission", "completeresponse", "completeremissionrate",
            "secondremission", "secondremissionrate", "remission", "remissionrate",
            "crrate", "completeresponserate", "morphologicremission",
            "completeremissions"}},
          {"CRi",
           {"cri", "completeremissionwithincompletecountrecovery",
            "completeremissionwithincompletehematologicrecovery",
            "completeremissionwithincompletebloodcountrecovery"}},
          {"CRh", {"crh", "completeremissionwithpartialhematologicrecovery"}},
          {"CRp", {"crp", "completeremissionwithincompleteplateletrecovery"}},
          {"PR", {"pr", "partialresponse", "partialremission"}},
          {"SD", {"sd", "stabledisease"}},
          {"DOR",
           {"dor", "durationofresponse", "responseduration", "durationofremission",
            "remissionduration"}},
          {"MRD-negativity",
           {"mrdnegativity", "mrdnegative", "mrdnegativecr",
            "mrdnegativecompleteremission", "mrdnegativecompleteresponse",
            "completeresponsewithnegativemrd", "completeremissionwithnegativemrd",
            "mrdnegativerate", "negativemrd", "mrdnegativeremission", "mrdneg"}},
          {"MRD response",
           {"mrdresponse", "partialorcompletemrdresponse",
            "partialorcompletemrdresponserate", "mrdresponserate"}},
          {"relapse rate",
           {"relapserate", "relapse", "cumulativeincidenceofrelapse", "cir",
            "relapseincidence", "incidenceofrelapse", "relapserisk"}},
          {"TRM",
           {"trm", "treatmentrelatedmortality", "transplantrelatedmortality",
            "treatmentrelateddeath", "treatmentrelateddeaths"}},
          {"induction death",
           {"inductiondeath", "inductiondeaths", "inductionmortality",
            "deathduringinduction", "inductiondeathrate"}},
          {"CHR",
           {"chr", "completehematologicresponse", "completehaematologicalresponse",
            "completehematologicalresponse", "completehaematologicresponse"}},
          {"CCyR", {"ccyr", "completecytogeneticresponse"}},
          {"MMR", {"mmr", "majormolecularresponse"}},
          {"TFR", {"tfr", "treatmentfreeremission"}},
          {"iORR",
           {"intracranialorr", "intracranialresponserate",
            "intracranialobjectiveresponse", "intracranialobjectiveresponserate",
            "cnsorr", "cnsresponserate", "cnsobjectiveresponse", "intracranialresponse",
            "cnsresponse", "intracranialoverallresponserate"}},
          {"iCR",
           {"intracranialcr", "intracranialcompleteresponse", "cnscr",
            "cnscompleteresponse"}},
          {"CNS progression",
           {"cnsprogression", "intracranialprogression", "cnsprogressionrate"}},
          {"molecular recurrence", {"molecularrecurrence", "molecularrelapse"}}};
  return *v;
}

const std::unordered_map<std::string, std::string>& MeasureLookup() {
  static const auto* m = [] {
    auto* out = new std::unordered_map<std::string, std::string>;
    for (const auto& [code, syns] : MeasureSynonyms()) {
      for (const auto& s : syns) (*out)[AKey(s)] = code;
      (*out)[AKey(code)] = code;
    }
    return out;
  }();
  return *m;
}

bool IsCompositePart(const std::string& code) {
  static const std::set<std::string> parts = {"CR", "CRi", "CRh",           "CRp",
                                              "PR", "SD",  "MRD-negativity"};
  return parts.count(code) > 0;
}

std::string Collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace((unsigned char)c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string CanonMeasureImpl(std::string_view s, int depth) {
  static const std::regex kBrackets(R"(\[[^\]]*\])");
  static const std::regex kLead(
      R"(^(the\s+)?(\d+(\.\d+)?|one|two|three|four|five|six|seven|ten)[- ]?(years?|yrs?|months?|mo)\b[- ]?)");
  static const std::regex kQualifiers(
      R"(\b(median|estimated|probability of|rate of|cumulative rate of|overall rate of|proportion of|percentage of|patients with|patients achieving|achieving)\b)");
  static const std::regex kTrailing(R"(\b(rates?|percentage|probability|%)\s*$)");
  static const std::regex kParen(R"(\([^)]*\))");
  static const std::regex kSplit(R"(\s*(?:/|\+|\bor\b|\band\b|,|&)\s*)");
  std::string t = Norm(s);
  t = std::regex_replace(t, kBrackets, " ");
  t = std::regex_replace(t, kLead, " ", std::regex_constants::format_first_only);
  t = std::regex_replace(t, kQualifiers, " ");
  t = std::regex_replace(Trim(t), kTrailing, " ");
  t = Collapse(t);
  std::string k = AKey(t);
  const auto& lookup = MeasureLookup();
  if (auto it = lookup.find(k); it != lookup.end()) return it->second;
  if (t.find('(') != std::string::npos && depth < 8) {
    std::vector<std::string> xs = {std::regex_replace(t, kParen, " ")};
    for (std::sregex_iterator it(t.begin(), t.end(), kParen), end; it != end; ++it) {
      std::string m = it->str();
      xs.push_back(m.substr(1, m.size() - 2));
    }
    for (const auto& x : xs) {
      std::string c = CanonMeasureImpl(x, depth + 1);
      if (IsMeasureCode(c) || c.find('+') != std::string::npos) return c;
    }
  }
  std::vector<std::string> parts;
  for (std::sregex_token_iterator it(t.begin(), t.end(), kSplit, -1), end; it != end;
       ++it) {
    if (it->length() > 0) parts.push_back(it->str());
  }
  if (parts.size() > 1) {
    std::vector<std::string> codes;
    bool all = true;
    for (const auto& p : parts) {
      auto it = lookup.find(AKey(p));
      if (it == lookup.end() || !IsCompositePart(it->second)) {
        all = false;
        break;
      }
      codes.push_back(it->second);
    }
    if (all) {
      std::sort(codes.begin(), codes.end(),
                [](const std::string& a, const std::string& b) {
                  return std::make_pair(a != "CR", a) < std::make_pair(b != "CR", b);
                });
      codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
      std::string out;
      for (const auto& c : codes) out += (out.empty() ? "" : "+") + c;
      return out;
    }
  }
  return k;
}

}  // namespace

// ---------------------------------------------------------------------------

std::string Trim(std::string_view s) {
  auto cps = Decode(s);
  size_t b = 0, e = cps.size();
  while (b < e && IsSpaceCp(cps[b])) ++b;
  while (e > b && IsSpaceCp(cps[e - 1])) --e;
  std::string out;
  for (size_t i = b; i < e; ++i) graph::AppendUtf8(cps[i], out);
  return out;
}

std::string PyLower(std::string_view s) {
  std::string out;
  for (uint32_t cp : Decode(s)) LowerInto(cp, out);
  return out;
}

std::string Norm(std::string_view s) {
  static thread_local std::unordered_map<std::string, std::string> memo;
  if (memo.size() > 200000) memo.clear();
  auto [it, fresh] = memo.try_emplace(std::string(s));
  if (fresh) it->second = NormImpl(s);
  return it->second;
}

std::string Fold(std::string_view s) {
  std::string out;
  for (uint32_t cp : Decode(Norm(s))) {
    if (cp >= 0x80) {
      if (const CharInfo* c = Lookup(cp)) {
        if (c->flags & kCombining) continue;
        out += c->fold;
        continue;
      }
    }
    graph::AppendUtf8(cp, out);
  }
  return out;
}

std::string AKey(std::string_view s) {
  std::string out;
  for (uint32_t cp : Decode(Fold(s))) {
    if (cp != '_' && IsWordCp(cp)) graph::AppendUtf8(cp, out);
  }
  return out;
}

std::string FKey(std::string_view s) {
  std::string out;
  for (uint32_t cp : Decode(Norm(s))) {
    if (IsSpaceCp(cp) || cp == '-' || cp == '/' || cp == ':' || cp == '_') continue;
    graph::AppendUtf8(cp, out);
  }
  return out;
}

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (uint32_t cp : Decode(Fold(s))) {
    if (cp != '_' && IsWordCp(cp)) {
      graph::AppendUtf8(cp, cur);
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string SKey(std::string_view in) {
  std::string s = Trim(in);
  if (size_t colon = s.find(':'); colon != std::string::npos) {
    std::string prefix = graph::Lower(s.substr(0, colon));
    if (prefix == "source" || prefix == "src" || prefix == "doc" ||
        prefix == "document" || prefix == "file") {
      s = s.substr(colon + 1);
    }
  }
  std::replace(s.begin(), s.end(), '\\', '/');
  while (!s.empty() && s.back() == '/') s.pop_back();
  if (size_t slash = s.rfind('/'); slash != std::string::npos) s = s.substr(slash + 1);
  std::string lower;
  for (uint32_t cp : Decode(s)) LowerInto(cp, lower);
  for (std::string_view ext :
       {".txt", ".md", ".markdown", ".json", ".jsonl", ".text", ".html", ".htm"}) {
    if (lower.size() >= ext.size() &&
        lower.compare(lower.size() - ext.size(), ext.size(), ext) == 0) {
      lower.resize(lower.size() - ext.size());
      break;
    }
  }
  return lower;
}

std::set<std::string> RegistryIds(std::string_view s) {
  std::set<std::string> out;
  for (const auto& m : RegistryMatches(s)) out.insert(AKey(m));
  return out;
}

bool IsRegistry(std::string_view s) {
  auto ms = RegistryMatches(s);
  if (ms.empty()) return false;
  return graph::CountCodePoints(AKey(ms.front())) + 12 >= graph::CountCodePoints(AKey(s));
}

std::vector<std::string> RefNumbersOfText(std::string_view raw) {
  std::string s = Norm(raw);
  size_t b = 0, e = s.size();
  auto strip = [](char c) {
    return c == '[' || c == ']' || c == '(' || c == ')' || c == ' ';
  };
  while (b < e && strip(s[b])) ++b;
  while (e > b && strip(s[e - 1])) --e;
  s = s.substr(b, e - b);
  std::vector<std::string> out;
  // re.split(r'\s*[,;]\s*', s)
  std::vector<std::string> parts;
  std::string cur;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ',' || s[i] == ';') {
      while (!cur.empty() && std::isspace((unsigned char)cur.back())) cur.pop_back();
      parts.push_back(cur);
      cur.clear();
      while (i + 1 < s.size() && std::isspace((unsigned char)s[i + 1])) ++i;
    } else {
      cur += s[i];
    }
  }
  parts.push_back(cur);
  for (const auto& part : parts) {
    // (\d+)\s*-\s*(\d+) as the whole part
    size_t i = 0;
    while (i < part.size() && IsDigit(part[i])) ++i;
    if (i > 0 && i <= 15) {
      size_t j = i;
      while (j < part.size() && std::isspace((unsigned char)part[j])) ++j;
      if (j < part.size() && part[j] == '-') {
        ++j;
        while (j < part.size() && std::isspace((unsigned char)part[j])) ++j;
        size_t k = j;
        while (k < part.size() && IsDigit(part[k])) ++k;
        if (k > j && k == part.size() && k - j <= 15) {
          long long a = std::atoll(part.substr(0, i).c_str());
          long long bb = std::atoll(part.substr(j, k - j).c_str());
          if (a <= bb && bb <= a + 300) {
            for (long long x = a; x <= bb; ++x) out.push_back(std::to_string(x));
            continue;
          }
        }
      }
    }
    // (\d+)\D*$: the last digit run
    size_t end = part.size();
    while (end > 0 && !IsDigit(part[end - 1])) --end;
    if (end == 0) continue;
    size_t start = end;
    while (start > 0 && IsDigit(part[start - 1])) --start;
    out.push_back(StripZeros(std::string_view(part).substr(start, end - start)));
  }
  return out;
}

std::pair<std::optional<double>, std::string> ParseNumberText(std::string_view raw) {
  std::string s = ReplaceAll(Nfkc(raw), "\xe2\x88\x92", "-");
  size_t i = 0;
  for (; i < s.size(); ++i) {
    if (IsDigit(s[i])) break;
    if (s[i] == '-' && i + 1 < s.size() && IsDigit(s[i + 1])) break;
  }
  if (i >= s.size()) return {std::nullopt, ""};
  size_t j = i + (s[i] == '-');
  while (j < s.size() && IsDigit(s[j])) ++j;
  if (j + 1 < s.size() && (s[j] == '.' || s[j] == ',') && IsDigit(s[j + 1])) {
    ++j;
    while (j < s.size() && IsDigit(s[j])) ++j;
  }
  std::string num = s.substr(i, j - i);
  std::replace(num.begin(), num.end(), ',', '.');
  double v = std::strtod(num.c_str(), nullptr);
  std::string lower;
  for (uint32_t cp : Decode(s)) LowerInto(cp, lower);
  std::string unit;
  if (s.find('%') != std::string::npos || lower.find("percent") != std::string::npos) {
    unit = "%";
  } else if (HasMonthWord(lower)) {
    unit = "months";
  }
  return {v, unit};
}

std::string CanonUnit(std::string_view u) {
  static const std::regex kMonths(R"((months?|mos?\.?|m|mo\.))");
  static const std::regex kYears(R"((years?|yrs?|y))");
  static const std::regex kWeeks(R"((weeks?|wks?))");
  std::string s = Norm(u);
  if (s.empty() || s == "none" || s == "null") return "";
  if (s == "%" || s == "percent" || s == "pct" || s == "percentage" || s == "per cent" ||
      s == "rate") {
    return "%";
  }
  if (std::regex_match(s, kMonths)) return "months";
  if (std::regex_match(s, kYears)) return "years";
  if (std::regex_match(s, kWeeks)) return "weeks";
  return "other";
}

std::string CanonMeasure(std::string_view s) {
  static thread_local std::unordered_map<std::string, std::string> memo;
  auto [it, fresh] = memo.try_emplace(std::string(s));
  if (fresh) it->second = CanonMeasureImpl(s, 0);
  return it->second;
}

bool IsMeasureCode(const std::string& code) {
  for (const auto& [c, syns] : MeasureSynonyms()) {
    if (c == code) return true;
  }
  return false;
}

std::string NormPhase(std::string_view p) {
  std::string s = ReplaceAll(Norm(p), "phase", "");
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  if (s.empty()) return "";
  std::vector<std::string> parts;
  std::string cur;
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '/' || s[i] == '-' || s[i] == '&' || s[i] == ',') {
      parts.push_back(cur), cur.clear(), ++i;
    } else if (s.compare(i, 3, "and") == 0) {
      parts.push_back(cur), cur.clear(), i += 3;
    } else {
      cur += s[i++];
    }
  }
  parts.push_back(cur);
  std::string out;
  for (const auto& part : parts) {
    std::string piece;
    for (std::string_view numeral : {"iv", "iii", "ii", "i", "#"}) {
      size_t len = numeral == "#" ? 1 : numeral.size();
      if (part.size() < len) continue;
      if (numeral == "#" ? !IsDigit(part[0]) : part.compare(0, len, numeral) != 0)
        continue;
      std::string_view rest = std::string_view(part).substr(len);
      if (!(rest.empty() || (rest.size() == 1 && (rest[0] == 'a' || rest[0] == 'b')))) {
        continue;
      }
      std::string n = numeral == "iv"    ? "4"
                      : numeral == "iii" ? "3"
                      : numeral == "ii"  ? "2"
                      : numeral == "i"   ? "1"
                                         : std::string(1, part[0]);
      piece = n + std::string(rest);
      break;
    }
    if (piece.empty()) piece = part;
    if (piece.empty()) continue;
    out += (out.empty() ? "" : "/") + piece;
  }
  return out;
}

std::string NormStatus(std::string_view s) {
  std::string k = AKey(s);
  static const std::set<std::string> done = {"completed", "complete",   "finished",
                                             "closed",    "terminated", "done"};
  static const std::set<std::string> ongoing = {"ongoing",
                                                "recruiting",
                                                "active",
                                                "activenotrecruiting",
                                                "enrolling",
                                                "notyetrecruiting",
                                                "inprogress",
                                                "initiated",
                                                "open",
                                                "running",
                                                "enrollingbyinvitation"};
  if (done.count(k)) return "completed";
  if (ongoing.count(k)) return "ongoing";
  return k;
}

bool IsCarName(std::string_view raw) {
  std::string s = Norm(raw);
  auto alpha = [&](size_t i) { return i < s.size() && s[i] >= 'a' && s[i] <= 'z'; };
  auto word = [&](size_t i) {
    return i < s.size() && (std::isalnum((unsigned char)s[i]) || s[i] == '_' ||
                            (unsigned char)s[i] >= 0x80);
  };
  for (size_t i = s.find("car"); i != std::string::npos; i = s.find("car", i + 1)) {
    if (!(i > 0 && alpha(i - 1)) && !alpha(i + 3)) return true;  // (?<![a-z])car(?![a-z])
    size_t j = i + 3;                                            // car-?t\b
    if (j < s.size() && s[j] == '-') ++j;
    if (j < s.size() && s[j] == 't' && !word(j + 1)) return true;
    if (s.compare(i, 4, "cart") == 0 && !(i > 0 && word(i - 1)) && !word(i + 4)) {
      return true;  // \bcart\b
    }
  }
  return s.find("ucart") != std::string::npos ||
         s.find("chimeric antigen receptor") != std::string::npos;
}

const std::string* OncoGeneAlias(const std::string& akey) {
  auto it = GeneAliases().find(akey);
  return it == GeneAliases().end() ? nullptr : &it->second;
}

const std::string* OncoDrugSynonym(const std::string& akey) {
  auto it = DrugSynonyms().find(akey);
  return it == DrugSynonyms().end() ? nullptr : &it->second;
}

std::vector<std::string> ProcessEquivalents(const std::string& akey) {
  if (akey != "dnamethylation") return {};
  return {"DNA methyltransferase",
          "DNA methyltransferases",
          "DNMT",
          "DNMTs",
          "DNMT1",
          "DNMT3A",
          "DNMT3B",
          "DNA hypomethylation",
          "DNA demethylation",
          "hypomethylation",
          "demethylation",
          "methylation",
          "DNA methyltransferase 1"};
}

bool IsSaltWord(const std::string& word) {
  static const std::set<std::string> salts = {
      "mesylate",   "mesilate",        "hydrochloride", "hcl",       "sodium",  "citrate",
      "maleate",    "tosylate",        "fumarate",      "phosphate", "sulfate", "acetate",
      "ozogamicin", "dihydrochloride", "monohydrate"};
  return salts.count(word) > 0;
}

std::set<std::string> DrugComponents(std::string_view sv) {
  static const std::regex kParen(R"(\(([^()]*)\))");
  static const std::regex kSplit(
      R"(\s*(?:\+|,|;|/|\bor\b|\band\b|\bwith\b|\bplus\b|\bvs\.?|\bversus\b)\s*)");
  std::string s(sv);
  std::vector<std::string> raw = {s};
  std::vector<std::string> pieces = {std::regex_replace(s, kParen, " ")};
  for (std::sregex_iterator it(s.begin(), s.end(), kParen), end; it != end; ++it) {
    pieces.push_back((*it)[1].str());
  }
  for (const auto& part : pieces) {
    raw.push_back(part);
    for (std::sregex_token_iterator it(part.begin(), part.end(), kSplit, -1), end;
         it != end; ++it) {
      raw.push_back(it->str());
    }
  }
  std::set<std::string> out;
  for (const auto& x : raw) {
    std::string t = Trim(x);
    if (!t.empty()) out.insert(t);
  }
  return out;
}

std::pair<std::string, std::vector<std::string>> SplitParen(std::string_view sv) {
  std::string s(sv);
  // ^(.*?)\s*\(([^()]*)\)\s*$
  size_t end = s.size();
  while (end > 0 && std::isspace((unsigned char)s[end - 1])) --end;
  if (end >= 2 && s[end - 1] == ')') {
    size_t open = s.find_last_of("()", end - 2);
    if (open != std::string::npos && s[open] == '(') {
      size_t head_end = open;
      while (head_end > 0 && std::isspace((unsigned char)s[head_end - 1])) --head_end;
      if (head_end > 0 && s.find('\n') == std::string::npos) {
        return {Trim(s.substr(0, head_end)), {Trim(s.substr(open + 1, end - 2 - open))}};
      }
    }
  }
  return {Trim(s), {}};
}

std::string PathwayCore(std::string_view t) {
  static const std::set<std::string> stop = {"pathway",    "pathways", "signaling",
                                             "signalling", "signal",   "process",
                                             "the",        "cascade"};
  auto ws = Words(t);
  std::string out;
  size_t kept = 0;
  for (const auto& w : ws) {
    if (stop.count(w)) continue;
    ++kept;
    out += (out.empty() ? "" : " ") + w;
  }
  if (kept == ws.size()) return "";
  return out;
}

bool SameSentence(std::string_view tool_sentence, std::string_view gold_quote) {
  std::string a = Norm(tool_sentence), b = Norm(gold_quote);
  if (a.empty() || b.empty()) return false;
  if (a.find(b) != std::string::npos || b.find(a) != std::string::npos) return true;
  auto va = Words(a), vb = Words(b);
  std::set<std::string> wa(va.begin(), va.end()), wb(vb.begin(), vb.end());
  if (wa.empty() || wb.empty()) return false;
  size_t common = 0;
  for (const auto& w : wa) common += wb.count(w);
  return double(common) / double(std::min(wa.size(), wb.size())) >= 0.8;
}

double Jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::set<std::string> sa(a.begin(), a.end()), sb(b.begin(), b.end());
  size_t inter = 0;
  for (const auto& x : sa) inter += sb.count(x);
  size_t uni = sa.size() + sb.size() - inter;
  return uni ? double(inter) / double(uni) : 0.0;
}

}  // namespace lg::query::eval
