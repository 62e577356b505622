#include "query/eval.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "query/eval_scorer.h"
#include "query/export.h"

namespace lg::query {

using eval::ExportGraph;
using eval::Frac;
using eval::GoldFile;
using eval::NewCat;

namespace {

// ---------------------------------------------------------------------------
// Output.

std::string Fmt(std::optional<double> x, int w = 6) {
  char buf[32];
  if (x) {
    std::snprintf(buf, sizeof buf, "%*.3f", w, *x);
  } else {
    std::snprintf(buf, sizeof buf, "%*s", w, "-");
  }
  return buf;
}

std::string MatchedText(double m) {
  char buf[32];
  if (m == std::floor(m)) {
    std::snprintf(buf, sizeof buf, "%d", int(m));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f", m);
  }
  return buf;
}

void PrintTable(const std::string& title, const std::vector<EvalCategory>& cats,
                std::string& out) {
  char buf[256];
  out += title + "\n";
  std::snprintf(buf, sizeof buf, "%-17s %5s %5s %8s %6s %6s %6s  %4s %4s %4s %4s %4s\n",
                "category", "gold", "tool", "matched", "P", "R", "F1", "tp", "fp", "neu",
                "dup", "opt");
  out += buf;
  for (const auto& c : cats) {
    if (!c.applicable) continue;
    std::snprintf(buf, sizeof buf,
                  "%-17s %5lld %5lld %8s %s %s %s  %4lld %4lld %4lld %4lld %4lld\n",
                  c.name.c_str(), (long long)c.gold, (long long)c.tool,
                  MatchedText(c.matched).c_str(), Fmt(c.Precision()).c_str(),
                  Fmt(c.Recall()).c_str(), Fmt(c.F1()).c_str(), (long long)c.tp,
                  (long long)c.fp, (long long)c.neu, (long long)c.dup, (long long)c.opt);
    out += buf;
  }
}

void PrintDetails(const std::vector<EvalCategory>& cats, size_t limit, std::string& out) {
  for (const auto& c : cats) {
    if (!c.applicable) continue;
    if (!c.details.empty()) {
      out += "  " + c.name + ": ";
      for (size_t i = 0; i < c.details.size(); ++i) {
        out += (i ? ", " : "") + c.details[i].first + "=" + c.details[i].second;
      }
      out += "\n";
    }
    if (!limit) continue;
    char buf[64];
    auto list = [&](const std::vector<std::string>& items, const char* what,
                    const char* more) {
      for (size_t i = 0; i < items.size() && i < limit; ++i) {
        std::snprintf(buf, sizeof buf, "    %s  %-15s ", what, c.name.c_str());
        out += buf + items[i] + "\n";
      }
      if (items.size() > limit) {
        out += "    ... " + std::to_string(items.size() - limit) + " more " + more + "\n";
      }
    };
    list(c.missing, "missed", "missed");
    list(c.false_positives, "false+", "false positives");
  }
}

std::string Percent(int64_t a, int64_t b) {
  if (b == 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * double(a) / double(b));
  return buf;
}

void PrintCompleteness(const ReferenceCompleteness& c, std::string& out) {
  int64_t real = c.entries - c.web, dated = real - c.no_year;
  out += "  reference list: " + std::to_string(c.entries) + " entries (" +
         std::to_string(c.web) + " web); first author and year " +
         Frac(c.author_year, dated) + " (" + Percent(c.author_year, dated) + ")" +
         (c.no_year ? " of " + std::to_string(dated) + " that print a year (" +
                          std::to_string(c.no_year) + " print none)"
                    : "") +
         ", journal " + Frac(c.journal, real) + " (" + Percent(c.journal, real) + ")";
  if (c.gold_journal) {
    out += ", journal where the gold prints one " +
           Frac(c.gold_journal_found, c.gold_journal) + " (" +
           Percent(c.gold_journal_found, c.gold_journal) + ")";
  }
  out += "\n";
}

void JsonStr(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += char(c);
        }
    }
  }
  out += '"';
}

std::string JsonNum(std::optional<double> x) {
  if (!x) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", *x);  // ties to even, as Python's round()
  return buf;
}

