#include "ingest/lexicon.h"

#include <re2/re2.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <unordered_set>
#include <utility>

#include "graph/model.h"
#include "graph/text_util.h"
#include "ingest/words.h"

namespace lg::ingest {
namespace {

// One data row of a TSV file: its columns (views into the file's bytes) and
// its 1-based line number, for messages.
struct Row {
  std::vector<std::string_view> cols;
  size_t line = 0;
};

// A TSV file read whole: "#" comment lines and blank lines are skipped; every
// other line must have exactly `columns` tab-separated columns and a
// non-empty first column. Rows are visited in order by ForEach.
struct Table {
  std::string path;
  std::string bytes;
  size_t columns = 0;

  Status Error(const Row& row, const std::string& why) const {
    return Status::InvalidArgument("ingest: " + path + " line " +
                                   std::to_string(row.line) + ": " + why);
  }

  // Calls fn(row) -> Status for each data row; stops at the first error.
  template <typename Fn>
  Status ForEach(Fn&& fn) const {
    std::string_view all = bytes;
    Row row;
    row.cols.reserve(columns + 1);
    size_t line_no = 0;
    while (!all.empty()) {
      ++line_no;
      size_t nl = all.find('\n');
      std::string_view line = all.substr(0, nl);
      all = nl == std::string_view::npos ? std::string_view() : all.substr(nl + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty() || line.front() == '#') continue;
      row.line = line_no;
      row.cols.clear();
      size_t start = 0;
      while (true) {
        size_t tab = line.find('\t', start);
        row.cols.push_back(line.substr(
            start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
        if (tab == std::string_view::npos) break;
        start = tab + 1;
      }
      if (row.cols.size() != columns) {
        return Error(row, "expected " + std::to_string(columns) + " columns, got " +
                              std::to_string(row.cols.size()));
      }
      if (row.cols[0].empty()) return Error(row, "empty first column");
      LG_RETURN_IF_ERROR(fn(static_cast<const Row&>(row)));
    }
    return Status::Ok();
  }
};

Status ReadTable(const std::string& dir, const char* file, size_t columns, Table* table) {
  table->path = dir + "/" + file;
  table->columns = columns;
  std::ifstream in(table->path, std::ios::binary);
  if (!in) {
    return Status::IOError("ingest: " + table->path +
                           ": cannot read: " + std::strerror(errno));
  }
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size < 0)
    return Status::IOError("ingest: " + table->path + ": cannot read: bad size");
  table->bytes.resize(static_cast<size_t>(size));
  if (!in.read(table->bytes.data(), size)) {
    return Status::IOError("ingest: " + table->path + ": cannot read: short read");
  }
  return Status::Ok();
}

// Splits a '|'-joined list; "" gives no items. An empty item is an error.
Status SplitList(const Table& table, const Row& row, size_t col,
                 std::vector<std::string>* out) {
  *out = graph::SplitList(row.cols[col], "|");
  for (const std::string& item : *out) {
    if (item.empty()) {
      return table.Error(row, "empty item in column " + std::to_string(col + 1));
    }
  }
  return Status::Ok();
}

bool HasLetter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           static_cast<unsigned char>(c) >= 0x80;
  });
}

using graph::IsDigit;

// True when `end` (one end of a cytoband, e.g. "11q23.3") lies inside the
// band `query` names: "11", "11q", "11q2", "11q23" and "11q23.3" all contain
// "11q23.3"; "1" does not contain "11q23".
bool BandContains(std::string_view query, std::string_view end) {
  if (end.substr(0, query.size()) != query) return false;
  if (end.size() == query.size()) return true;
  char next = end[query.size()];
  bool has_arm = query.find_first_of("pq") != std::string_view::npos;
  if (!has_arm) return next == 'p' || next == 'q' || next == 'c';
  return IsDigit(next) || next == '.';
}

