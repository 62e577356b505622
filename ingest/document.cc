#include "ingest/document.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

#include "graph/text_util.h"
#include "ingest/citations.h"
#include "ingest/references.h"
#include "ingest/words.h"

namespace lg::ingest {
namespace {

// A sentence longer than this is cut at white space so that no later stage
// works on unbounded input.
constexpr size_t kMaxSentenceBytes = 16384;
constexpr size_t kMaxHeadingBytes = 150;

using Span = std::pair<size_t, size_t>;

using graph::IsDigit;
using graph::IsLetter;
using graph::IsLower;
using graph::IsSpace;
using graph::IsUpper;
using graph::TrimSpace;

// [b, e) with white space trimmed on both sides.
Span TrimSpan(const std::string& s, size_t b, size_t e) {
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return {b, e};
}

// A run: consecutive non-blank lines.
struct LineRun {
  std::vector<Span> lines;  // trimmed line spans
  std::vector<Span> raw;    // the same lines untrimmed (leading tabs are cells)
  bool list_item = false;   // split from the run before it at a list item
  size_t begin = 0;
  size_t end = 0;
};

// How the cells of a table row are separated.
enum class CellSeparator { kTab, kNbsp, kPipe, kSpaces };

class Parser {
 public:
  explicit Parser(Document* doc) : doc_(*doc), s_(doc->text.normalized) {}

  void Run() {
    refs_ = FindReferenceList(doc_.text);
    doc_.references = refs_.references;
    SplitRuns();
    for (size_t r = 0; r < runs_.size(); ++r) Classify(r);
    FinishMetadata();
    MarkContinuations();
    style_ =
        DetectCitationStyle(doc_.text, BodySpans(), LastReferenceNumber(doc_.references),
                            FirstReferenceNumber(doc_.references));
    BuildSentences();
    AttachRefs(&doc_);
  }

 private:
  std::string_view View(Span span) const {
    return std::string_view(s_).substr(span.first, span.second - span.first);
  }
  std::string_view RunText(const LineRun& run) const {
    return View({run.begin, run.end});
  }

  // ---- Runs -------------------------------------------------------------

  // "- item", "* item", "• item".
  static bool IsBulletLine(std::string_view line) {
    return line.starts_with("- ") || line.starts_with("* ") ||
           line.starts_with("\xE2\x80\xA2 ");
  }

  // "12. The trial ...": an item of a numbered list.
  static bool IsNumberedItemLine(std::string_view line) {
    size_t i = 0;
    while (i < line.size() && i < 3 && IsDigit(line[i])) ++i;
    return i > 0 && i + 2 < line.size() && line[i] == '.' && line[i + 1] == ' ' &&
           (IsUpper(line[i + 2]) || line[i + 2] == '"' || line[i + 2] == '(');
  }

  void SplitRuns() {
    LineRun current;
    bool in_run = false;
    size_t start = 0;
    for (size_t i = 0; i <= s_.size(); ++i) {
      if (i < s_.size() && s_[i] != '\n') continue;
      const Span line = TrimSpan(s_, start, i);
      const bool in_refs = refs_.found && start >= refs_.begin && start < refs_.end + 1;
      // A list item opens its own run (the lines after it continue it).
      const bool item = in_run && !in_refs && s_[start] != '\t' &&
                        (IsBulletLine(View(line)) || IsNumberedItemLine(View(line))) &&
                        View(current.lines.back()).find('\t') == std::string_view::npos;
      if (item) {
        runs_.push_back(std::move(current));
        current = {};
        current.list_item = true;
        in_run = false;
      }
      if (line.first == line.second || in_refs) {
        if (in_run) runs_.push_back(std::move(current));
        current = {};
        in_run = false;
      } else {
        if (!in_run) current.begin = line.first;
        current.lines.push_back(line);
        current.raw.emplace_back(start, i);
        current.end = line.second;
        in_run = true;
      }
      start = i + 1;
    }
    if (in_run) runs_.push_back(std::move(current));
    // The reference list becomes one pseudo-run, placed in order.
    if (refs_.found) {
      LineRun marker;
      marker.begin = refs_.begin;
      marker.end = refs_.end;
      auto at =
          std::lower_bound(runs_.begin(), runs_.end(), marker.begin,
                           [](const LineRun& r, size_t pos) { return r.begin < pos; });
      refs_run_ = static_cast<size_t>(at - runs_.begin());
      runs_.insert(at, marker);
    }
  }

  // ---- Blocks -----------------------------------------------------------

  size_t AddBlock(BlockKind kind, size_t begin, size_t end, int table = -1) {
    Block block;
    block.kind = kind;
    block.begin = begin;
    block.end = end;
    block.section = static_cast<int>(doc_.sections.size()) - 1;
    block.table = table;
    doc_.blocks.push_back(block);
    if (kind == BlockKind::kParagraph || kind == BlockKind::kHeading) front_zone_ = false;
    return doc_.blocks.size() - 1;
  }

  void AddHeading(const LineRun& run) {
    const size_t b = AddBlock(BlockKind::kHeading, run.begin, run.end);
    doc_.sections.push_back({std::string(RunText(run)), b});
    doc_.blocks[b].section = static_cast<int>(doc_.sections.size()) - 1;
    back_section_ = IsBackMatterLabel(RunText(run), /*alone=*/true);
  }