void CategoryJson(const EvalCategory& c, bool with_lists, std::string& out) {
  out +=
      "{\"gold\": " + std::to_string(c.gold) + ", \"tool\": " + std::to_string(c.tool) +
      ", \"matched\": " +
      (c.matched == std::floor(c.matched) ? std::to_string(int64_t(c.matched))
                                          : JsonNum(std::round(c.matched * 100) / 100)) +
      ", \"precision\": " + JsonNum(c.Precision()) +
      ", \"recall\": " + JsonNum(c.Recall()) + ", \"f1\": " + JsonNum(c.F1()) +
      ", \"tp\": " + std::to_string(c.tp) + ", \"fp\": " + std::to_string(c.fp) +
      ", \"neutral\": " + std::to_string(c.neu) +
      ", \"duplicates\": " + std::to_string(c.dup) +
      ", \"optional\": " + std::to_string(c.opt);
  if (!c.details.empty()) {
    out += ", \"details\": {";
    for (size_t i = 0; i < c.details.size(); ++i) {
      if (i) out += ", ";
      JsonStr(out, c.details[i].first);
      out += ": ";
      JsonStr(out, c.details[i].second);
    }
    out += "}";
  }
  if (with_lists) {
    for (const auto& [key, list] :
         {std::make_pair("missing", &c.missing),
          std::make_pair("false_positives", &c.false_positives)}) {
      out += ", \"" + std::string(key) + "\": [";
      for (size_t i = 0; i < list->size(); ++i) {
        if (i) out += ", ";
        JsonStr(out, (*list)[i]);
      }
      out += "]";
    }
  }
  out += "}";
}

void CompletenessJson(const ReferenceCompleteness& c, std::string& out) {
  out += "{\"entries\": " + std::to_string(c.entries) +
         ", \"web\": " + std::to_string(c.web) +
         ", \"no_year\": " + std::to_string(c.no_year) +
         ", \"author_year\": " + std::to_string(c.author_year) +
         ", \"journal\": " + std::to_string(c.journal) +
         ", \"gold_journal\": " + std::to_string(c.gold_journal) +
         ", \"gold_journal_found\": " + std::to_string(c.gold_journal_found) + "}";
}

std::string BaseName(const std::string& p) {
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

// (category, measure, minimum): the acceptance thresholds of the issues (score.py).
struct Threshold {
  const char* category;
  char measure;  // 'P', 'R' or 'F'
  double minimum;
};
// Issue 14: the reference lists of every text (not a score.py set).
constexpr const char* kReferencesThresholds = "references";
constexpr double kMinAuthorYearShare = 0.95, kMinJournalShare = 0.90;

const std::map<std::string, std::vector<Threshold>>& Thresholds() {
  static const auto* m =
      new std::map<std::string, std::vector<Threshold>>{{"seeds",
                                                         {{"genes", 'P', 0.90},
                                                          {"genes", 'R', 0.90},
                                                          {"fusions", 'R', 0.95},
                                                          {"drugs", 'P', 0.90},
                                                          {"drugs", 'R', 0.90},
                                                          {"targets", 'P', 0.85},
                                                          {"targets", 'R', 0.95},
                                                          {"trials_registry", 'R', 1.0},
                                                          {"trials_named", 'R', 0.90},
                                                          {"outcomes", 'P', 0.90},
                                                          {"outcomes", 'R', 0.90},
                                                          {"references", 'R', 0.95},
                                                          {"ref_links", 'R', 0.95}}},
                                                        {"dev-entities",
                                                         {{"genes", 'F', 0.85},
                                                          {"genes", 'P', 0.85},
                                                          {"drugs", 'F', 0.90},
                                                          {"drugs", 'P', 0.85},
                                                          {"trials", 'F', 0.90},
                                                          {"trials", 'P', 0.85},
                                                          {"trials_named", 'F', 0.85}}},
                                                        {"dev-facts",
                                                         {{"targets", 'F', 0.85},
                                                          {"targets", 'P', 0.85},
                                                          {"outcomes", 'F', 0.85},
                                                          {"outcomes_months", 'F', 0.80},
                                                          {"ref_links", 'F', 0.90}}}};
  return *m;
}

}  // namespace

// ---------------------------------------------------------------------------
// Public API.

std::optional<double> EvalCategory::Precision() const {
  int64_t d = tp + fp;
  return d ? std::optional<double>(double(tp) / double(d)) : std::nullopt;
}
std::optional<double> EvalCategory::Recall() const {
  return gold ? std::optional<double>(matched / double(gold)) : std::nullopt;
}
std::optional<double> EvalCategory::F1() const {
  auto p = Precision(), r = Recall();
  if (!r) return std::nullopt;
  if (!p) return gold ? std::optional<double>(0.0) : std::nullopt;
  return *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0.0;
}
void EvalCategory::Add(const EvalCategory& o) {
  gold += o.gold, opt += o.opt, tool += o.tool, tp += o.tp, fp += o.fp, neu += o.neu,
      dup += o.dup, matched += o.matched;
}