// The ends of a cytoband: "4q21.3-q22.1" -> {"4q21.3", "4q22.1"}; a second
// end without its chromosome takes the first end's.
std::vector<std::string> BandEnds(std::string_view band) {
  std::vector<std::string> ends;
  size_t dash = band.find('-');
  std::string_view first = band.substr(0, dash);
  ends.emplace_back(first);
  if (dash != std::string_view::npos) {
    std::string_view second = band.substr(dash + 1);
    if (!second.empty() && (second[0] == 'p' || second[0] == 'q')) {
      size_t arm = first.find_first_of("pq");
      ends.push_back(std::string(first.substr(0, arm)) + std::string(second));
    } else {
      ends.emplace_back(second);
    }
  }
  return ends;
}

bool IsRelation(std::string_view r) {
  return r == graph::pred::kInhibits || r == graph::pred::kTargets ||
         r == graph::pred::kBinds || r == graph::pred::kAntagonises;
}

}  // namespace

Result<std::unique_ptr<Lexicon>> Lexicon::Load(const std::string& dir) {
  auto lex = std::unique_ptr<Lexicon>(new Lexicon());

  // genes.tsv: symbol, aliases, name, cytoband.
  {
    Table t;
    LG_RETURN_IF_ERROR(ReadTable(dir, "genes.tsv", 4, &t));
    size_t lines = static_cast<size_t>(std::count(t.bytes.begin(), t.bytes.end(), '\n'));
    lex->genes_.reserve(lines);
    lex->by_symbol_.reserve(lines);
    lex->by_alias_.reserve(lines * 2);
    LG_RETURN_IF_ERROR(t.ForEach([&](const Row& row) -> Status {
      GeneEntry g;
      g.symbol = std::string(row.cols[0]);
      LG_RETURN_IF_ERROR(SplitList(t, row, 1, &g.aliases));
      g.name = std::string(row.cols[2]);
      g.cytoband = std::string(row.cols[3]);
      size_t index = lex->genes_.size();
      if (!lex->by_symbol_.emplace(g.symbol, index).second) {
        return t.Error(row, "duplicate symbol '" + g.symbol + "'");
      }
      for (const std::string& alias : g.aliases) lex->by_alias_[alias].push_back(index);
      if (!g.cytoband.empty()) lex->by_band_[g.cytoband].push_back(index);
      lex->genes_.push_back(std::move(g));
      return Status::Ok();
    }));
  }
  auto unknown_symbol = [&](const Table& t, const Row& row, std::string_view s) {
    return t.Error(row, "unknown gene symbol '" + std::string(s) + "'");
  };

  // gene_overlay.tsv: alias, symbol.
  {
    Table t;
    LG_RETURN_IF_ERROR(ReadTable(dir, "gene_overlay.tsv", 2, &t));
    LG_RETURN_IF_ERROR(t.ForEach([&](const Row& row) -> Status {
      auto it = lex->by_symbol_.find(std::string(row.cols[1]));
      if (it == lex->by_symbol_.end()) return unknown_symbol(t, row, row.cols[1]);
      std::string alias(row.cols[0]);
      if (!lex->overlay_.emplace(alias, it->second).second) {
        return t.Error(row, "duplicate overlay alias '" + alias + "'");
      }
      lex->overlay_symbols_.emplace(alias, it->first);
      lex->overlay_entries_.push_back({alias, it->first});
      return Status::Ok();
    }));
  }

  // gene_families.tsv: id, aliases, members.
  std::unordered_set<std::string> family_ids;
  {
    Table t;
    LG_RETURN_IF_ERROR(ReadTable(dir, "gene_families.tsv", 3, &t));
    LG_RETURN_IF_ERROR(t.ForEach([&](const Row& row) -> Status {
      GeneFamilyEntry f;
      f.id = std::string(row.cols[0]);
      LG_RETURN_IF_ERROR(SplitList(t, row, 1, &f.aliases));
      LG_RETURN_IF_ERROR(SplitList(t, row, 2, &f.members));
      for (const std::string& m : f.members) {
        if (!lex->by_symbol_.count(m)) return unknown_symbol(t, row, m);
      }
      if (!family_ids.insert(f.id).second) {
        return t.Error(row, "duplicate family id '" + f.id + "'");
      }
      lex->families_.push_back(std::move(f));
      return Status::Ok();
    }));
  }

  // processes.tsv: name.
  std::unordered_set<std::string> processes;
  {
    Table t;
    LG_RETURN_IF_ERROR(ReadTable(dir, "processes.tsv", 1, &t));
    LG_RETURN_IF_ERROR(t.ForEach([&](const Row& row) -> Status {
      std::string name(row.cols[0]);
      if (!processes.insert(name).second) {
        return t.Error(row, "duplicate process '" + name + "'");
      }
      lex->processes_.push_back(std::move(name));
      return Status::Ok();
    }));
  }

  // drug_classes.tsv: name, aliases, relation, targets.
  std::unordered_set<std::string> class_names;
  {
    Table t;
    LG_RETURN_IF_ERROR(ReadTable(dir, "drug_classes.tsv", 4, &t));
    LG_RETURN_IF_ERROR(t.ForEach([&](const Row& row) -> Status {
      DrugClassEntry c;
      c.name = std::string(row.cols[0]);
      LG_RETURN_IF_ERROR(SplitList(t, row, 1, &c.aliases));
      c.relation = std::string(row.cols[2]);
      LG_RETURN_IF_ERROR(SplitList(t, row, 3, &c.targets));
      if (c.relation.empty() != c.targets.empty()) {
        return t.Error(row, "relation and targets must be both empty or both set");
      }
      if (!c.relation.empty() && !IsRelation(c.relation)) {
        return t.Error(row, "unknown relation '" + c.relation +
                                "' (expected inhibits, targets, binds or antagonises)");
      }
      for (const std::string& target : c.targets) {
        if (!lex->by_symbol_.count(target) && !family_ids.count(target) &&
            !processes.count(target)) {
          return t.Error(row, "unknown target '" + target +
                                  "' (not a gene symbol, family id or process)");
        }
      }
      if (!class_names.insert(c.name).second) {
        return t.Error(row, "duplicate drug class '" + c.name + "'");
      }
      lex->classes_.push_back(std::move(c));
      return Status::Ok();
    }));
  }

  // drugs.tsv: name, aliases, classes.
  {
    Table t;
    LG_RETURN_IF_ERROR(ReadTable(dir, "drugs.tsv", 3, &t));
    std::unordered_set<std::string> names;
    LG_RETURN_IF_ERROR(t.ForEach([&](const Row& row) -> Status {
      DrugEntry d;
      d.name = std::string(row.cols[0]);
      LG_RETURN_IF_ERROR(SplitList(t, row, 1, &d.aliases));
      LG_RETURN_IF_ERROR(SplitList(t, row, 2, &d.classes));
      for (const std::string& c : d.classes) {
        if (!class_names.count(c)) return t.Error(row, "unknown drug class '" + c + "'");
      }
      if (!names.insert(d.name).second) {
        return t.Error(row, "duplicate drug '" + d.name + "'");
      }
      lex->drugs_.push_back(std::move(d));
      return Status::Ok();
    }));
  }

  // drug_targets.tsv: drug, HGNC symbols.
  {
    Table t;
    LG_RETURN_IF_ERROR(ReadTable(dir, "drug_targets.tsv", 2, &t));
    std::unordered_set<std::string_view> names;
    for (const DrugEntry& d : lex->drugs_) names.insert(d.name);
    LG_RETURN_IF_ERROR(t.ForEach([&](const Row& row) -> Status {
      std::string drug(row.cols[0]);
      if (!names.count(drug)) {
        return t.Error(row, "unknown drug '" + drug + "' (not in drugs.tsv)");
      }
      std::vector<std::string> symbols;
      LG_RETURN_IF_ERROR(SplitList(t, row, 1, &symbols));
      if (symbols.empty()) return t.Error(row, "no target for drug '" + drug + "'");
      for (const std::string& s : symbols) {
        if (!lex->by_symbol_.count(s)) return unknown_symbol(t, row, s);
      }
      if (!lex->known_targets_.emplace(drug, std::move(symbols)).second) {
        return t.Error(row, "duplicate drug '" + drug + "'");
      }
      return Status::Ok();
    }));
  }

  // drug_stems.tsv: suffix, meaning.
  {
    Table t;
    LG_RETURN_IF_ERROR(ReadTable(dir, "drug_stems.tsv", 2, &t));
    LG_RETURN_IF_ERROR(t.ForEach([&](const Row& row) -> Status {
      lex->stems_.push_back({std::string(row.cols[0]), std::string(row.cols[1])});
      return Status::Ok();
    }));
  }

  // trials.tsv: name, aliases, sponsor.
  {
    Table t;
    LG_RETURN_IF_ERROR(ReadTable(dir, "trials.tsv", 3, &t));
    LG_RETURN_IF_ERROR(t.ForEach([&](const Row& row) -> Status {
      TrialEntry e;
      e.name = std::string(row.cols[0]);
      LG_RETURN_IF_ERROR(SplitList(t, row, 1, &e.aliases));
      e.sponsor = std::string(row.cols[2]);
      lex->trials_.push_back(std::move(e));
      return Status::Ok();
    }));
  }

  // trial_patterns.tsv: pattern, sponsor, description.
  {
    Table t;
    LG_RETURN_IF_ERROR(ReadTable(dir, "trial_patterns.tsv", 3, &t));
    RE2::Options options;
    options.set_log_errors(false);
    LG_RETURN_IF_ERROR(t.ForEach([&](const Row& row) -> Status {
      RE2 re(re2::StringPiece(row.cols[0].data(), row.cols[0].size()), options);
      if (!re.ok()) return t.Error(row, "invalid RE2 pattern: " + re.error());
      lex->trial_patterns_.push_back(
          {std::string(row.cols[0]), std::string(row.cols[1]), std::string(row.cols[2])});
      return Status::Ok();
    }));
  }

  // conditions.tsv: name, aliases.
  {
    Table t;
    LG_RETURN_IF_ERROR(ReadTable(dir, "conditions.tsv", 2, &t));
    LG_RETURN_IF_ERROR(t.ForEach([&](const Row& row) -> Status {
      ConditionEntry c;
      c.name = std::string(row.cols[0]);
      LG_RETURN_IF_ERROR(SplitList(t, row, 1, &c.aliases));
      lex->conditions_.push_back(std::move(c));
      return Status::Ok();
    }));
  }

  // ambiguous.tsv: token, meaning.
  {
    Table t;
    LG_RETURN_IF_ERROR(ReadTable(dir, "ambiguous.tsv", 2, &t));
    LG_RETURN_IF_ERROR(t.ForEach([&](const Row& row) -> Status {
      lex->ambiguous_.emplace_back(row.cols[0]);
      return Status::Ok();
    }));
    std::sort(lex->ambiguous_.begin(), lex->ambiguous_.end());
    lex->ambiguous_.erase(std::unique(lex->ambiguous_.begin(), lex->ambiguous_.end()),
                          lex->ambiguous_.end());
  }

  // english_words.tsv: word.
  {
    Table t;
    LG_RETURN_IF_ERROR(ReadTable(dir, "english_words.tsv", 1, &t));
    LG_RETURN_IF_ERROR(t.ForEach([&](const Row& row) -> Status {
      std::string word = Lower(row.cols[0]);
      lex->common_word_max_ = std::max(lex->common_word_max_, word.size());
      lex->common_words_.insert(std::move(word));
      return Status::Ok();
    }));
  }

  // fusion_genes.tsv: symbol, role.
  {
    Table t;
    LG_RETURN_IF_ERROR(ReadTable(dir, "fusion_genes.tsv", 2, &t));
    LG_RETURN_IF_ERROR(t.ForEach([&](const Row& row) -> Status {
      if (!lex->by_symbol_.count(std::string(row.cols[0]))) {
        return unknown_symbol(t, row, row.cols[0]);
      }
      std::string_view role = row.cols[1];
      if (role != "5prime" && role != "3prime" && role != "either") {
        return t.Error(row, "unknown role '" + std::string(role) +
                                "' (expected 5prime, 3prime or either)");
      }
      lex->fusion_genes_.push_back({std::string(row.cols[0]), std::string(role)});
      return Status::Ok();
    }));
  }

  // known_fusions.tsv: 5' symbol, 3' symbol, karyotypes, aliases.
  {
    Table t;
    LG_RETURN_IF_ERROR(ReadTable(dir, "known_fusions.tsv", 4, &t));
    LG_RETURN_IF_ERROR(t.ForEach([&](const Row& row) -> Status {
      KnownFusionEntry f;
      f.five_prime = std::string(row.cols[0]);
      f.three_prime = std::string(row.cols[1]);
      for (const std::string& s : {f.five_prime, f.three_prime}) {
        if (!lex->by_symbol_.count(s)) return unknown_symbol(t, row, s);
      }
      LG_RETURN_IF_ERROR(SplitList(t, row, 2, &f.karyotypes));
      LG_RETURN_IF_ERROR(SplitList(t, row, 3, &f.aliases));
      lex->known_fusions_.push_back(std::move(f));
      return Status::Ok();
    }));
  }

  return lex;
}