  void Classify(size_t r) {
    const LineRun& run = runs_[r];
    const std::string_view text = RunText(run);
    if (refs_.found && r == refs_run_) {
      AddReferenceBlocks();
      table_ = -1;
      return;
    }
    if (IsWebArtifact(text)) return;

    // Continuations of a table: caption text, body, notes.
    if (table_state_ == TableState::kAwaitCaptionText) {
      table_state_ = TableState::kAwaitBody;
      if (!LooksLikeTableBody(run)) {
        AddCaptionText(run);
        return;
      }
    }
    if (table_state_ == TableState::kAwaitBody && LooksLikeTableBody(run)) {
      AddTableBody(run);
      return;
    }
    if (table_state_ == TableState::kNotes) {
      if (IsNote(run)) {
        AddBlock(BlockKind::kTableNote, run.begin, run.end, table_);
        return;
      }
    }
    table_state_ = TableState::kNone;

    if (figure_skip_text_) {
      figure_skip_text_ = false;
      if (text == last_figure_text_) return;
    }
    if (AddCaption(run)) return;
    if ((run.lines.size() >= 2 &&
         (TabbedLines(run) >= 2 || PipeLines(run) == run.lines.size())) ||
        AlignedColumns(run, 3)) {  // a table without caption
      table_ = NewTable("");
      AddTableBody(run);
      return;
    }

    if (IsFrontMatterLabel(text)) {
      const bool front = front_zone_ || doc_.sections.empty();
      AddBlock(front ? BlockKind::kFrontMatter : BlockKind::kBackMatter, run.begin,
               run.end);
      if (front) RememberFrontLine(text);
      return;
    }
    if (IsBackMatterLabel(text, /*alone=*/false) || IsInitialsAcknowledgement(text)) {
      AddBlock(BlockKind::kBackMatter, run.begin, run.end);
      return;
    }
    if (front_zone_ && FrontZoneRun(r)) return;
    if (!run.list_item && IsHeading(run) && !NextRunStartsLower(r)) {
      AddHeading(run);
      return;
    }
    const size_t b =
        AddBlock(back_section_ ? BlockKind::kBackMatter : BlockKind::kParagraph,
                 run.begin, run.end);
    MarkListItem(b, View(run.lines.front()));
  }

  // Bullets hang under the numbered item or lead-in paragraph before their
  // list ("1. The X trial ... [54]" then "- The median PFS was ...").
  void MarkListItem(size_t b, std::string_view first_line) {
    Block& block = doc_.blocks[b];
    block.numbered_item = IsNumberedItemLine(first_line);
    block.bullet = IsBulletLine(first_line);
    if (!block.bullet || block.kind != BlockKind::kParagraph) return;
    for (size_t k = b; k-- > 0;) {
      const Block& before = doc_.blocks[k];
      if (before.kind != BlockKind::kParagraph) break;
      if (before.bullet) continue;
      block.parent = static_cast<int>(k);
      break;
    }
  }

  // ---- Front matter -----------------------------------------------------

  // Title, article type, authors and affiliations before the body starts.
  bool FrontZoneRun(size_t r) {
    const LineRun& run = runs_[r];
    const std::string_view text = RunText(run);
    static const RE2 kArticleType(
        R"((?i)(?:review|article|original article|research article|review article|mini-review|mini review|perspective|editorial|commentary|letter|communication|brief report)\.?)");
    if (run.lines.size() == 1 && RE2::FullMatch(text, kArticleType)) {
      AddBlock(BlockKind::kFrontMatter, run.begin, run.end);
      return true;
    }
    if (doc_.meta.title.empty() && doc_.blocks.empty() && IsTitleLine(run, text)) {
      AddBlock(BlockKind::kTitle, run.begin, run.end);
      doc_.meta.title = std::string(text);
      return true;
    }
    if (doc_.meta.title.empty() && IsHeadingShape(text) && r + 1 < runs_.size() &&
        !AuthorNames(RunText(runs_[r + 1])).empty()) {
      AddBlock(BlockKind::kTitle, run.begin, run.end);
      doc_.meta.title = std::string(text);
      return true;
    }
    if (!doc_.blocks.empty() && doc_.blocks.back().kind == BlockKind::kTitle) {
      auto names = AuthorNames(text);
      if (!names.empty()) {
        doc_.meta.authors = std::move(names);
        AddBlock(BlockKind::kFrontMatter, run.begin, run.end);
        return true;
      }
    }
    if (IsAffiliation(text)) {
      AddBlock(BlockKind::kFrontMatter, run.begin, run.end);
      return true;
    }
    return false;
  }

  // The first line of a text, when it reads as a title: one line of 3 to
  // 60 words opening with a capital, without closing punctuation, and not a
  // section label ("Abstract").
  static bool IsTitleLine(const LineRun& run, std::string_view text) {
    if (run.lines.size() != 1 || text.size() < 12 || text.size() > 400) return false;
    if (!IsUpper(text.front())) return false;
    const char last = text.back();
    if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!')
      return false;
    size_t words = 1;
    for (char c : text) words += c == ' ';
    static const RE2 kSection(
        R"((?i)(?:\d+\.?\s*)?(?:abstract|summary|introduction|background|review|contents|table of contents)\b.*)");
    return words >= 3 && words <= 60 && !RE2::FullMatch(text, kSection);
  }

  static bool IsFrontMatterLabel(std::string_view text) {
    static const RE2 kLabel(
        R"((?i)^(?:[*\x{2020}\x{2021}]\s*)?(?:citation|cite this article|academic editors?|editors?|handling editor|received|revised|accepted|published(?: online)?|copyright|keywords?|key words|correspondence|corresponding authors?|e-?mail|orcid|licensee|submitted|doi)\s*:|^(?:https?://(?:dx\.)?doi\.org/|doi\s+)10\.\d{4,9}/\S+$)");
    static const RE2 kCopyright(
        R"((?i)^(?:\x{00A9}|copyright\b|this (?:article|is an open access article) (?:is|distributed))|creative commons attribution)");
    return RE2::PartialMatch(text, kLabel) || RE2::PartialMatch(text, kCopyright);
  }

  static bool IsBackMatterLabel(std::string_view text, bool alone) {
    static const RE2 kLabel(
        R"((?i)^(?:author(?:s')? contributions?|contributions?|authorship|funding|financial support|conflicts? of interests?|conflict-of-interest disclosure|competing interests?|declaration of (?:competing )?interests?|disclosures?|acknowledge?ments?|institutional review board statement|informed consent statement|data availability(?: statement)?|disclaimer(?:/publisher's note)?|publisher's note|supplementary materials?|ethics (?:approval|statement)|abbreviations)\s*[:.])");
    static const RE2 kAlone(
        R"((?i)(?:\d+\.?\s*)?(?:author(?:s')? contributions?|authorship|funding|conflicts? of interests?|competing interests?|disclosures?|acknowledge?ments?|supplementary materials?|abbreviations))");
    if (alone) return RE2::FullMatch(text, kAlone);
    return RE2::PartialMatch(text, kLabel);
  }

