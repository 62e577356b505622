#include "tools/bench/synth.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>
#include <string_view>
#include <tuple>

namespace lg::bench {
namespace {

namespace fs = std::filesystem;
namespace attr = graph::attr;

// ---------------------------------------------------------------- lexicon

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    out.emplace_back(
        s.substr(start, pos == std::string_view::npos ? s.npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

std::vector<std::string> SplitList(std::string_view s) {
  if (s.empty()) return {};
  return Split(s, '|');
}

// Calls fn(columns) for every data line of DIR/lexicon/FILE.
template <typename Fn>
Status ForEachRow(const std::string& data_dir, const std::string& file,
                  size_t min_columns, Fn fn) {
  std::string path = data_dir + "/lexicon/" + file;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("bench/synth: cannot read " + path);
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols = Split(line, '\t');
    if (cols.size() < min_columns) {
      return Status::InvalidArgument(
          "bench/synth: " + path + " line " + std::to_string(n) + ": expected " +
          std::to_string(min_columns) + " columns, got " + std::to_string(cols.size()));
    }
    fn(cols);
  }
  return Status::Ok();
}

// ---------------------------------------------------------------- text helpers

std::string Fmt1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f", v);
  return buf;
}

// "a" or "an" before `word`: "an" before a vowel, and before an acronym
// whose first letter is spoken with a vowel sound ("an FLT3 inhibitor").
std::string Article(const std::string& word) {
  if (word.empty()) return "a";
  char c = word[0];
  bool acronym =
      word.size() > 1 && word[1] >= 'A' && word[1] <= 'Z' && c >= 'A' && c <= 'Z';
  if (acronym)
    return std::string("AEFHILMNORSX").find(c) != std::string::npos ? "an" : "a";
  return std::string("aeiouAEIOU").find(c) != std::string::npos ? "an" : "a";
}

std::string Capitalise(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = char(s[0] - 'a' + 'A');
  return s;
}

// "1,3-5,9" from sorted distinct numbers.
std::string CitationList(const std::vector<int>& nums) {
  std::string out;
  for (size_t i = 0; i < nums.size();) {
    size_t j = i;
    while (j + 1 < nums.size() && nums[j + 1] == nums[j] + 1) ++j;
    if (!out.empty()) out += ",";
    out += std::to_string(nums[i]);
    if (j >= i + 2) {
      out += "-" + std::to_string(nums[j]);
    } else if (j == i + 1) {
      out += "," + std::to_string(nums[j]);
    }
    i = j + 1;
  }
  return out;
}

const std::vector<std::string>& Surnames() {
  static const std::vector<std::string> k = {
      "Almeida",  "Bergstrom", "Castell", "Dvorak",  "Eriksen",   "Fontaine",
      "Galloway", "Hartmann",  "Ilyina",  "Jansen",  "Kowalczyk", "Lindqvist",
      "Moreau",   "Nakamura",  "Okafor",  "Petrov",  "Quintero",  "Rasmussen",
      "Santoro",  "Tanaka",    "Uribe",   "Varga",   "Whitfield", "Xu",
      "Yilmaz",   "Zanetti",   "Brandt",  "Coelho",  "Duarte",    "Engel",
      "Ferreira", "Greco",     "Haddad",  "Iversen", "Keller"};
  return k;
}

const std::vector<std::string>& Journals() {
  static const std::vector<std::string> k = {"Blood",        "Leukemia",
                                             "J Clin Oncol", "Haematologica",
                                             "Cancer Cell",  "Nat Med",
                                             "Lancet Oncol", "Br J Haematol",
                                             "Blood Adv",    "Pediatr Blood Cancer",
                                             "Cancer Res",   "Nat Rev Cancer"};
  return k;
}

// Words for reference titles; lower case, ordinary English and clinical words.
const std::vector<std::string>& TitleWords() {
  static const std::vector<std::string> k = {
      "outcome",    "children",  "infants",    "adults",     "treatment",    "relapsed",
      "refractory", "leukemia",  "lymphoma",   "targeted",   "therapy",      "randomized",
      "trial",      "long-term", "results",    "molecular",  "features",     "prognostic",
      "impact",     "analysis",  "cohort",     "resistance", "mechanisms",   "novel",
      "inhibition", "response",  "minimal",    "residual",   "disease",      "survival",
      "phase",      "study",     "clinical",   "activity",   "safety",       "genomic",
      "landscape",  "risk",      "stratified", "protocol",   "international"};
  return k;
}

// ---------------------------------------------------------------- document

enum class CiteStyle { kBrackets, kSuperscript };

// Writes one document; the sentence shapes are ours and only borrow names
// from the lexicon.
class DocWriter {
 public:
  DocWriter(const SynthLexicon& lex, uint64_t seed, size_t target)
      : lex_(lex), rng_(seed), target_(target) {
    style_ = rng_.Chance(50) ? CiteStyle::kBrackets : CiteStyle::kSuperscript;
    refs_ = int(std::clamp<size_t>(target / 900, 20, 400));
    // The review's main rearranged gene and condition.
    main_fusion_ = PickKnownFusion();
    main_cond_ = rng_.Pick(lex_.conditions);
  }