const GeneEntry* Lexicon::FindSymbol(std::string_view symbol) const {
  auto it = by_symbol_.find(std::string(symbol));
  return it == by_symbol_.end() ? nullptr : &genes_[it->second];
}

std::vector<const GeneEntry*> Lexicon::FindAlias(std::string_view alias) const {
  std::string key(alias);
  if (auto it = overlay_.find(key); it != overlay_.end()) return {&genes_[it->second]};
  std::vector<const GeneEntry*> out;
  if (auto it = by_alias_.find(key); it != by_alias_.end()) {
    for (size_t i : it->second) out.push_back(&genes_[i]);
  }
  return out;
}

std::vector<const GeneEntry*> Lexicon::FindByCytoband(std::string_view band) const {
  std::vector<size_t> hits;
  if (band.empty()) return {};
  bool is_range = band.find('-') != std::string_view::npos;
  for (const auto& [cytoband, indices] : by_band_) {
    bool match = false;
    if (is_range) {
      match = cytoband == band;
    } else {
      for (const std::string& end : BandEnds(cytoband)) {
        if (BandContains(band, end)) {
          match = true;
          break;
        }
      }
    }
    if (match) hits.insert(hits.end(), indices.begin(), indices.end());
  }
  std::sort(hits.begin(), hits.end());  // file order: by symbol
  std::vector<const GeneEntry*> out;
  out.reserve(hits.size());
  for (size_t i : hits) out.push_back(&genes_[i]);
  return out;
}

const std::vector<std::string>& Lexicon::KnownTargets(std::string_view drug) const {
  static const std::vector<std::string> kNone;
  auto it = known_targets_.find(std::string(drug));
  return it == known_targets_.end() ? kNone : it->second;
}

bool Lexicon::IsAmbiguous(std::string_view token) const {
  return std::binary_search(ambiguous_.begin(), ambiguous_.end(), token);
}

bool Lexicon::IsOverlayAlias(std::string_view alias) const {
  return overlay_.count(std::string(alias)) > 0;
}

bool Lexicon::IsCommonWord(std::string_view word) const {
  // Lower case keeps the length: a longer word is none of them.
  if (word.size() > common_word_max_) return false;
  char buf[64];
  if (word.size() > sizeof buf) return common_words_.count(Lower(word)) > 0;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return common_words_.count(std::string_view(buf, word.size())) > 0;
}

bool Lexicon::IsUsableAlias(std::string_view alias) const {
  if (IsOverlayAlias(alias)) return true;
  if (!by_alias_.count(std::string(alias))) return false;
  return alias.size() >= 3 && HasLetter(alias) && !IsAmbiguous(alias) &&
         !IsCommonWord(alias);
}

}  // namespace lg::ingest