  // "A.B. was supported by ...": an acknowledgement naming authors by their
  // initials.
  static bool IsInitialsAcknowledgement(std::string_view text) {
    static const RE2 kInitials(
        R"(^(?:[A-Z]\.){2,3}(?:,? (?:and )?(?:[A-Z]\.){2,3})* (?:was|were|is|are|received|thanks?|acknowledges?|wrote|designed|performed|declares?|reports?|has|have)\b)");
    return RE2::PartialMatch(text, kInitials);
  }

  static bool IsAffiliation(std::string_view text) {
    static const RE2 kMarker(
        R"(^(?:[\x{00B9}\x{00B2}\x{00B3}\x{2070}-\x{2079}\x{2020}\x{2021}\x{00A7}]|\d{1,2}\s+[A-Z]|[a-z]\s+[A-Z][a-z]+ (?:of|for)\b))");
    return RE2::PartialMatch(text, kMarker) || text.find('@') != std::string_view::npos;
  }

  static bool IsWebArtifact(std::string_view text) {
    static const RE2 kArtifact(
        R"((?i)close modal|view large(?: image)?|download slide|open in new tab|download figure|view inline|view popup|download high-res image)");
    return text.size() < 40 && RE2::FullMatch(text, kArtifact);
  }

  // Names of an author line: "Marika Kulczycka 1, Kamila Derlatka 1,* and
  // Joanna Zawitkowska 2,3". Empty when the text is not one.
  static std::vector<std::string> AuthorNames(std::string_view text) {
    static const RE2 kMarkers(
        R"(\^\{[^}]*\}|\^\S+|[\x{00B9}\x{00B2}\x{00B3}\x{2070}-\x{2079}\x{2020}\x{2021}\x{00A7}*#]|\d)");
    static const RE2 kName(
        R"((?:(?:[A-Z][\p{L}'-]*\.?|van|von|der|de|den|da|di|del|le|la|du|dos|ter|ten)\s+){1,4}[A-Z][\p{L}'-]+)");
    if (text.size() > 1500 || text.find(". ") != std::string_view::npos) return {};
    std::string clean(text);
    RE2::GlobalReplace(&clean, kMarkers, "");
    RE2::GlobalReplace(&clean, RE2(R"(\s+and\s+|\s*&\s*|\s*;\s*)"), ",");
    std::vector<std::string> names;
    size_t start = 0;
    while (start <= clean.size()) {
      size_t comma = clean.find(',', start);
      if (comma == std::string::npos) comma = clean.size();
      const std::string_view item =
          TrimSpace(std::string_view(clean).substr(start, comma - start));
      start = comma + 1;
      if (item.empty()) continue;
      if (!RE2::FullMatch(item, kName)) return {};
      std::string name;
      bool space = false;
      for (char c : item) {
        if (IsSpace(c)) {
          space = true;
          continue;
        }
        if (space && !name.empty()) name.push_back(' ');
        space = false;
        name.push_back(c);
      }
      names.push_back(std::move(name));
    }
    if (names.size() < 2 && text.find_first_of(",") == std::string_view::npos) return {};
    return names;
  }

  void RememberFrontLine(std::string_view text) {
    static const RE2 kCitation(R"((?i)^citation\s*:\s*(.*)$)");
    static const RE2 kPublished(R"((?i)^published(?: online)?\s*:.*\b((?:19|20)\d\d)\b)");
    static const RE2 kDoi(R"((?i)\b(10\.\d{4,9}/[^\s<>"]+))");
    std::string rest, year, doi;
    if (RE2::FullMatch(text, kCitation, &rest)) {
      const auto [ob, oe] = doc_.text.ToOriginal(
          static_cast<size_t>(text.data() - s_.data()) + (text.size() - rest.size()),
          static_cast<size_t>(text.data() - s_.data()) + text.size());
      citation_ =
          ParseReference("", std::string_view(doc_.text.original).substr(ob, oe - ob));
    } else if (RE2::PartialMatch(text, kPublished, &year)) {
      published_year_ = year;
    }
    if (front_doi_.empty() && RE2::PartialMatch(text, kDoi, &doi)) {
      while (!doi.empty() &&
             (doi.back() == '.' || doi.back() == '>' || doi.back() == ')')) {
        doi.pop_back();
      }
      front_doi_ = doi;
    }
  }

  void FinishMetadata() {
    Metadata& meta = doc_.meta;
    if (citation_) {
      if (meta.title.empty()) meta.title = citation_->title;
      meta.journal = citation_->journal;
      meta.year = citation_->year;
      if (meta.authors.empty()) meta.authors = citation_->authors;
      if (!citation_->doi.empty()) meta.doi = citation_->doi;
    }
    if (meta.doi.empty()) meta.doi = front_doi_;
    if (meta.year.empty()) meta.year = published_year_;
  }

  // ---- Headings ---------------------------------------------------------

  static bool IsNumberedHeading(std::string_view text) {
    static const RE2 kNumbered(R"(^\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+[A-Z*"'(])");
    return RE2::PartialMatch(text, kNumbered);
  }

  static bool IsHeadingShape(std::string_view text) {
    if (text.empty() || text.size() > kMaxHeadingBytes) return false;
    const char first = text.front();
    if (IsLower(first)) return false;
    const char last = text.back();
    if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!') {
      return false;
    }
    size_t words = 1;
    for (char c : text) words += c == ' ';
    return words <= 20;
  }

  // A paragraph broken by a page break is not a heading: what follows it
  // starts in lower case.
  bool NextRunStartsLower(size_t r) const {
    return r + 1 < runs_.size() && runs_[r + 1].begin < s_.size() &&
           IsLower(s_[runs_[r + 1].begin]);
  }