  SynthDocument Write() {
    const SynthLexicon::KnownFusion& kf = lex_.known_fusions[main_fusion_];
    out_ += TitleLine(kf.five) + "\n\n";
    out_ += "Abstract\n\n";
    Paragraph(4);
    size_t section = 0;
    bool table_done = false;
    // Leave room for the reference list (~170 bytes per entry).
    size_t body_target =
        target_ > size_t(refs_) * 170 + 2000 ? target_ - size_t(refs_) * 170 : 2000;
    while (out_.size() < body_target) {
      out_ += "\n" + Heading(section++) + "\n\n";
      int paragraphs = int(rng_.Between(2, 5));
      for (int p = 0; p < paragraphs && out_.size() < body_target; ++p) {
        Paragraph(int(rng_.Between(3, 8)));
      }
      if (!table_done && section >= 2) {
        Table();
        table_done = true;
      }
    }
    if (!table_done) Table();
    References();
    return {std::move(out_), std::move(planted_)};
  }

 private:
  size_t PickKnownFusion() { return rng_.Below(lex_.known_fusions.size()); }

  std::string TitleLine(const std::string& gene) {
    static const std::vector<std::string> kShapes = {
        "Targeting GENE-rearranged leukemia: biology, trials and open questions",
        "GENE rearrangements in COND: from molecular mechanisms to targeted therapy",
        "How we treat GENE-rearranged acute leukemia in 20YY",
        "New agents for COND: a review of the evidence"};
    std::string t = rng_.Pick(kShapes);
    auto replace = [&](const std::string& key, const std::string& with) {
      size_t pos = t.find(key);
      if (pos != std::string::npos) t.replace(pos, key.size(), with);
    };
    replace("GENE", gene);
    replace("COND", main_cond_);
    replace("YY", std::to_string(10 + rng_.Below(16)));
    return t;
  }

  std::string Heading(size_t n) {
    static const std::vector<std::string> kHeadings = {"Introduction",
                                                       "Biology of the rearrangement",
                                                       "Diagnosis and classification",
                                                       "Risk stratification",
                                                       "Targeted agents",
                                                       "Clinical trials",
                                                       "Immunotherapy",
                                                       "Outcomes with chemotherapy",
                                                       "Resistance",
                                                       "Supportive care",
                                                       "Future directions"};
    if (n == 0) return "Introduction";
    std::string h = kHeadings[1 + rng_.Below(kHeadings.size() - 1)];
    if (n >= kHeadings.size())
      h += " (part " + std::to_string(n / kHeadings.size() + 1) + ")";
    return h;
  }

  // ---- citations
  std::string Cite() {
    int k = int(rng_.Between(1, 4));
    std::vector<int> nums;
    int start = int(1 + rng_.Below(uint64_t(refs_)));
    bool run = rng_.Chance(30);
    for (int i = 0; i < k; ++i) {
      int n = run ? start + i : int(1 + rng_.Below(uint64_t(refs_)));
      if (n <= refs_) nums.push_back(n);
    }
    std::sort(nums.begin(), nums.end());
    nums.erase(std::unique(nums.begin(), nums.end()), nums.end());
    return CitationList(nums);
  }

  // Ends a sentence: with a citation in the document's style, or plain.
  void EndSentence(const std::string& body, bool cite) {
    if (!cite) {
      out_ += body + ". ";
      return;
    }
    if (style_ == CiteStyle::kBrackets) {
      out_ += body + " [" + Cite() + "]. ";
    } else {
      out_ += body + "." + Cite() + "\xC2\xA0";
    }
  }

  void Paragraph(int sentences) {
    for (int i = 0; i < sentences; ++i) Sentence();
    while (!out_.empty() && (out_.back() == ' ')) out_.pop_back();
    out_ += "\n\n";
  }

  void Sentence() {
    uint64_t r = rng_.Below(100);
    if (r < 22) {
      FusionSentence();
    } else if (r < 40) {
      TargetSentence();
    } else if (r < 55) {
      TrialSentence();
    } else if (r < 70) {
      OutcomeSentence();
    } else if (r < 78) {
      FrequencySentence();
    } else {
      FillerSentence();
    }
  }

  // ---- fusions
  void FusionSentence() {
    const SynthLexicon::KnownFusion& kf = rng_.Chance(60)
                                              ? lex_.known_fusions[main_fusion_]
                                              : rng_.Pick(lex_.known_fusions);
    std::string canon = kf.five + "::" + kf.three;
    planted_.fusions.insert("fusion:" + canon);
    std::string cond = rng_.Pick(lex_.conditions);
    switch (rng_.Below(6)) {
      case 0:
        EndSentence("The " + canon + " fusion is one of the recurrent lesions in " + cond,
                    true);
        break;
      case 1:
        if (!kf.karyotypes.empty()) {
          EndSentence("The translocation " + kf.karyotypes[0] + " joins " + kf.five +
                          " to " + kf.three + " and produces the " + canon + " fusion",
                      true);
        } else {
          EndSentence(
              "Blasts that carry " + canon + " show a distinct expression profile", true);
        }
        break;
      case 2:
        if (!kf.aliases.empty()) {
          EndSentence("Older reports call the " + canon + " fusion " +
                          rng_.Pick(kf.aliases) + ", after the legacy gene names",
                      true);
        } else {
          EndSentence("Patients with " + canon + " were analysed as a separate group",
                      true);
        }
        break;
      case 3:
        EndSentence("In our experience, cases with a " + kf.five + "-" + kf.three +
                        " fusion relapse earlier than other cases",
                    rng_.Chance(50));
        break;
      case 4:
        EndSentence("Leukemic cells expressing " + canon +
                        " depend on the fusion protein for their growth",
                    true);
        break;
      default:
        EndSentence("Among patients with " + cond + ", the " + kf.five + "::" + kf.three +
                        " transcript was detected by RT-PCR at diagnosis",
                    true);
    }
  }