void ReferenceCompleteness::Add(const ReferenceCompleteness& o) {
  entries += o.entries, web += o.web, no_year += o.no_year, author_year += o.author_year,
      journal += o.journal, gold_journal += o.gold_journal,
      gold_journal_found += o.gold_journal_found;
}

const EvalCategory* EvalText::Find(const std::string& name) const {
  for (const auto& c : categories) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const EvalCategory* EvalRun::Total(const std::string& name) const {
  for (const auto& c : total) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::string EvalRun::TotalLine() const {
  std::string out = "TOTAL";
  for (const char* k : {"targets", "trials", "outcomes", "genes", "drugs", "fusions",
                        "agents", "trials_registry", "trials_named", "outcomes_months",
                        "references", "ref_links"}) {
    const EvalCategory* c = Total(k);
    std::optional<double> f;
    if (c && c->applicable && (c->gold || c->tool)) f = c->F1();
    char buf[64];
    if (f) {
      std::snprintf(buf, sizeof buf, " %s_f1=%.3f", k, *f);
    } else {
      std::snprintf(buf, sizeof buf, " %s_f1=NA", k);
    }
    out += buf;
  }
  return out;
}

EvalExport::EvalExport(std::unique_ptr<ExportGraph> graph) : graph_(std::move(graph)) {}
EvalExport::~EvalExport() = default;

Result<std::unique_ptr<EvalExport>> EvalExport::FromStore(const graph::Store& store) {
  std::ostringstream out;
  LG_RETURN_IF_ERROR(ExportJsonl(store, out));
  return FromJsonl(out.str());
}

std::unique_ptr<EvalExport> EvalExport::FromJsonl(std::string_view jsonl) {
  return std::unique_ptr<EvalExport>(new EvalExport(ExportGraph::Parse(jsonl)));
}

Result<EvalRun> Evaluate(const EvalExport& ex, const std::vector<std::string>& gold_paths,
                         const std::vector<std::string>& sources) {
  if (gold_paths.empty())
    return Status::InvalidArgument("query: eval: no gold file given");
  EvalRun run;
  for (const char* name : eval::kEvalCategories) run.total.push_back(NewCat(name, false));
  for (size_t i = 0; i < gold_paths.size(); ++i) {
    LG_ASSIGN_OR_RETURN(auto gold, GoldFile::Load(gold_paths[i]));
    std::string source = i < sources.size() ? sources[i] : "";
    EvalText text = eval::Scorer(ex.graph(), *gold, source).Run();
    for (size_t k = 0; k < text.categories.size(); ++k) {
      if (!text.categories[k].applicable) continue;
      run.total[k].applicable = true;
      run.total[k].Add(text.categories[k]);
    }
    run.total_references.Add(text.references);
    run.texts.push_back(std::move(text));
  }
  return run;
}

Result<std::string> GoldSourceOf(const std::string& gold_path) {
  LG_ASSIGN_OR_RETURN(auto gold, GoldFile::Load(gold_path));
  return gold->source();
}

Result<std::vector<std::string>> GoldFilesIn(const std::string& dir) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec), end;
  if (ec)
    return Status::NotFound("query: " + dir + ": cannot read directory: " + ec.message());
  std::vector<std::string> out;
  for (; it != end; it.increment(ec)) {
    if (ec)
      return Status::NotFound("query: " + dir +
                              ": cannot read directory: " + ec.message());
    const auto& p = it->path();
    if (p.extension() != ".json" || !it->is_regular_file()) continue;
    // Files that do not read as a gold annotation are skipped, as score.py does.
    if (GoldFile::Load(p.string()).ok()) out.push_back(p.string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string FormatEvalRun(const EvalRun& run, int verbose) {
  std::string out;
  size_t limit = verbose <= 0 ? 0 : verbose == 1 ? 15 : SIZE_MAX;
  for (const auto& t : run.texts) {
    PrintTable("== " + BaseName(t.gold_path) + "  (source " + t.source + ", " + t.schema +
                   " schema; " + run.export_name + ")",
               t.categories, out);
    PrintDetails(t.categories, limit, out);
    PrintCompleteness(t.references, out);
    out += "\n";
  }
  if (run.texts.size() > 1) {
    PrintTable("== TOTAL (micro-average over " + std::to_string(run.texts.size()) +
                   " gold files)",
               run.total, out);
    PrintCompleteness(run.total_references, out);
    out += "\n";
  }
  return out;
}

std::string EvalRunJson(const EvalRun& run, bool with_lists) {
  std::string out = "{\"format\": 1, \"query\": \"eval\", \"files\": [";
  for (size_t i = 0; i < run.texts.size(); ++i) {
    const auto& t = run.texts[i];
    if (i) out += ", ";
    out += "{\"export\": ";
    JsonStr(out, run.export_name);
    out += ", \"gold\": ";
    JsonStr(out, t.gold_path);
    out += ", \"source\": ";
    JsonStr(out, t.source);
    out += ", \"schema\": ";
    JsonStr(out, t.schema);
    out += ", \"warnings\": [";
    for (size_t w = 0; w < t.warnings.size(); ++w) {
      if (w) out += ", ";
      JsonStr(out, t.warnings[w]);
    }
    out += "], \"categories\": {";
    bool first = true;
    for (const auto& c : t.categories) {
      if (!c.applicable) continue;
      if (!first) out += ", ";
      first = false;
      JsonStr(out, c.name);
      out += ": ";
      CategoryJson(c, with_lists, out);
    }
    out += "}, \"reference_completeness\": ";
    CompletenessJson(t.references, out);
    out += "}";
  }
  out += "], \"total\": {";
  bool first = true;
  for (const auto& c : run.total) {
    if (!c.applicable) continue;
    if (!first) out += ", ";
    first = false;
    JsonStr(out, c.name);
    out += ": ";
    CategoryJson(c, false, out);
  }
  out += "}, \"reference_completeness\": ";
  CompletenessJson(run.total_references, out);
  out += ", \"total_line\": ";
  JsonStr(out, run.TotalLine());
  out += "}\n";
  return out;
}

std::vector<std::string> EvalThresholdNames() {
  std::vector<std::string> out;
  for (const auto& [name, list] : Thresholds()) out.push_back(name);
  out.push_back(kReferencesThresholds);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> ReferenceShortfalls(const EvalRun& run) {
  std::vector<std::string> out;
  char buf[256];
  for (const auto& t : run.texts) {
    const ReferenceCompleteness& c = t.references;
    int64_t real = c.entries - c.web;
    if (c.entries == 0) {
      out.push_back(t.source + ": no reference entries");
      continue;
    }
    // Of the entries that print a year: one that prints none cannot give it.
    int64_t dated = real - c.no_year;
    if (dated > 0 && double(c.author_year) < kMinAuthorYearShare * double(dated)) {
      std::snprintf(buf, sizeof buf, "%s: first author and year %.3f < %.2f",
                    t.source.c_str(), double(c.author_year) / double(dated),
                    kMinAuthorYearShare);
      out.push_back(buf);
    }
    // Where the gold says which entries print a journal, those; else every entry.
    int64_t want = c.gold_journal ? c.gold_journal : real;
    int64_t have = c.gold_journal ? c.gold_journal_found : c.journal;
    if (want > 0 && double(have) < kMinJournalShare * double(want)) {
      std::snprintf(buf, sizeof buf, "%s: journal %.3f < %.2f", t.source.c_str(),
                    double(have) / double(want), kMinJournalShare);
      out.push_back(buf);
    }
  }
  return out;
}

Result<std::vector<std::string>> EvalShortfalls(const EvalRun& run,
                                                const std::string& name) {
  if (name == kReferencesThresholds) return ReferenceShortfalls(run);
  auto it = Thresholds().find(name);
  if (it == Thresholds().end()) {
    std::string names;
    for (const auto& n : EvalThresholdNames()) names += (names.empty() ? "" : ", ") + n;
    return Status::InvalidArgument("query: eval: unknown thresholds '" + name + "' (" +
                                   names + ")");
  }
  std::vector<std::string> short_;
  for (const Threshold& t : it->second) {
    const EvalCategory* c = run.Total(t.category);
    if (c == nullptr || !c->applicable) {
      short_.push_back(std::string(t.category) + " not scored");
      continue;
    }
    auto v = t.measure == 'P' ? c->Precision() : t.measure == 'R' ? c->Recall() : c->F1();
    if (!v || *v < t.minimum) {
      char buf[128];
      std::snprintf(buf, sizeof buf, "%s %s %s < %.2f", t.category,
                    t.measure == 'F'   ? "F1"
                    : t.measure == 'P' ? "P"
                                       : "R",
                    v ? Fmt(v, 0).c_str() : "n/a", t.minimum);
      short_.push_back(buf);
    }
  }
  return short_;
}

}  // namespace lg::query