  bool IsHeading(const LineRun& run) const {
    if (run.lines.size() != 1) return false;
    const std::string_view text = RunText(run);
    // Several sentences, or a sentence ending in a citation marker, are not
    // a heading.
    static const RE2 kSentence(R"([.!?]\s+[A-Z]|\[\d|[.!?)%]\d[\d,-]*$)");
    if (IsNumberedHeading(text) && text.size() <= kMaxHeadingBytes &&
        text.back() != '.') {
      // "1. The X trial ... [2]" is an evidence item, not a heading.
      static const RE2 kNumber(R"(^\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+)");
      re2::StringPiece title(text.data(), text.size());
      RE2::Consume(&title, kNumber);
      return text.back() != ']' && !RE2::PartialMatch(title, kSentence);
    }
    if (!IsHeadingShape(text)) return false;
    return text.back() != ']' && !RE2::PartialMatch(text, kSentence);
  }

  // ---- Captions and tables ---------------------------------------------

  bool AddCaption(const LineRun& run) {
    static const RE2 kCaption(
        R"(^(Table|Figure|Fig\.?|Scheme|Box|Chart|Supplementary Table|Supplementary Figure)\s+([A-Z]?\d{1,3}[A-Za-z]?|[IVX]{1,5})([.:]\s*|\s+|$)(.*)$)");
    static const RE2 kContinued(R"((?i)\(?(?:cont\.?|continued|cont'd)\)?\.?)");
    const std::string_view first = View(run.lines.front());
    std::string kind, number, separator, rest;
    if (!RE2::FullMatch(first, kCaption, &kind, &number, &separator, &rest)) return false;
    // "Table 1 Baseline characteristics" (no period after the number) is a
    // caption when it is one line opening with a capital and not a sentence
    // ("Table 1 shows ...").
    if (!separator.empty() && TrimSpace(separator).empty() &&
        (run.lines.size() != 1 || rest.empty() || !IsUpper(rest.front()) ||
         first.back() == '.' || first.size() > kMaxHeadingBytes)) {
      return false;
    }
    if (kind.starts_with("Fig")) kind = "Figure";
    const std::string label = kind + " " + number;
    const bool is_table = kind.ends_with("Table");
    const bool label_only = TrimSpace(rest).empty() && run.lines.size() == 1;

    if (!is_table) {
      // Web pages print each figure legend twice: keep the first.
      const std::string text(RunText(run));
      if (label == last_figure_label_ && (label_only || text == last_figure_text_)) {
        figure_skip_text_ = label_only;
        return true;
      }
      last_figure_label_ = label;
      last_figure_text_ = label_only ? std::string() : text;
      const size_t b = AddBlock(BlockKind::kCaption, run.begin, run.end);
      sentence_blocks_.push_back(b);
      if (label_only) pending_figure_ = b;
      table_state_ = label_only ? TableState::kAwaitCaptionText : TableState::kNone;
      table_ = -1;
      figure_text_next_ = label_only;
      return true;
    }

    if (RE2::FullMatch(TrimSpace(rest), kContinued)) {
      auto known = table_by_label_.find(label);
      if (known != table_by_label_.end()) {
        table_ = static_cast<int>(known->second);
      } else {
        table_ = NewTable(label);
      }
      AddBlock(BlockKind::kCaption, run.lines.front().first, run.lines.front().second,
               table_);
      table_state_ = TableState::kAwaitBody;
      if (run.lines.size() > 1) AddTableBody(RestOf(run, 1));
      return true;
    }
    table_ = NewTable(label);
    Table& table = doc_.tables.back();
    table.caption = std::string(TrimSpace(rest));
    figure_text_next_ = false;
    if (label_only) {
      AddBlock(BlockKind::kCaption, run.begin, run.end, table_);
      table_state_ = TableState::kAwaitCaptionText;
      return true;
    }
    // The caption is the first line; tabbed lines after it are the body.
    size_t caption_lines = 1;
    while (caption_lines < run.lines.size() && !HasTab(run.lines[caption_lines])) {
      ++caption_lines;
    }
    const size_t b = AddBlock(BlockKind::kCaption, run.begin,
                              run.lines[caption_lines - 1].second, table_);
    sentence_blocks_.push_back(b);
    table_state_ = TableState::kAwaitBody;
    if (caption_lines < run.lines.size()) AddTableBody(RestOf(run, caption_lines));
    return true;
  }

  int NewTable(const std::string& label) {
    doc_.tables.emplace_back();
    doc_.tables.back().label = label;
    if (!label.empty()) table_by_label_[label] = doc_.tables.size() - 1;
    return static_cast<int>(doc_.tables.size()) - 1;
  }

  void AddCaptionText(const LineRun& run) {
    if (figure_text_next_) {
      figure_text_next_ = false;
      const std::string text(RunText(run));
      last_figure_text_ = text;
      // Extend the label-only caption block over its legend.
      Block& block = doc_.blocks[pending_figure_];
      block.end = run.end;
      table_state_ = TableState::kNone;
      return;
    }
    if (table_ >= 0) {
      Table& table = doc_.tables[static_cast<size_t>(table_)];
      table.caption = std::string(RunText(run));
      // The label block ("Table 2.") becomes the whole caption.
      for (size_t b = doc_.blocks.size(); b-- > 0;) {
        Block& block = doc_.blocks[b];
        if (block.kind == BlockKind::kCaption && block.table == table_) {
          block.end = run.end;
          sentence_blocks_.push_back(b);
          break;
        }
      }
    }
  }

  LineRun RestOf(const LineRun& run, size_t from) const {
    LineRun rest;
    rest.lines.assign(run.lines.begin() + static_cast<long>(from), run.lines.end());
    rest.raw.assign(run.raw.begin() + static_cast<long>(from), run.raw.end());
    rest.begin = rest.lines.front().first;
    rest.end = run.end;
    return rest;
  }

  bool HasTab(Span line) const { return View(line).find('\t') != std::string_view::npos; }