  // ---- drug -> target
  void TargetSentence() {
    if (lex_.targeted_drugs.empty()) return FillerSentence();
    const SynthLexicon::Drug& d = lex_.drugs[rng_.Pick(lex_.targeted_drugs)];
    const SynthLexicon::DrugClass* cls = nullptr;
    for (const std::string& c : d.classes) {
      for (const SynthLexicon::DrugClass& k : lex_.classes) {
        if (k.name == c && !k.relation.empty() && !k.targets.empty()) cls = &k;
      }
      if (cls != nullptr) break;
    }
    if (cls == nullptr) return FillerSentence();
    const std::string& gene = rng_.Pick(cls->targets);
    std::string fact = "drug:" + d.name + " " + cls->relation + " gene:" + gene;
    std::string verb = cls->relation;
    uint64_t shape = rng_.Below(4);
    // A relative clause without the class ("X, which inhibits Y,") is harder
    // text that ingest does not read yet: written, but not counted as planted.
    if (shape != 2) planted_.targets.insert(fact);
    switch (shape) {
      case 0:
        EndSentence("In preclinical models, " + d.name + ", " + Article(cls->name) + " " +
                        cls->name + ", " + verb + " " + gene,
                    true);
        break;
      case 1:
        EndSentence("The " + cls->name + " " + d.name + " " + verb + " " + gene +
                        " and slowed the growth of leukemic xenografts",
                    true);
        break;
      case 2:
        EndSentence("Treatment with " + d.name + ", which " + verb + " " + gene +
                        ", reduced the leukemic burden in mice",
                    true);
        break;
      default:
        EndSentence("As " + Article(cls->name) + " " + cls->name + ", " + d.name + " " +
                        verb + " " + gene,
                    true);
    }
  }

  // ---- trials
  std::string NewNct() {
    char buf[16];
    std::snprintf(buf, sizeof(buf), "NCT0%07" PRIu64, 1000000 + rng_.Below(8999999));
    return buf;
  }

  // A trial name as printed and its id.
  std::pair<std::string, std::string> PickTrial() {
    if (!lex_.trials.empty() && rng_.Chance(40)) {
      const std::string& t = rng_.Pick(lex_.trials);
      return {t, "trial:" + t};
    }
    std::string nct = NewNct();
    return {nct, "trial:" + nct};
  }

  void TrialSentence() {
    auto [name, id] = PickTrial();
    const SynthLexicon::Drug& d = rng_.Pick(lex_.drugs);
    planted_.trials.insert(id);
    switch (rng_.Below(3)) {
      case 0:
        EndSentence("The phase " + std::to_string(1 + rng_.Below(3)) + " trial " + name +
                        " tested " + d.name + " in patients with " +
                        rng_.Pick(lex_.conditions),
                    true);
        break;
      case 1:
        EndSentence("Enrolment in " + name + " closed after " +
                        std::to_string(20 + rng_.Below(600)) +
                        " patients had been included",
                    rng_.Chance(50));
        break;
      default:
        EndSentence(Capitalise(d.name) + " is being studied in " + name +
                        ", which is still recruiting",
                    true);
    }
  }

  // ---- outcomes
  void OutcomeSentence() {
    struct Measure {
      const char* code;
      const char* text;
    };
    static const std::vector<Measure> kMeasures = {
        {"EFS", "event-free survival"},   {"EFS", "EFS"},
        {"OS", "overall survival"},       {"OS", "OS"},
        {"DFS", "disease-free survival"}, {"RFS", "relapse-free survival"}};
    const Measure& m = rng_.Pick(kMeasures);
    std::string value = Fmt1(double(150 + rng_.Below(800)) / 10.0);
    int years = int(rng_.Between(2, 10));
    auto [name, id] = PickTrial();
    planted_.outcomes.insert(std::string(m.code) + " " + value);
    std::string lo = Fmt1(std::stod(value) - double(rng_.Between(30, 90)) / 10.0);
    std::string hi =
        Fmt1(std::min(99.9, std::stod(value) + double(rng_.Between(30, 90)) / 10.0));
    switch (rng_.Below(3)) {
      case 0:
        EndSentence("In " + name + ", the " + std::to_string(years) + "-year " + m.text +
                        " was " + value + "% (95% CI, " + lo + "-" + hi + ")",
                    true);
        break;
      case 1:
        EndSentence("The " + std::to_string(years) + "-year " + m.text + " reached " +
                        value + "% for all patients enrolled in " + name,
                    true);
        break;
      default:
        EndSentence("With a median follow-up of " + std::to_string(years) + " years, " +
                        name + " reported a " + m.text + " of " + value + "%",
                    true);
    }
  }