  // Cell separators printed as U+00A0 (web tables): checked on the original.
  size_t NbspCount(Span line) const {
    size_t n = 0;
    for (size_t i = line.first; i < line.second; ++i) {
      if (s_[i] != ' ') continue;
      const size_t o = doc_.text.offsets[i];
      const std::string& orig = doc_.text.original;
      if (o + 1 < orig.size() && static_cast<unsigned char>(orig[o]) == 0xC2 &&
          static_cast<unsigned char>(orig[o + 1]) == 0xA0) {
        ++n;
      }
    }
    return n;
  }

  size_t TabbedLines(const LineRun& run) const {
    size_t n = 0;
    for (const Span& line : run.lines) n += HasTab(line);
    return n;
  }

  // "| a | b |": a markdown table row.
  bool IsPipeRow(Span line) const {
    const std::string_view v = View(line);
    return v.size() >= 3 && v.front() == '|' && v.back() == '|';
  }

  size_t PipeLines(const LineRun& run) const {
    size_t n = 0;
    for (const Span& line : run.lines) n += IsPipeRow(line);
    return n;
  }

  // Lines whose cells are columns aligned with runs of 3+ spaces: every
  // line short and holding such a gap.
  bool AlignedColumns(const LineRun& run, size_t min_lines) const {
    if (run.lines.size() < min_lines) return false;
    for (const Span& line : run.lines) {
      const std::string_view v = View(line);
      if (v.size() > 300 || v.find("   ") == std::string_view::npos) return false;
    }
    return true;
  }

  CellSeparator SeparatorOf(const LineRun& run) const {
    if (TabbedLines(run) > 0) return CellSeparator::kTab;
    if (PipeLines(run) > 0) return CellSeparator::kPipe;
    size_t nbsp = 0;
    for (const Span& line : run.lines) nbsp += NbspCount(line) > 0;
    if (nbsp == 0 && AlignedColumns(run, 1)) return CellSeparator::kSpaces;
    return CellSeparator::kNbsp;
  }

  bool LooksLikeTableBody(const LineRun& run) const {
    if (TabbedLines(run) >= 1) return true;
    if (PipeLines(run) * 2 > run.lines.size()) return true;
    if (AlignedColumns(run, 2)) return true;
    // Web tables: most lines carry U+00A0 cell separators and lines are short.
    size_t cells = 0;
    for (const Span& line : run.lines) {
      if (line.second - line.first > 2000) return false;
      cells += NbspCount(line) >= 1;
    }
    return run.lines.size() >= 2 && cells * 2 >= run.lines.size();
  }

  bool IsNote(const LineRun& run) {
    const std::string_view text = RunText(run);
    if (note_follows_marker_) {
      note_follows_marker_ = false;
      return true;
    }
    static const RE2 kMarker(R"([*\x{2020}\x{2021}\x{00A7}#]+|[a-z])");
    if (RE2::FullMatch(text, kMarker)) {
      note_follows_marker_ = true;
      return true;
    }
    static const RE2 kStarts(
        R"((?i)^(?:[*\x{2020}\x{2021}\x{00A7}]|abbreviations?\b|notes?\s*:|source\s*:))");
    if (RE2::PartialMatch(text, kStarts)) return true;
    // Abbreviation lists: "OS-overall survival; EFS-event free survival",
    // "F, female; M, male": every segment opens "TOKEN, ", "TOKEN-" or
    // "TOKEN = ".
    static const RE2 kDefinition(R"(^[^\s,;]{1,15}?(?:, |-|: | = )\S)");
    size_t segments = 0, defined = 0, start = 0;
    while (start < text.size()) {
      size_t semi = text.find(';', start);
      if (semi == std::string_view::npos) semi = text.size();
      const std::string_view seg = TrimSpace(text.substr(start, semi - start));
      start = semi + 1;
      if (seg.empty()) continue;
      ++segments;
      if (seg.size() <= 160 && RE2::PartialMatch(seg, kDefinition)) ++defined;
    }
    return segments >= 2 && defined == segments;
  }

  // Splits a glued header ("Gene nameAliasChromosome") at case changes.
  std::vector<std::string> SplitGluedHeader(std::string_view text) const {
    std::vector<std::string> cells;
    size_t start = 0;
    for (size_t i = 1; i < text.size(); ++i) {
      const char p = text[i - 1], c = text[i];
      const bool next_lower = i + 1 < text.size() && IsLower(text[i + 1]);
      const bool split = IsUpper(c) && (IsLower(p) || p == ')' || p == '%' ||
                                        (IsUpper(p) && next_lower && i - start > 1));
      if (split) {
        cells.emplace_back(TrimSpace(text.substr(start, i - start)));
        start = i;
      }
    }
    cells.emplace_back(TrimSpace(text.substr(start)));
    return cells;
  }

  // "| a | b |" (markdown), "a   b" (columns aligned with spaces): the
  // cells of `line` as trimmed spans.
  std::vector<Span> SplitDelimited(Span line, CellSeparator sep) const {
    std::vector<Span> cells;
    size_t b = line.first, e = line.second;
    if (sep == CellSeparator::kPipe) {
      if (b < e && s_[b] == '|') ++b;
      if (e > b && s_[e - 1] == '|') --e;
    }
    size_t start = b;
    for (size_t i = b; i <= e; ++i) {
      size_t next = i;
      if (i == e) {
        next = e;
      } else if (sep == CellSeparator::kPipe && s_[i] == '|') {
        next = i + 1;
      } else if (sep == CellSeparator::kSpaces && s_[i] == ' ' && i + 2 < e &&
                 s_[i + 1] == ' ' && s_[i + 2] == ' ') {
        next = i;
        while (next < e && s_[next] == ' ') ++next;
      } else {
        continue;
      }
      cells.push_back(TrimSpan(s_, start, i));
      start = next;
      i = next > i ? next - 1 : i;
    }
    return cells;
  }

  std::vector<Span> SplitCells(Span line, CellSeparator sep) const {
    if (sep == CellSeparator::kPipe || sep == CellSeparator::kSpaces) {
      return SplitDelimited(line, sep);
    }
    const bool tabs = sep == CellSeparator::kTab;
    std::vector<Span> cells;
    size_t start = line.first;
    for (size_t i = line.first; i <= line.second; ++i) {
      bool sep_here = i == line.second;
      if (!sep_here) {
        if (tabs) {
          sep_here = s_[i] == '\t';
        } else if (s_[i] == ' ') {
          const size_t o = doc_.text.offsets[i];
          const std::string& orig = doc_.text.original;
          sep_here = o + 1 < orig.size() && static_cast<unsigned char>(orig[o]) == 0xC2 &&
                     static_cast<unsigned char>(orig[o + 1]) == 0xA0;
        }
      }
      if (!sep_here) continue;
      cells.push_back(TrimSpan(s_, start, i));
      start = i + 1;
    }
    while (!cells.empty() && cells.back().first == cells.back().second) cells.pop_back();
    return cells;
  }

  void AddTableBody(const LineRun& body) {
    if (table_ < 0) table_ = NewTable("");
    Table& table = doc_.tables[static_cast<size_t>(table_)];
    std::vector<Span> lines = body.lines;
    std::vector<Span> raw = body.raw;
    // A table printed twice in a row: keep one printing.
    for (size_t k = 1; 2 * k <= lines.size(); ++k) {
      if (View(lines[k]) != View(lines[0])) continue;
      bool same = true;
      for (size_t m = 0; m < k && same; ++m) same = View(lines[m]) == View(lines[k + m]);
      if (same) {
        lines.erase(lines.begin() + static_cast<long>(k),
                    lines.begin() + static_cast<long>(2 * k));
        raw.erase(raw.begin() + static_cast<long>(k),
                  raw.begin() + static_cast<long>(2 * k));
        break;
      }
    }
    const CellSeparator sep = SeparatorOf(body);
    const bool tabs = sep == CellSeparator::kTab;
    // Markdown rule lines ("|---|:--:|") separate the header from the body.
    static const RE2 kRule(R"(\|?(?:\s*:?-{2,}:?\s*\|)+\s*(?::?-{2,}:?\s*)?)");
    for (size_t k = lines.size(); k-- > 0;) {
      if (sep == CellSeparator::kPipe && RE2::FullMatch(View(lines[k]), kRule)) {
        lines.erase(lines.begin() + static_cast<long>(k));
        raw.erase(raw.begin() + static_cast<long>(k));
      }
    }
    if (lines.empty()) return;
    size_t first = 0;
    if (table.header.empty()) {
      const Span head = lines.front();
      if (sep != CellSeparator::kNbsp || NbspCount(head) > 0) {
        for (const Span& cell : SplitCells(head, sep))
          table.header.emplace_back(View(cell));
      } else {
        table.header = SplitGluedHeader(View(head));
      }
      first = 1;
    } else {
      // A continued table repeats its header: drop it.
      std::vector<std::string> cells;
      for (const Span& cell : SplitCells(lines.front(), sep))
        cells.emplace_back(View(cell));
      if (cells == table.header) first = 1;
    }
    static const RE2 kMarker(R"([*\x{2020}\x{2021}\x{00A7}#]+)");
    const std::vector<Span>* above =
        table.rows.empty() ? nullptr : &table.rows.back().cells;
    for (size_t i = first; i < lines.size(); ++i) {
      if (RE2::FullMatch(View(lines[i]), kMarker)) {
        // A footnote marker line: notes follow.
        AddBlock(BlockKind::kTableNote, lines[i].first, lines[i].second, table_);
        note_follows_marker_ = i + 1 == lines.size();
        continue;
      }
      Table::Row row;
      row.cells = SplitCells(tabs ? raw[i] : lines[i], sep);
      // Empty leading cells repeat the cell above ("same as above").
      if (above != nullptr) {
        for (size_t c = 0; c < row.cells.size() && c < above->size(); ++c) {
          if (row.cells[c].first != row.cells[c].second) break;
          row.cells[c] = (*above)[c];
        }
      }
      row.block = AddBlock(BlockKind::kTableRow, lines[i].first, lines[i].second, table_);
      table.rows.push_back(std::move(row));
      above = &table.rows.back().cells;
    }
    table_state_ = TableState::kNotes;
  }

  void AddReferenceBlocks() {
    if (refs_.heading_begin != refs_.heading_end) {
      const size_t b =
          AddBlock(BlockKind::kHeading, refs_.heading_begin, refs_.heading_end);
      doc_.sections.push_back(
          {std::string(View({refs_.heading_begin, refs_.heading_end})), b});
      doc_.blocks[b].section = static_cast<int>(doc_.sections.size()) - 1;
    }
    for (const ReferenceEntry& entry : refs_.entries) {
      AddBlock(BlockKind::kReferenceEntry, entry.begin, entry.end);
    }
    back_section_ = true;  // anything after the list is back matter
    table_state_ = TableState::kNone;
  }

  // ---- Paragraph continuation -------------------------------------------

  bool EndsWithTerminal(const Block& block,
                        const std::vector<Citation>& citations) const {
    size_t end = TrimSpan(s_, block.begin, block.end).second;
    for (size_t k = citations.size(); k-- > 0;) {
      if (citations[k].end != end) break;
      end = TrimSpan(s_, block.begin, citations[k].begin).second;
    }
    while (end > block.begin &&
           (s_[end - 1] == '"' || s_[end - 1] == '\'' || s_[end - 1] == ')')) {
      --end;
    }
    if (end == block.begin) return true;
    const char c = s_[end - 1];
    return c == '.' || c == '?' || c == '!';
  }