  void FrequencySentence() {
    const SynthLexicon::KnownFusion& kf = rng_.Pick(lex_.known_fusions);
    std::string v = std::to_string(2 + rng_.Below(60));
    EndSentence("About " + v + "% of patients with " + rng_.Pick(lex_.conditions) +
                    " carry a " + kf.five + " rearrangement",
                true);
  }

  void FillerSentence() {
    static const std::vector<std::string> kFiller = {
        "These observations have shaped the design of the current protocols",
        "The optimal sequence of these approaches remains to be defined",
        "Toxicity, rather than resistance, limited further intensification",
        "Central review of diagnostic material was required for enrolment",
        "Late effects remain a concern for the youngest survivors",
        "Several groups have therefore moved towards response-adapted therapy",
        "A consensus on the definition of high-risk disease is still lacking",
        "Prospective validation in larger cohorts is needed before this can be adopted",
        "Measurable residual disease after induction was the strongest predictor of "
        "relapse",
        "Access to these agents differs widely between countries"};
    EndSentence(rng_.Pick(kFiller), rng_.Chance(40));
  }

  // ---- table and references
  void Table() {
    out_ += "Table 1. Selected agents and trials discussed in this review\n";
    out_ += "Agent\tTarget\tTrial\tPhase\n";
    int rows = int(rng_.Between(3, 8));
    for (int i = 0; i < rows; ++i) {
      if (lex_.targeted_drugs.empty()) break;
      const SynthLexicon::Drug& d = lex_.drugs[rng_.Pick(lex_.targeted_drugs)];
      std::string target = "-";
      for (const std::string& c : d.classes) {
        for (const SynthLexicon::DrugClass& k : lex_.classes) {
          if (k.name == c && !k.targets.empty()) target = k.targets[0];
        }
      }
      out_ += d.name + "\t" + target + "\t" + NewNct() + "\t" +
              std::to_string(1 + rng_.Below(3)) + "\n";
    }
    out_ += "\n";
  }

  void References() {
    out_ += "\nReferences\n\n";
    for (int n = 1; n <= refs_; ++n) {
      std::string authors;
      int k = int(rng_.Between(1, 4));
      for (int a = 0; a < k; ++a) {
        if (a) authors += ", ";
        authors += rng_.Pick(Surnames()) + " " +
                   std::string(1, char('A' + rng_.Below(26))) +
                   std::string(1, char('A' + rng_.Below(26)));
      }
      if (k == 4) authors += ", et al";
      std::string title = Capitalise(rng_.Pick(TitleWords()));
      int words = int(rng_.Between(5, 11));
      for (int w = 0; w < words; ++w) title += " " + rng_.Pick(TitleWords());
      int year = int(1995 + rng_.Below(30));
      int vol = int(1 + rng_.Below(140));
      int page = int(1 + rng_.Below(3000));
      out_ += std::to_string(n) + ". " + authors + ". " + title + ". " +
              rng_.Pick(Journals()) + ". " + std::to_string(year) + ";" +
              std::to_string(vol) + "(" + std::to_string(1 + rng_.Below(24)) +
              "):" + std::to_string(page) + "-" +
              std::to_string(page + 1 + rng_.Below(20)) + ".\n";
    }
  }