  void MarkContinuations() {
    CitationStyle style;
    style.max_number = LastReferenceNumber(doc_.references);
    style.min_number = FirstReferenceNumber(doc_.references);
    style.plain_superscripts = false;
    long previous = -1;
    for (size_t b = 0; b < doc_.blocks.size(); ++b) {
      Block& block = doc_.blocks[b];
      if (block.kind == BlockKind::kHeading || block.kind == BlockKind::kFrontMatter ||
          block.kind == BlockKind::kBackMatter ||
          block.kind == BlockKind::kReferenceEntry) {
        previous = -1;
      }
      if (block.kind != BlockKind::kParagraph) continue;
      if (previous >= 0 && !block.bullet && !block.numbered_item) {
        const Block& prev = doc_.blocks[static_cast<size_t>(previous)];
        const char first = s_[block.begin];
        const auto cits = FindCitations(doc_.text, prev.begin, prev.end, style);
        block.continues_previous = IsLower(first) || !EndsWithTerminal(prev, cits);
      }
      previous = static_cast<long>(b);
    }
  }

  // ---- Sentences --------------------------------------------------------

  std::vector<Span> BodySpans() const {
    std::vector<Span> spans;
    for (const Block& block : doc_.blocks) {
      if (block.kind == BlockKind::kParagraph || block.kind == BlockKind::kCaption) {
        spans.emplace_back(block.begin, block.end);
      }
    }
    return spans;
  }

  void BuildSentences() {
    std::sort(sentence_blocks_.begin(), sentence_blocks_.end());
    sentence_blocks_.erase(std::unique(sentence_blocks_.begin(), sentence_blocks_.end()),
                           sentence_blocks_.end());
    CitationStyle row_style = style_;
    row_style.special_space_superscripts = false;
    row_style.plain_superscripts = false;
    std::vector<size_t> row_sentence(doc_.blocks.size(), 0);
    for (size_t b = 0; b < doc_.blocks.size(); ++b) {
      const Block& block = doc_.blocks[b];
      switch (block.kind) {
        case BlockKind::kParagraph:
        case BlockKind::kTableNote:
          SplitBlock(b, style_);
          break;
        case BlockKind::kCaption:
          if (std::binary_search(sentence_blocks_.begin(), sentence_blocks_.end(), b)) {
            SplitBlock(b, style_);
          }
          break;
        case BlockKind::kTableRow: {
          Sentence s;
          std::tie(s.begin, s.end) = TrimSpan(s_, block.begin, block.end);
          s.block = b;
          s.citations = FindCitations(doc_.text, s.begin, s.end, row_style);
          row_sentence[b] = doc_.sentences.size();
          doc_.sentences.push_back(std::move(s));
          break;
        }
        default:
          break;
      }
    }
    for (Table& table : doc_.tables) {
      for (Table::Row& row : table.rows) row.sentence = row_sentence[row.block];
    }
  }

  static bool IsAbbreviation(std::string_view word) {
    static const char* const kAbbreviations[] = {
        "al",  "e.g", "eg",  "i.e",  "ie",  "vs",   "cf",   "approx", "ca",
        "viz", "dr",  "drs", "mr",   "mrs", "ms",   "prof", "st",     "jr",
        "sr",  "inc", "ltd", "corp", "co",  "fig",  "figs", "ref",    "refs",
        "eq",  "vol", "no",  "nos",  "pp",  "resp", "incl", "suppl",  "sect",
        "sec", "ch",  "tab", "nr",   "ver", "dept", "univ", "est",    "approx"};
    const std::string lower = Lower(word);
    for (const char* a : kAbbreviations) {
      if (lower == a) return true;
    }
    return false;
  }

  // The word (letters and inner dots) ending at `i` (exclusive), at most 12
  // bytes back.
  std::string_view WordBefore(size_t block_begin, size_t i) const {
    size_t w = i;
    while (w > block_begin && i - w < 12 && (IsLetter(s_[w - 1]) || s_[w - 1] == '.'))
      --w;
    while (w < i && s_[w] == '.') ++w;
    return std::string_view(s_).substr(w, i - w);
  }

  bool IsSentenceStart(char c) const {
    return IsUpper(c) || IsDigit(c) || c == '"' || c == '\'' || c == '(' || c == '[' ||
           static_cast<unsigned char>(c) >= 0x80;
  }

  // True when the '.' at `i` closes a sentence rather than an abbreviation
  // ("e.g.", "et al.", "Fig."), an initial ("J. Smith") or a caption label
  // ("Table 2. ...").
  bool PeriodEnds(size_t block_begin, size_t i, size_t next, size_t end) const {
    const std::string_view word = WordBefore(block_begin, i);
    // "J. R. Smith": an initial follows.
    const bool initial_follows =
        next + 1 < end && IsUpper(s_[next]) && s_[next + 1] == '.';
    if (!word.empty() && IsAbbreviation(word)) return false;
    if (word.find('.') != std::string_view::npos) {
      // "U.S.", "e.g.": dotted letters.
      bool dotted = true;
      size_t run = 0;
      for (char c : word) {
        run = c == '.' ? 0 : run + 1;
        dotted = dotted && run <= 2;
      }
      if (dotted) return false;
    }
    if (word.size() == 1 && IsUpper(word[0])) {
      const size_t letter = i - 1;
      const bool spaced = letter == block_begin || s_[letter - 1] == ' ';
      size_t w = letter;
      while (w > block_begin && s_[w - 1] == ' ') --w;
      size_t start = w;
      while (start > block_begin && IsLetter(s_[start - 1])) --start;
      const bool prev_initial = w > block_begin && s_[w - 1] == '.';
      const bool prev_capital = start < w && IsUpper(s_[start]);
      if (spaced &&
          (w == block_begin || prev_initial || prev_capital || initial_follows)) {
        return false;
      }
    }
    if (i > block_begin && IsDigit(s_[i - 1])) {
      size_t d = i;
      while (d > block_begin && i - d < 8 && IsDigit(s_[d - 1])) --d;
      if (d == block_begin) return false;  // "1. The trial ...": a list item's number
      if (d - block_begin < 24) {
        static const RE2 kLabel(R"((?i)(?:table|figure|fig|box|scheme|chart))");
        const std::string_view before =
            TrimSpace(std::string_view(s_).substr(block_begin, d - block_begin));
        if (RE2::FullMatch(before, kLabel)) return false;
      }
    }
    return true;
  }