  const SynthLexicon& lex_;
  Rng rng_;
  size_t target_;
  CiteStyle style_;
  int refs_;
  size_t main_fusion_;
  std::string main_cond_;
  std::string out_;
  Planted planted_;
};

}  // namespace

// ---------------------------------------------------------------- Rng

uint64_t Rng::Next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t Rng::Below(uint64_t n) {
  if (n == 0) return 0;
  return uint64_t((static_cast<unsigned __int128>(Next()) * n) >> 64);
}

uint64_t Rng::Between(uint64_t lo, uint64_t hi) {
  if (hi <= lo) return lo;
  return lo + Below(hi - lo + 1);
}

uint64_t Rng::Skewed(uint64_t n, int power) {
  if (n == 0) return 0;
  // u in [0, 1) from the top 53 bits; exact in a double.
  double u = double(Next() >> 11) / 9007199254740992.0;
  double p = u;
  for (int i = 1; i < power; ++i) p *= u;
  uint64_t i = uint64_t(p * double(n));
  return i < n ? i : n - 1;
}

uint64_t Mix(uint64_t a, uint64_t b) {
  Rng r(a ^ (b * 0xD1B54A32D192ED03ULL));
  r.Next();
  return r.Next();
}

// ---------------------------------------------------------------- lexicon

Result<SynthLexicon> LoadSynthLexicon(const std::string& data_dir) {
  SynthLexicon lex;
  LG_RETURN_IF_ERROR(ForEachRow(data_dir, "genes.tsv", 4, [&](const auto& c) {
    lex.genes.push_back({c[0], c[2], c[3]});
  }));
  LG_RETURN_IF_ERROR(ForEachRow(data_dir, "fusion_genes.tsv", 2, [&](const auto& c) {
    lex.fusion_genes.push_back(c[0]);
  }));
  LG_RETURN_IF_ERROR(ForEachRow(data_dir, "known_fusions.tsv", 4, [&](const auto& c) {
    lex.known_fusions.push_back({c[0], c[1], SplitList(c[2]), SplitList(c[3])});
  }));
  std::set<std::string> gene_symbols;
  for (const auto& g : lex.genes) gene_symbols.insert(g.symbol);
  LG_RETURN_IF_ERROR(ForEachRow(data_dir, "drug_classes.tsv", 4, [&](const auto& c) {
    SynthLexicon::DrugClass k{c[0], c[2], {}};
    for (const std::string& t : SplitList(c[3])) {
      if (gene_symbols.count(t)) k.targets.push_back(t);
    }
    lex.classes.push_back(std::move(k));
  }));
  LG_RETURN_IF_ERROR(ForEachRow(data_dir, "drugs.tsv", 3, [&](const auto& c) {
    lex.drugs.push_back({c[0], SplitList(c[2])});
  }));
  LG_RETURN_IF_ERROR(ForEachRow(data_dir, "trials.tsv", 1,
                                [&](const auto& c) { lex.trials.push_back(c[0]); }));
  LG_RETURN_IF_ERROR(ForEachRow(data_dir, "conditions.tsv", 1,
                                [&](const auto& c) { lex.conditions.push_back(c[0]); }));
  // Patient groups only: diseases, not complications ("tumor lysis syndrome").
  std::vector<std::string> diseases;
  for (const std::string& c : lex.conditions) {
    static const char* const kDisease[] = {
        "ALL", "AML", "leuk", "lymphoma", "cancer",   "sarcoma", "carcinoma",   "myeloma",
        "CML", "CLL", "MDS",  "blastoma", "melanoma", "GIST",    "mesothelioma"};
    bool disease = c.find("lysis") == std::string::npos;
    disease = disease &&
              std::any_of(std::begin(kDisease), std::end(kDisease),
                          [&](const char* k) { return c.find(k) != std::string::npos; });
    if (disease) diseases.push_back(c);
  }
  if (!diseases.empty()) lex.conditions = std::move(diseases);
  for (size_t i = 0; i < lex.drugs.size(); ++i) {
    for (const std::string& c : lex.drugs[i].classes) {
      auto it = std::find_if(lex.classes.begin(), lex.classes.end(),
                             [&](const auto& k) { return k.name == c; });
      if (it != lex.classes.end() && !it->relation.empty() && !it->targets.empty()) {
        lex.targeted_drugs.push_back(i);
        break;
      }
    }
  }
  if (lex.genes.empty() || lex.known_fusions.empty() || lex.drugs.empty() ||
      lex.conditions.empty() || lex.classes.empty()) {
    return Status::InvalidArgument(
        "bench/synth: " + data_dir +
        "/lexicon: a lexicon file the generator needs is empty");
  }
  return lex;
}

// ---------------------------------------------------------------- corpus

SynthDocument GenerateDocument(const SynthLexicon& lex, uint64_t seed,
                               size_t target_bytes) {
  return DocWriter(lex, seed, std::max<size_t>(target_bytes, 4096)).Write();
}

Result<CorpusStats> WriteCorpus(const SynthLexicon& lex, uint64_t seed,
                                uint64_t total_bytes, uint64_t doc_bytes,
                                const std::string& dir) {
  if (doc_bytes == 0) return Status::InvalidArgument("bench/synth: document size is 0");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return Status::IOError("bench/synth: cannot create " + dir + ": " + ec.message());
  CorpusStats stats;
  uint64_t files = (total_bytes + doc_bytes - 1) / doc_bytes;
  for (uint64_t i = 0; i < files; ++i) {
    SynthDocument doc = GenerateDocument(lex, Mix(seed, i), doc_bytes);
    char name[32];
    std::snprintf(name, sizeof(name), "synth_%06" PRIu64 ".txt", i);
    std::string path = dir + "/" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(doc.text.data(), std::streamsize(doc.text.size()));
    out.close();
    if (!out) return Status::IOError("bench/synth: cannot write " + path);
    ++stats.files;
    stats.bytes += doc.text.size();
  }
  return stats;
}

// ---------------------------------------------------------------- graph

namespace {

using graph::Entity;
using graph::EntityKind;
using graph::Evidence;
using graph::Fact;
using graph::MakeEntityId;

const char* const kDrugStems[] = {"tinib", "rafenib", "menib", "ciclib", "parib",
                                  "lisib", "mab",     "stat",  "zomib",  "degib"};
const char* const kSyllables[] = {"ba", "ce", "do", "fu", "ga", "hi", "ko",
                                  "lu", "mi", "no", "pa", "re", "si", "to",
                                  "va", "xe", "zo", "ri", "te", "la"};

// Collects one source: entities by id, facts by id (equal facts merge
// their evidence, as ingest does).
class SourceBuilder {
 public:
  SourceBuilder(std::string source_id, int refs)
      : source_id_(std::move(source_id)), refs_(refs) {}

  Entity& AddEntity(const std::string& id, EntityKind kind, const std::string& label) {
    auto [it, fresh] = entities_.try_emplace(id);
    if (fresh) {
      it->second.id = id;
      it->second.kind = kind;
      it->second.label = label;
      it->second.aliases.push_back(label);
    }
    return it->second;
  }

  void AddFact(const std::string& s, std::string_view p, const std::string& o,
               std::map<std::string, std::string> attrs, const std::string& sentence,
               const char* rule, Rng& rng) {
    Fact f;
    f.subject = s;
    f.predicate = std::string(p);
    f.object = o;
    f.attributes = std::move(attrs);
    f.id = graph::ComputeFactId(f);
    Evidence ev;
    ev.source = source_id_;
    ev.sentence = sentence;
    ev.begin = cursor_;
    ev.end = cursor_ + sentence.size();
    cursor_ = ev.end + 1;
    std::vector<int> nums;
    int k = int(rng.Between(1, 3));
    for (int i = 0; i < k; ++i) nums.push_back(int(1 + rng.Below(uint64_t(refs_))));
    std::sort(nums.begin(), nums.end());
    nums.erase(std::unique(nums.begin(), nums.end()), nums.end());
    for (int n : nums) ev.refs.push_back(std::to_string(n));
    ev.rule = rule;
    auto [it, fresh] = facts_.try_emplace(f.id);
    if (fresh) it->second = std::move(f);
    it->second.evidence.push_back(std::move(ev));
  }

  size_t facts() const { return facts_.size(); }

  graph::SourceData Finish(graph::Source source, std::vector<graph::Reference> refs) {
    graph::SourceData data;
    data.source = std::move(source);
    for (auto& [id, e] : entities_) {
      std::sort(e.aliases.begin(), e.aliases.end());
      e.aliases.erase(std::unique(e.aliases.begin(), e.aliases.end()), e.aliases.end());
      data.entities.push_back(std::move(e));
    }
    uint64_t evidence = 0;
    for (auto& [id, f] : facts_) {
      evidence += f.evidence.size();
      data.facts.push_back(std::move(f));
    }
    data.source.counts.sentences = evidence;
    data.source.counts.entities = data.entities.size();
    data.source.counts.facts = data.facts.size();
    data.source.counts.references = refs.size();
    data.references = std::move(refs);
    return data;
  }