  void EmitSentence(size_t block, size_t begin, size_t end,
                    const std::vector<Citation>& citations, size_t* cursor) {
    const Span span = TrimSpan(s_, begin, end);
    if (span.first == span.second) return;
    // Cut overlong sentences at white space.
    size_t b = span.first;
    while (b < span.second) {
      size_t e = span.second;
      if (e - b > kMaxSentenceBytes) {
        e = b + kMaxSentenceBytes;
        size_t cut = e;
        while (cut > b + kMaxSentenceBytes / 2 && !IsSpace(s_[cut])) --cut;
        e = cut > b + kMaxSentenceBytes / 2 ? cut : e;
        // Never cut inside a citation marker.
        while (*cursor < citations.size() && citations[*cursor].begin < e &&
               citations[*cursor].end > e) {
          e = citations[*cursor].end;
        }
      }
      Sentence s;
      std::tie(s.begin, s.end) = TrimSpan(s_, b, e);
      s.block = block;
      // A footnote marker ("*") alone is not a sentence.
      const bool has_text = std::any_of(
          s_.begin() + static_cast<long>(s.begin), s_.begin() + static_cast<long>(s.end),
          [](char c) {
            return IsLetter(c) || IsDigit(c) || static_cast<unsigned char>(c) >= 0x80;
          });
      while (*cursor < citations.size() && citations[*cursor].begin < s.begin) ++*cursor;
      while (*cursor < citations.size() && citations[*cursor].end <= s.end) {
        s.citations.push_back(citations[(*cursor)++]);
      }
      if (s.begin < s.end && has_text) doc_.sentences.push_back(std::move(s));
      b = e;
      while (b < span.second && IsSpace(s_[b])) ++b;
    }
  }

  void SplitBlock(size_t block_index, const CitationStyle& style) {
    const Block& block = doc_.blocks[block_index];
    const size_t begin = block.begin, end = block.end;
    const std::vector<Citation> citations = FindCitations(doc_.text, begin, end, style);
    // Cursors over the citations by start and by end; both only advance.
    size_t by_begin = 0, by_end = 0;
    auto starting_at = [&](size_t pos) -> const Citation* {
      while (by_begin < citations.size() && citations[by_begin].begin < pos) ++by_begin;
      return by_begin < citations.size() && citations[by_begin].begin == pos
                 ? &citations[by_begin]
                 : nullptr;
    };
    auto ending_at = [&](size_t pos) -> const Citation* {
      while (by_end < citations.size() && citations[by_end].end < pos) ++by_end;
      return by_end < citations.size() && citations[by_end].end == pos
                 ? &citations[by_end]
                 : nullptr;
    };
    size_t cursor = 0;
    size_t start = begin;
    size_t i = begin;
    while (i < end) {
      const char c = s_[i];
      size_t boundary = std::string::npos;
      if (c == '.' || c == '?' || c == '!') {
        size_t j = i + 1;
        while (j < end && (s_[j] == '.' || s_[j] == '?' || s_[j] == '!')) ++j;
        const size_t last = j - 1;  // the last of "..." or "?!"
        while (j < end && j - last < 4 && (s_[j] == '"' || s_[j] == '\'' || s_[j] == ')'))
          ++j;
        if (const Citation* cit = starting_at(j)) j = cit->end;
        if (j == end || IsSpace(s_[j])) {
          size_t k = j;
          while (k < end && IsSpace(s_[k])) ++k;
          if (k == end || (IsSentenceStart(s_[k]) &&
                           (s_[last] != '.' || PeriodEnds(begin, last, k, end)))) {
            boundary = j;
          }
        }
        if (boundary == std::string::npos) {
          i = last + 1;
          continue;
        }
      } else if (c == ']') {
        // "... cases [8] It involves": a bracket citation that closes a
        // sentence printed without its period.
        const Citation* cit = ending_at(i + 1);
        if (cit != nullptr && s_[cit->begin] == '[') {
          size_t p = cit->begin;
          while (p > begin && s_[p - 1] == ' ') --p;
          size_t k = i + 1;
          while (k < end && s_[k] == ' ') ++k;
          const char before = p > begin ? s_[p - 1] : '.';
          const bool after_word =
              IsLetter(before) || IsDigit(before) || before == '%' || before == ')';
          if (after_word && k > i + 1 && k + 1 < end && IsUpper(s_[k]) &&
              IsLower(s_[k + 1])) {
            boundary = i + 1;
          }
        }
      }
      if (boundary != std::string::npos) {
        EmitSentence(block_index, start, boundary, citations, &cursor);
        start = boundary;
        i = boundary;
        continue;
      }
      ++i;
    }
    EmitSentence(block_index, start, end, citations, &cursor);
  }

  enum class TableState { kNone, kAwaitCaptionText, kAwaitBody, kNotes };

  Document& doc_;
  const std::string& s_;
  ReferenceList refs_;
  size_t refs_run_ = 0;
  std::vector<LineRun> runs_;
  CitationStyle style_;
  bool front_zone_ = true;
  bool back_section_ = false;
  TableState table_state_ = TableState::kNone;
  int table_ = -1;
  bool note_follows_marker_ = false;
  std::string last_figure_label_;
  std::string last_figure_text_;
  bool figure_skip_text_ = false;
  bool figure_text_next_ = false;
  size_t pending_figure_ = 0;
  std::vector<size_t> sentence_blocks_;  // caption blocks that get sentences
  std::map<std::string, size_t> table_by_label_;
  std::optional<graph::Reference> citation_;
  std::string published_year_;
  std::string front_doi_;
};

}  // namespace

Result<Document> Parse(Text text) {
  if (text.offsets.size() != text.normalized.size() + 1) {
    return Status::InvalidArgument("ingest: " + text.name +
                                   ": text has no offsets; build it with MakeText");
  }
  Document doc;
  doc.text = std::move(text);
  Parser parser(&doc);
  parser.Run();
  return doc;
}

}  // namespace lg::ingest