 private:
  std::string source_id_;
  int refs_;
  uint64_t cursor_ = 0;
  std::map<std::string, Entity> entities_;
  std::map<std::string, Fact> facts_;
};

}  // namespace

GraphSynth::GraphSynth(const SynthLexicon& lex, const GraphOptions& options)
    : lex_(lex), options_(options) {
  uint64_t n = std::max<uint64_t>(options.edges, 1000);
  u_.genes = std::min<uint64_t>(lex.genes.size() + lex.fusion_genes.size(),
                                std::max<uint64_t>(2000, n / 20));
  u_.fusions = std::max<uint64_t>(1000, n / 4);
  u_.drugs = std::max<uint64_t>(lex.drugs.size(), n / 100);
  u_.trials = std::max<uint64_t>(500, n / 50);
  u_.conditions = lex.conditions.size();
  if (options_.min_source_facts == 0) options_.min_source_facts = 1;
  if (options_.max_source_facts < options_.min_source_facts) {
    options_.max_source_facts = options_.min_source_facts;
  }
}

graph::SourceData GraphSynth::MakeSource(uint64_t index) const {
  const SynthLexicon& lex = lex_;
  const Universe& u = u_;
  Rng rng(Mix(options_.seed, index));
  char id_buf[64];
  std::snprintf(id_buf, sizeof(id_buf), "synth_%" PRIu64 "_%06" PRIu64, options_.seed,
                index);
  const std::string source_id = id_buf;
  const int refs = int(rng.Between(40, 160));
  const uint64_t goal = rng.Between(options_.min_source_facts, options_.max_source_facts);
  SourceBuilder b(source_id, refs);

  // ---- entities, each a pure function of its index
  auto gene_symbol = [&](uint64_t i) -> const SynthLexicon::Gene* {
    if (i < lex.fusion_genes.size()) {
      // Fusion genes first: they are the hubs of a leukemia graph.
      const std::string& s = lex.fusion_genes[i];
      auto it = std::lower_bound(
          lex.genes.begin(), lex.genes.end(), s,
          [](const auto& g, const std::string& v) { return g.symbol < v; });
      if (it != lex.genes.end() && it->symbol == s) return &*it;
    }
    // A fixed permutation of genes.tsv (stride coprime with its size).
    uint64_t total = lex.genes.size();
    uint64_t stride = 7919;
    while (std::gcd(stride, total) != 1) stride += 2;
    return &lex.genes[(i * stride + 12345) % total];
  };
  auto gene = [&](uint64_t i) {
    const SynthLexicon::Gene* g = gene_symbol(i);
    std::string id = MakeEntityId(EntityKind::kGene, g->symbol);
    Entity& e = b.AddEntity(id, EntityKind::kGene, g->symbol);
    if (!g->name.empty()) e.attributes[attr::kName] = g->name;
    if (!g->cytoband.empty()) e.attributes[attr::kCytoband] = g->cytoband;
    return std::make_pair(id, g->symbol);
  };
  auto group = [&](uint64_t gi) {
    auto [gid, sym] = gene(gi);
    std::string key = graph::FusionKey(sym, graph::kUnknownPartner);
    std::string id = MakeEntityId(EntityKind::kFusion, key);
    Entity& e = b.AddEntity(id, EntityKind::kFusion, key);
    e.aliases.push_back(sym + "-r");
    e.aliases.push_back(sym + "-rearranged");
    b.AddFact(id, graph::pred::kInvolves, gid, {{attr::kRole, "5prime"}},
              sym + "-rearranged leukemia forms a distinct group.", "synth-fusion-group",
              rng);
    return std::make_pair(id, sym);
  };
  // Fusion j: 5' gene skewed (hubs), 3' gene less so.
  auto fusion = [&](uint64_t j) {
    Rng fr(Mix(options_.seed ^ 0xF05E, j));
    uint64_t g5 = fr.Skewed(u.genes, 3);
    uint64_t g3 = fr.Skewed(u.genes, 2);
    if (g3 == g5) g3 = (g3 + 1) % u.genes;
    auto [id5, s5] = gene(g5);
    auto [id3, s3] = gene(g3);
    if (s5 == s3) {
      g3 = (g3 + 7) % u.genes;
      std::tie(id3, s3) = gene(g3);
    }
    std::string key = graph::FusionKey(s5, s3);
    std::string id = MakeEntityId(EntityKind::kFusion, key);
    Entity& e = b.AddEntity(id, EntityKind::kFusion, key);
    e.aliases.push_back(s5 + "-" + s3);
    return std::make_tuple(id, g5, id5, s5, id3, s3);
  };
  auto drug = [&](uint64_t d) {
    std::string name;
    if (d < lex.drugs.size()) {
      name = lex.drugs[d].name;
    } else {
      Rng dr(Mix(options_.seed ^ 0xD506, d));
      int syl = int(dr.Between(2, 3));
      for (int s = 0; s < syl; ++s) name += kSyllables[dr.Below(20)];
      name += kDrugStems[dr.Below(10)];
      name += std::to_string(d % 1000);  // keeps invented names distinct
    }
    std::string id = MakeEntityId(EntityKind::kDrug, name);
    b.AddEntity(id, EntityKind::kDrug, name);
    return std::make_pair(id, name);
  };
  auto drug_class = [&](uint64_t d) -> const SynthLexicon::DrugClass& {
    if (d < lex.drugs.size()) {
      for (const std::string& c : lex.drugs[d].classes) {
        for (const auto& k : lex.classes) {
          if (k.name == c) return k;
        }
      }
    }
    return lex.classes[Mix(options_.seed ^ 0xC1A5, d) % lex.classes.size()];
  };
  auto trial = [&](uint64_t t) {
    std::string name;
    if (t < lex.trials.size()) {
      name = lex.trials[t];
    } else {
      char buf[16];
      std::snprintf(buf, sizeof(buf), "NCT%08" PRIu64,
                    10000000 + (t * 7919 + 4242) % 89999999);
      name = buf;
    }
    std::string id = MakeEntityId(EntityKind::kTrial, name);
    Entity& e = b.AddEntity(id, EntityKind::kTrial, name);
    e.attributes[attr::kPhase] = std::to_string(1 + Mix(options_.seed ^ 0x7A1, t) % 3);
    return std::make_pair(id, name);
  };
  auto condition = [&](uint64_t c) {
    const std::string& name = lex.conditions[c];
    std::string id = MakeEntityId(EntityKind::kCondition, name);
    b.AddEntity(id, EntityKind::kCondition, name);
    return std::make_pair(id, name);
  };

  static const char* const kMeasures[] = {"EFS", "OS", "DFS", "RFS", "CR"};
  while (b.facts() < goal) {
    uint64_t r = rng.Below(100);
    if (r < 25) {
      // A fusion, its genes and its group.
      auto [fid, g5, id5, s5, id3, s3] = fusion(rng.Below(u.fusions));
      std::string label = s5 + "::" + s3;
      b.AddFact(fid, graph::pred::kInvolves, id5, {{attr::kRole, "5prime"}},
                "The " + label + " fusion keeps the 5' part of " + s5 + ".",
                "fusion-structure", rng);
      b.AddFact(fid, graph::pred::kInvolves, id3, {{attr::kRole, "3prime"}},
                "In " + label + " the 3' partner is " + s3 + ".", "fusion-structure",
                rng);
      auto [grp, gs] = group(g5);
      b.AddFact(fid, graph::pred::kMemberOf, grp, {},
                label + " is one of the " + gs + " rearrangements.",
                "fusion-group-member", rng);
    } else if (r < 42) {
      // A frequency of a fusion in a condition.
      auto [fid, g5, id5, s5, id3, s3] = fusion(rng.Skewed(u.fusions, 2));
      auto [cid, cname] = condition(rng.Skewed(u.conditions, 2));
      std::string v = Fmt1(double(1 + rng.Below(800)) / 10.0);
      b.AddFact(fid, graph::pred::kFrequency, cid,
                {{attr::kValue, v}, {attr::kPopulation, cname}},
                s5 + "::" + s3 + " is found in " + v + "% of " + cname + ".",
                "synth-frequency", rng);
    } else if (r < 60) {
      // A drug, its class (facts that recur across sources) and a target.
      uint64_t d = rng.Skewed(u.drugs, 2);
      auto [did, dname] = drug(d);
      const SynthLexicon::DrugClass& k = drug_class(d);
      if (rng.Chance(30)) {
        std::string cid = MakeEntityId(EntityKind::kDrugClass, k.name);
        b.AddEntity(cid, EntityKind::kDrugClass, k.name);
        b.AddFact(did, graph::pred::kMemberOf, cid, {},
                  dname + " is " + Article(k.name) + " " + k.name + ".",
                  "class-apposition", rng);
      }
      std::string relation = k.relation.empty() ? "inhibits" : k.relation;
      std::string gid, gsym;
      if (!k.targets.empty() && rng.Chance(30)) {
        gsym = rng.Pick(k.targets);
        gid = MakeEntityId(EntityKind::kGene, gsym);
        b.AddEntity(gid, EntityKind::kGene, gsym);
      } else {
        std::tie(gid, gsym) = gene(rng.Skewed(u.genes, 2));
      }
      b.AddFact(did, relation, gid, {},
                dname + ", " + Article(k.name) + " " + k.name + ", " + relation + " " +
                    gsym + ".",
                "drug-target", rng);
    } else if (r < 85) {
      // A trial, the drug it tests (a fact that recurs) and an outcome.
      uint64_t t = rng.Skewed(u.trials, 2);
      auto [tid, tname] = trial(t);
      if (rng.Chance(25)) {
        auto [did, dname] = drug(Mix(options_.seed ^ 0x7E57, t) % u.drugs);
        b.AddFact(tid, graph::pred::kTests, did, {}, tname + " tested " + dname + ".",
                  "trial-tests", rng);
      }
      auto [cid, cname] = condition(rng.Skewed(u.conditions, 2));
      std::string measure = kMeasures[rng.Below(5)];
      std::string v = Fmt1(double(100 + rng.Below(880)) / 10.0);
      std::string horizon = std::to_string(rng.Between(1, 10)) + "-year";
      b.AddFact(tid, graph::pred::kOutcome, cid,
                {{attr::kMeasure, measure},
                 {attr::kMeasureText, measure},
                 {attr::kValue, v},
                 {attr::kUnit, "%"},
                 {attr::kHorizon, horizon},
                 {attr::kGroup, cname}},
                "In " + tname + " the " + horizon + " " + measure + " was " + v + "%.",
                "outcome", rng);
    } else {
      // A drug active in a fusion or group.
      auto [did, dname] = drug(rng.Skewed(u.drugs, 2));
      if (rng.Chance(50)) {
        auto [fid, g5, id5, s5, id3, s3] = fusion(rng.Below(u.fusions));
        b.AddFact(did, graph::pred::kActiveIn, fid, {},
                  dname + " killed cells carrying " + s5 + "::" + s3 + ".", "activity",
                  rng);
      } else {
        auto [grp, gs] = group(rng.Skewed(u.genes, 3));
        b.AddFact(did, graph::pred::kActiveIn, grp, {},
                  dname + " was active in " + gs + "-rearranged leukemia.", "activity",
                  rng);
      }
    }
  }

  graph::Source source;
  source.id = source_id;
  source.path = "synthetic/" + source_id + ".txt";
  source.content_hash = graph::Sha256Hex(source_id);
  source.title = "Synthetic review " + std::to_string(index);
  source.journal = rng.Pick(Journals());
  source.year = std::to_string(1995 + rng.Below(30));
  source.authors = {rng.Pick(Surnames()) + " A", rng.Pick(Surnames()) + " B"};
  source.ingested_at = "2026-01-01T00:00:00Z";
  std::vector<graph::Reference> references;
  for (int n = 1; n <= refs; ++n) {
    graph::Reference r;
    r.source = source_id;
    r.n = std::to_string(n);
    r.first_author = rng.Pick(Surnames());
    r.authors = {r.first_author + " AB"};
    r.title = Capitalise(rng.Pick(TitleWords())) + " " + rng.Pick(TitleWords()) + " " +
              rng.Pick(TitleWords());
    r.journal = rng.Pick(Journals());
    r.year = std::to_string(1990 + rng.Below(35));
    r.raw = r.n + ". " + r.authors[0] + ". " + r.title + ". " + r.journal + ". " +
            r.year + ".";
    references.push_back(std::move(r));
  }
  return b.Finish(std::move(source), std::move(references));
}

std::vector<graph::SourceData> SmallGraphSources(const SynthLexicon& lex) {
  GraphOptions options;
  options.seed = 1;
  options.edges = 3000;
  options.min_source_facts = 500;
  options.max_source_facts = 1000;
  GraphSynth synth(lex, options);
  std::vector<graph::SourceData> sources;
  for (uint64_t i = 0; i < 4; ++i) sources.push_back(synth.MakeSource(i));
  return sources;
}

}  // namespace lg::bench
