#include "ingest/jats.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "graph/text_util.h"
#include "ingest/citations.h"
#include "ingest/text.h"

namespace lg::ingest {
namespace {

// A sentence longer than this is cut at white space (as the text reader does).
constexpr size_t kMaxSentenceBytes = 16384;

using Span = std::pair<size_t, size_t>;

using graph::IsDigit;
using graph::IsLetter;
using graph::IsUpper;

// XML's white space (the S production of XML 1.0): no form feed or vertical
// tab, which XML does not allow in a document at all.
bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string Collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (IsXmlSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// ---- libxml2 access ---------------------------------------------------------

// No external entity, DTD or network resource is ever loaded.
xmlParserInputPtr RefuseExternalEntity(const char*, const char*, xmlParserCtxtPtr) {
  return nullptr;
}

void InitLibxml() {
  static std::once_flag once;
  std::call_once(once, [] {
    xmlInitParser();
    xmlSetExternalEntityLoader(RefuseExternalEntity);
  });
}

std::string_view Name(const xmlNode* node) {
  return node->name ? reinterpret_cast<const char*>(node->name) : "";
}

bool Is(const xmlNode* node, std::string_view name) {
  return node != nullptr && node->type == XML_ELEMENT_NODE && Name(node) == name;
}

// The value of attribute `name` (any namespace: "href" finds xlink:href).
std::string Attr(const xmlNode* node, std::string_view name) {
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (a->name == nullptr || reinterpret_cast<const char*>(a->name) != name) continue;
    std::string value;
    for (const xmlNode* c = a->children; c != nullptr; c = c->next) {
      if (c->content) value += reinterpret_cast<const char*>(c->content);
    }
    return value;
  }
  return "";
}

const xmlNode* Child(const xmlNode* node, std::string_view name) {
  if (node == nullptr) return nullptr;
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (Is(c, name)) return c;
  }
  return nullptr;
}

// The first element named `name` below `node` in document order, not
// descending into `stop` elements.
const xmlNode* Find(const xmlNode* node, std::string_view name,
                    std::string_view stop = "") {
  if (node == nullptr) return nullptr;
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || (!stop.empty() && Name(c) == stop)) continue;
    if (Name(c) == name) return c;
    if (const xmlNode* f = Find(c, name, stop)) return f;
  }
  return nullptr;
}

void FindAll(const xmlNode* node, std::string_view name,
             std::vector<const xmlNode*>* out) {
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || Name(c) == "sub-article") continue;
    if (Name(c) == name) {
      out->push_back(c);
    } else {
      FindAll(c, name, out);
    }
  }
}

// Elements whose text is never part of the rendering.
bool Skipped(std::string_view name) {
  static const char* const kSkipped[] = {"graphic",
                                         "media",
                                         "object-id",
                                         "alt-text",
                                         "inline-graphic",
                                         "tex-math",
                                         "supplementary-material",
                                         "counts",
                                         "long-desc"};
  for (const char* s : kSkipped) {
    if (name == s) return true;
  }
  return false;
}

// Block elements that may sit inside a paragraph; rendered after it.
bool NestedBlock(std::string_view name) {
  return name == "table-wrap" || name == "fig" || name == "list" ||
         name == "disp-quote" || name == "boxed-text" || name == "def-list" ||
         name == "table-wrap-group" || name == "fig-group";
}

// The text of `node` with white space collapsed (no citations recorded).
std::string PlainText(const xmlNode* node) {
  std::string out;
  struct Walker {
    static void Walk(const xmlNode* n, std::string* out) {
      for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
          if (c->content) *out += reinterpret_cast<const char*>(c->content);
        } else if (c->type == XML_ELEMENT_NODE && !Skipped(Name(c))) {
          if (Name(c) == "break") *out += ' ';
          Walk(c, out);
        }
      }
    }
  };
  if (node != nullptr) Walker::Walk(node, &out);
  return Collapse(out);
}

std::string Digits(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (IsDigit(c)) out.push_back(c);
  }
  return out;
}

std::string PmcId(std::string_view id) {
  const std::string digits = Digits(id);
  return digits.empty() ? std::string() : "PMC" + digits;
}

// ---- References -------------------------------------------------------------

struct RefList {
  std::vector<graph::Reference> refs;
  std::map<std::string, size_t> by_id;  // <ref id> -> index in refs
};

std::string PersonName(const xmlNode* name) {
  if (Is(name, "name")) {
    std::string surname = PlainText(Child(name, "surname"));
    std::string given = PlainText(Child(name, "given-names"));
    return given.empty() ? surname : surname + " " + given;
  }
  if (Is(name, "string-name")) return PlainText(name);
  if (Is(name, "collab")) return PlainText(name);
  return "";
}

// "Cunningham D, Allum WH: Title. N Engl J Med 2006; 355: 11-20."
std::string RenderReference(const graph::Reference& r) {
  std::string s;
  for (size_t i = 0; i < r.authors.size(); ++i) s += (i ? ", " : "") + r.authors[i];
  if (!s.empty()) s += ": ";
  if (!r.title.empty()) {
    std::string t = r.title;
    while (!t.empty() && t.back() == '.') t.pop_back();
    s += t + ". ";
  }
  if (!r.journal.empty()) s += r.journal + " ";
  s += r.year;
  if (!r.volume.empty()) s += "; " + r.volume;
  if (!r.pages.empty()) s += ": " + r.pages;
  while (!s.empty() && s.back() == ' ') s.pop_back();
  if (!s.empty() && s.back() != '.') s += '.';
  if (!r.doi.empty()) s += " doi:" + r.doi;
  if (!r.pmid.empty()) s += " PMID: " + r.pmid;
  if (!r.pmcid.empty()) s += " " + r.pmcid;
  return s;
}

graph::Reference ReadReference(const xmlNode* ref, std::string n) {
  graph::Reference r;
  r.n = std::move(n);
  const xmlNode* cit = nullptr;
  for (std::string_view kind :
       {"element-citation", "mixed-citation", "citation", "nlm-citation"}) {
    if ((cit = Find(ref, kind)) != nullptr) break;
  }
  if (cit == nullptr) cit = ref;
  const xmlNode* first = nullptr;  // the first author's element
  auto add_author = [&](const xmlNode* p) {
    std::string name = PersonName(p);
    if (name.empty()) return;
    if (r.authors.empty()) first = p;
    r.authors.push_back(std::move(name));
  };
  for (const xmlNode* c = cit->children; c != nullptr; c = c->next) {
    if (Is(c, "person-group")) {
      const std::string type = Attr(c, "person-group-type");
      if (!type.empty() && type != "author") continue;
      for (const xmlNode* p = c->children; p != nullptr; p = p->next) add_author(p);
    } else if (Is(c, "name") || Is(c, "string-name") || Is(c, "collab")) {
      add_author(c);
    } else if (Is(c, "article-title") || (Is(c, "chapter-title") && r.title.empty())) {
      r.title = PlainText(c);
    } else if (Is(c, "source")) {
      r.journal = PlainText(c);
    } else if (Is(c, "year") && r.year.empty()) {
      r.year = Digits(PlainText(c)).substr(0, 4);
    } else if (Is(c, "volume")) {
      r.volume = PlainText(c);
    } else if (Is(c, "fpage")) {
      r.pages = PlainText(c) + r.pages;
    } else if (Is(c, "lpage")) {
      r.pages += "-" + PlainText(c);
    } else if (Is(c, "pub-id")) {
      const std::string type = Attr(c, "pub-id-type");
      const std::string id = PlainText(c);
      if (type == "pmid") r.pmid = id;
      if (type == "doi") r.doi = id;
      if (type == "pmc" || type == "pmcid") r.pmcid = PmcId(id);
    } else if (Is(c, "ext-link") && r.url.empty()) {
      r.url = Attr(c, "href");
    }
  }
  if (r.year.empty()) {
    if (const xmlNode* y = Find(cit, "year")) r.year = Digits(PlainText(y)).substr(0, 4);
  }
  if (first != nullptr) {
    // A person by the surname; a group author (<collab>) by its whole name.
    const std::string& a = r.authors.front();
    if (const xmlNode* surname = Find(first, "surname")) {
      r.first_author = PlainText(surname);
    } else if (Is(first, "collab")) {
      r.first_author = a;
    } else {
      r.first_author = a.substr(0, a.find(' '));
    }
  }
  // A page on the web: typed so, or a link with neither journal nor year.
  const std::string type = Attr(cit, "publication-type");
  if (type == "web" || type == "webpage" || type == "website" ||
      (!r.url.empty() && r.journal.empty() && r.year.empty())) {
    r.kind = "web";
  }
  if (r.title.empty() && r.journal.empty()) {
    r.raw = PlainText(cit);
  } else {
    r.raw = RenderReference(r);
  }
  return r;
}

RefList ReadReferences(const xmlNode* article) {
  RefList list;
  std::vector<const xmlNode*> ref_lists;
  FindAll(article, "ref-list", &ref_lists);
  std::vector<const xmlNode*> refs;
  for (const xmlNode* rl : ref_lists) FindAll(rl, "ref", &refs);
  std::map<std::string, bool> used;
  for (size_t i = 0; i < refs.size(); ++i) {
    std::string n = Digits(PlainText(Child(refs[i], "label")));
    if (n.empty() || n.size() > 6 || used.count(n)) n = std::to_string(i + 1);
    used[n] = true;
    list.by_id[Attr(refs[i], "id")] = list.refs.size();
    list.refs.push_back(ReadReference(refs[i], std::move(n)));
  }
  list.by_id.erase("");
  return list;
}

// ---- Rendering --------------------------------------------------------------

struct RawCitation {
  size_t begin = 0, end = 0;  // rendering offsets
  std::vector<std::string> numbers;
  bool printed_bracket = false;   // "[" or "(" printed before the first xref
  bool inserted_bracket = false;  // we printed "[" and owe the "]"
  long last_ref = -1;             // index of the last cited reference
};

struct RawRow {
  size_t block = 0;
  std::vector<Span> cells;
};

class Renderer {
 public:
  explicit Renderer(const RefList& refs) : refs_(refs) {}

  void Render(const xmlNode* article, JatsArticle* out) {
    const xmlNode* front = Child(article, "front");
    const xmlNode* meta = Find(front, "article-meta");
    ReadFront(front, meta, out);
    if (const xmlNode* title = Find(Find(meta, "title-group"), "article-title")) {
      Paragraph(title, BlockKind::kTitle);
    }
    std::vector<const xmlNode*> abstracts;
    if (meta != nullptr) FindAll(meta, "abstract", &abstracts);
    for (const xmlNode* ab : abstracts) {
      const std::string type = Attr(ab, "abstract-type");
      if (type == "graphical" || type == "teaser") continue;
      if (Child(ab, "title") == nullptr) Heading("Abstract");
      Children(ab);
    }
    if (const xmlNode* body = Child(article, "body")) Children(body);
    if (const xmlNode* floats = Child(article, "floats-group")) {
      section_ = -1;
      Children(floats);
    }
    RenderReferenceList();
  }

  std::string& text() { return out_; }
  const std::vector<Block>& blocks() const { return blocks_; }
  const std::vector<Section>& sections() const { return sections_; }
  const std::vector<RawCitation>& citations() const { return cites_; }
  std::vector<Table>& tables() { return tables_; }
  const std::vector<std::vector<RawRow>>& rows() const { return rows_; }

 private:
  // -- front matter --

  void ReadFront(const xmlNode* front, const xmlNode* meta, JatsArticle* out) {
    Metadata& m = out->doc.meta;
    if (const xmlNode* jm = Find(front, "journal-meta")) {
      const xmlNode* jt = Find(jm, "journal-title");
      if (jt == nullptr) jt = Find(jm, "journal-id");
      m.journal = PlainText(jt);
    }
    if (meta == nullptr) return;
    m.title = PlainText(Find(Find(meta, "title-group"), "article-title"));
    for (const xmlNode* c = meta->children; c != nullptr; c = c->next) {
      if (!Is(c, "article-id")) continue;
      const std::string type = Attr(c, "pub-id-type");
      if (type == "doi") m.doi = PlainText(c);
      if (type == "pmid") out->pmid = PlainText(c);
      if (type == "pmc" || type == "pmcid") out->pmcid = PmcId(PlainText(c));
    }
    for (const xmlNode* group = meta->children; group != nullptr; group = group->next) {
      if (!Is(group, "contrib-group")) continue;
      for (const xmlNode* c = group->children; c != nullptr; c = c->next) {
        if (!Is(c, "contrib")) continue;
        const std::string type = Attr(c, "contrib-type");
        if (!type.empty() && type != "author") continue;
        if (const xmlNode* name = Child(c, "name")) {
          std::string given = PlainText(Child(name, "given-names"));
          std::string surname = PlainText(Child(name, "surname"));
          m.authors.push_back(given.empty() ? surname : given + " " + surname);
        } else if (const xmlNode* collab = Child(c, "collab")) {
          m.authors.push_back(PlainText(collab));
        }
      }
    }
    m.year = PublicationYear(meta);
    if (const xmlNode* lic = Find(Find(meta, "permissions"), "license")) {
      out->license = Attr(lic, "href");
      if (out->license.empty()) {
        if (const xmlNode* ref = Find(lic, "license_ref")) out->license = PlainText(ref);
      }
      if (out->license.empty()) out->license = Attr(lic, "license-type");
      if (out->license.empty()) out->license = PlainText(lic);
    }
  }

  static std::string PublicationYear(const xmlNode* meta) {
    std::map<std::string, std::string> by_type;
    std::string any;
    for (const xmlNode* c = meta->children; c != nullptr; c = c->next) {
      if (!Is(c, "pub-date")) continue;
      std::string year = Digits(PlainText(Child(c, "year"))).substr(0, 4);
      if (year.empty()) continue;
      std::string type = Attr(c, "pub-type");
      if (type.empty()) type = Attr(c, "date-type");
      by_type.emplace(type, year);
      if (any.empty()) any = year;
    }
    for (const char* type : {"ppub", "epub", "pub", "epub-ppub", "collection"}) {
      auto it = by_type.find(type);
      if (it != by_type.end()) return it->second;
    }
    return any;
  }

  // -- blocks --

  size_t BeginBlock() {
    if (!out_.empty()) out_ += "\n\n";
    suppress_space_ = true;
    pending_space_ = false;
    return out_.size();
  }

  // Ends the block begun at `begin`; false (and nothing kept) when it is empty.
  bool EndBlock(size_t begin, BlockKind kind, int table = -1) {
    CloseGroup("");
    pending_space_ = false;
    if (out_.size() == begin) {
      out_.resize(begin >= 2 ? begin - 2 : 0);
      return false;
    }
    Block b;
    b.kind = kind;
    b.begin = begin;
    b.end = out_.size();
    b.section = section_;
    b.table = table;
    blocks_.push_back(b);
    return true;
  }

  void Heading(std::string_view text) {
    const size_t begin = BeginBlock();
    AppendText(text);
    if (EndBlock(begin, BlockKind::kHeading)) {
      sections_.push_back({std::string(text), blocks_.size() - 1});
      section_ = static_cast<int>(sections_.size()) - 1;
    }
  }

  // A block of inline content; nested blocks follow it.
  void Paragraph(const xmlNode* node, BlockKind kind, std::string_view prefix = "") {
    std::vector<const xmlNode*> nested;
    const size_t begin = BeginBlock();
    AppendText(prefix);
    Inline(node, &nested);
    EndBlock(begin, kind);
    for (const xmlNode* n : nested) BlockElement(n);
  }

  void Children(const xmlNode* node) {
    for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE) BlockElement(c);
    }
  }

  void BlockElement(const xmlNode* el) {
    const std::string_view name = Name(el);
    if (Skipped(name) || name == "label" || name == "ref-list" || name == "fn-group" ||
        name == "ack" || name == "notes" || name == "glossary" || name == "app-group" ||
        name == "sec-meta" || name == "object-id") {
      return;
    }
    if (name == "sec") {
      Sec(el);
    } else if (name == "title") {
      Heading(PlainText(el));
    } else if (name == "p") {
      Paragraph(el, BlockKind::kParagraph);
    } else if (name == "list") {
      List(el);
    } else if (name == "table-wrap") {
      TableWrap(el);
    } else if (name == "fig") {
      Caption(el, -1);
    } else if (name == "def-list") {
      for (const xmlNode* item = el->children; item != nullptr; item = item->next) {
        if (Is(item, "def-item")) Paragraph(item, BlockKind::kParagraph);
      }
    } else if (el->children != nullptr && HasElementChild(el)) {
      Children(el);  // disp-quote, boxed-text, table-wrap-group, fig-group, ...
    } else {
      Paragraph(el, BlockKind::kParagraph);
    }
  }

  static bool HasElementChild(const xmlNode* el) {
    for (const xmlNode* c = el->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE) {
        const std::string_view n = Name(c);
        if (n == "p" || n == "sec" || n == "title" || NestedBlock(n)) return true;
      }
    }
    return false;
  }

  void Sec(const xmlNode* sec) {
    const int parent = section_;
    std::string heading = PlainText(Child(sec, "label"));
    const std::string title = PlainText(Child(sec, "title"));
    if (!title.empty()) heading += (heading.empty() ? "" : " ") + title;
    if (!heading.empty()) Heading(heading);
    for (const xmlNode* c = sec->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && !Is(c, "title") && !Is(c, "label"))
        BlockElement(c);
    }
    section_ = parent;
  }

  void List(const xmlNode* list) {
    for (const xmlNode* item = list->children; item != nullptr; item = item->next) {
      if (!Is(item, "list-item")) continue;
      bool has_p = false;
      for (const xmlNode* c = item->children; c != nullptr; c = c->next) {
        if (Is(c, "p")) {
          Paragraph(c, BlockKind::kParagraph);
          has_p = true;
        } else if (Is(c, "list")) {
          List(c);
        }
      }
      if (!has_p) Paragraph(item, BlockKind::kParagraph);
    }
  }

  // A figure's or table's label and caption as one caption block.
  void Caption(const xmlNode* wrap, int table) {
    const size_t begin = BeginBlock();
    std::vector<const xmlNode*> nested;
    if (const xmlNode* label = Child(wrap, "label")) Inline(label, &nested);
    if (const xmlNode* cap = Child(wrap, "caption")) {
      for (const xmlNode* c = cap->children; c != nullptr; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        pending_space_ = !suppress_space_;
        Inline(c, &nested);
        if (Is(c, "title") && !out_.empty() && out_.size() > begin &&
            std::strchr(".:?!", out_.back()) == nullptr) {
          out_ += '.';
        }
      }
    }
    EndBlock(begin, BlockKind::kCaption, table);
  }

  void TableWrap(const xmlNode* wrap) {
    const int t = static_cast<int>(tables_.size());
    tables_.emplace_back();
    rows_.emplace_back();
    tables_.back().label = PlainText(Child(wrap, "label"));
    const xmlNode* cap = Child(wrap, "caption");
    tables_.back().caption = PlainText(cap);
    Caption(wrap, t);
    std::vector<const xmlNode*> tables;
    FindAll(wrap, "table", &tables);
    for (const xmlNode* table : tables) TableBody(table, t);
    if (const xmlNode* foot = Child(wrap, "table-wrap-foot")) {
      std::vector<const xmlNode*> notes;
      for (const xmlNode* c = foot->children; c != nullptr; c = c->next) {
        if (Is(c, "fn-group")) {
          for (const xmlNode* f = c->children; f != nullptr; f = f->next) {
            if (Is(f, "fn")) notes.push_back(f);
          }
        } else if (c->type == XML_ELEMENT_NODE) {
          notes.push_back(c);
        }
      }
      for (const xmlNode* note : notes) {
        std::vector<const xmlNode*> nested;
        const size_t begin = BeginBlock();
        Inline(note, &nested);
        EndBlock(begin, BlockKind::kTableNote, t);
      }
    }
  }

  void TableBody(const xmlNode* table, int t) {
    std::vector<const xmlNode*> trs;
    FindAll(table, "tr", &trs);
    // Header rows: those of <thead>, else the leading rows of <th> cells.
    std::vector<bool> header(trs.size(), false);
    bool has_thead = false;
    for (size_t i = 0; i < trs.size(); ++i) {
      header[i] = trs[i]->parent != nullptr && Is(trs[i]->parent, "thead");
      has_thead = has_thead || header[i];
    }
    if (!has_thead) {
      for (size_t i = 0; i < trs.size(); ++i) {
        bool all_th = trs[i]->children != nullptr;
        for (const xmlNode* c = trs[i]->children; c != nullptr; c = c->next) {
          if (Is(c, "td")) all_th = false;
        }
        if (!all_th) break;
        header[i] = true;
      }
    }
    std::vector<std::string>& names = tables_[static_cast<size_t>(t)].header;
    for (size_t i = 0; i < trs.size(); ++i) {
      RawRow row;
      const size_t begin = BeginBlock();
      std::vector<const xmlNode*> nested;
      for (const xmlNode* c = trs[i]->children; c != nullptr; c = c->next) {
        if (!Is(c, "td") && !Is(c, "th")) continue;
        if (!row.cells.empty()) out_ += " | ";
        suppress_space_ = true;
        pending_space_ = false;
        const size_t cell_begin = out_.size();
        Inline(c, &nested);
        CloseGroup("");
        pending_space_ = false;
        const Span cell{cell_begin, out_.size()};
        long span = std::strtol(Attr(c, "colspan").c_str(), nullptr, 10);
        span = std::clamp(span, 1L, 64L);
        for (long k = 0; k < span; ++k) {
          row.cells.push_back(k == 0 ? cell : Span{cell.second, cell.second});
        }
        if (header[i]) {
          const std::string text = out_.substr(cell.first, cell.second - cell.first);
          const size_t col = row.cells.size() - static_cast<size_t>(span);
          for (long k = 0; k < span; ++k) {
            const size_t at = col + static_cast<size_t>(k);
            if (names.size() <= at) names.resize(at + 1);
            if (text.empty()) continue;
            names[at] += (names[at].empty() ? "" : " ") + text;
          }
        }
      }
      // A row of empty cells prints nothing.
      bool empty = true;
      for (const Span& cell : row.cells) empty = empty && cell.first == cell.second;
      if (empty) out_.resize(begin);
      if (!EndBlock(begin, BlockKind::kTableRow, t)) continue;
      row.block = blocks_.size() - 1;
      if (!header[i]) rows_[static_cast<size_t>(t)].push_back(std::move(row));
    }
  }

  void RenderReferenceList() {
    if (refs_.refs.empty()) return;
    section_ = -1;
    Heading("References");
    for (const graph::Reference& r : refs_.refs) {
      const size_t begin = BeginBlock();
      AppendText(r.n + ". " + r.raw);
      EndBlock(begin, BlockKind::kReferenceEntry);
    }
  }

  // -- inline content --

  void Inline(const xmlNode* node, std::vector<const xmlNode*>* nested) {
    for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
      if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
        if (c->content) AppendText(reinterpret_cast<const char*>(c->content));
        continue;
      }
      if (c->type != XML_ELEMENT_NODE) continue;
      const std::string_view name = Name(c);
      if (Skipped(name)) continue;
      if (NestedBlock(name)) {
        nested->push_back(c);
      } else if (name == "xref" && Attr(c, "ref-type") == "bibr") {
        Cite(c);
      } else if (name == "break") {
        pending_space_ = true;
      } else {
        Inline(c, nested);
      }
    }
  }

  static bool IsSeparator(std::string_view piece) {
    return piece == "," || piece == ";" || piece == "-" || piece == "\u2013" ||
           piece == "\u2014" || piece == "\u2010" || piece == "\u2011" ||
           piece == "\u2212";
  }
  static bool IsDash(std::string_view s) {
    return s.find('-') != std::string_view::npos ||
           s.find("\u2013") != std::string_view::npos ||
           s.find("\u2014") != std::string_view::npos ||
           s.find("\u2010") != std::string_view::npos ||
           s.find("\u2011") != std::string_view::npos ||
           s.find("\u2212") != std::string_view::npos;
  }

  void AppendText(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
      const char c = s[i];
      if (IsXmlSpace(c)) {
        pending_space_ = true;
        ++i;
        continue;
      }
      const unsigned char u = static_cast<unsigned char>(c);
      size_t len = u < 0x80 ? 1 : u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : u >= 0xC0 ? 2 : 1;
      len = std::min(len, s.size() - i);
      const std::string_view piece = s.substr(i, len);
      if (group_open_ && !IsSeparator(piece)) {
        if (CloseGroup(piece)) {
          i += len;
          continue;
        }
      }
      FlushSpace();
      out_.append(piece);
      i += len;
    }
  }

  void FlushSpace() {
    if (pending_space_ && !suppress_space_) out_ += ' ';
    pending_space_ = false;
    suppress_space_ = false;
  }

  // Closes the open citation group before `next` is printed. True when
  // `next` was the group's printed closing bracket and has been printed.
  bool CloseGroup(std::string_view next) {
    if (!group_open_) return false;
    group_open_ = false;
    RawCitation& g = cites_.back();
    if (g.inserted_bracket) {
      out_.insert(out_.begin() + static_cast<std::ptrdiff_t>(g.end), ']');
      g.end += 1;
      return false;
    }
    if (g.printed_bracket && (next == "]" || next == ")") && out_.size() == g.end &&
        !pending_space_) {
      out_.append(next);
      g.end = out_.size();
      suppress_space_ = false;
      return true;
    }
    return false;
  }

  void AddNumbers(RawCitation* g, const std::string& rid, bool range) {
    size_t start = 0;
    while (start < rid.size()) {
      size_t stop = rid.find(' ', start);
      if (stop == std::string::npos) stop = rid.size();
      auto it = refs_.by_id.find(rid.substr(start, stop - start));
      start = stop + 1;
      if (it == refs_.by_id.end()) continue;
      const long k = static_cast<long>(it->second);
      if (range && g->last_ref >= 0 && g->last_ref < k && k - g->last_ref <= 500) {
        for (long j = g->last_ref + 1; j < k; ++j) {
          g->numbers.push_back(refs_.refs[static_cast<size_t>(j)].n);
        }
      }
      g->numbers.push_back(refs_.refs[static_cast<size_t>(k)].n);
      g->last_ref = k;
      range = false;
    }
  }

  void Cite(const xmlNode* xref) {
    const std::string rid = Attr(xref, "rid");
    if (group_open_) {
      // Read the gap before appending: out_ may move when it grows.
      const bool range = IsDash(std::string_view(out_).substr(cites_.back().end));
      FlushSpace();
      AppendXrefText(xref, rid);
      AddNumbers(&cites_.back(), rid, range);
      cites_.back().end = out_.size();
      return;
    }
    RawCitation g;
    const char before = out_.empty() || pending_space_ ? ' ' : out_.back();
    g.printed_bracket = !suppress_space_ && (before == '[' || before == '(');
    FlushSpace();
    if (g.printed_bracket) {
      g.begin = out_.size() - 1;
    } else {
      g.begin = out_.size();
      out_ += '[';
      g.inserted_bracket = true;
    }
    AppendXrefText(xref, rid);
    AddNumbers(&g, rid, false);
    g.end = out_.size();
    cites_.push_back(std::move(g));
    group_open_ = true;
  }

  void AppendXrefText(const xmlNode* xref, const std::string& rid) {
    std::string text = PlainText(xref);
    const bool printed = !text.empty();
    // An empty xref prints the numbers of the references it names.
    for (size_t start = 0; !printed && start < rid.size();) {
      size_t stop = rid.find(' ', start);
      if (stop == std::string::npos) stop = rid.size();
      auto it = refs_.by_id.find(rid.substr(start, stop - start));
      if (it != refs_.by_id.end())
        text += (text.empty() ? "" : ", ") + refs_.refs[it->second].n;
      start = stop + 1;
    }
    out_ += text;
  }

  const RefList& refs_;
  std::string out_;
  bool pending_space_ = false;
  bool suppress_space_ = true;
  bool group_open_ = false;
  int section_ = -1;
  std::vector<Block> blocks_;
  std::vector<Section> sections_;
  std::vector<RawCitation> cites_;
  std::vector<Table> tables_;
  std::vector<std::vector<RawRow>> rows_;
};

// ---- Sentences --------------------------------------------------------------

bool IsAbbreviation(std::string_view word) {
  static const char* const kAbbreviations[] = {
      "al",    "e.g",  "eg",   "i.e", "ie",   "vs",   "cf", "approx", "ca",
      "viz",   "dr",   "prof", "st",  "inc",  "ltd",  "co", "fig",    "figs",
      "ref",   "refs", "eq",   "vol", "no",   "nos",  "pp", "resp",   "incl",
      "suppl", "sect", "sec",  "tab", "dept", "univ", "est"};
  std::string lower(word);
  for (char& c : lower) {
    if (IsUpper(c)) c = static_cast<char>(c - 'A' + 'a');
  }
  for (const char* a : kAbbreviations) {
    if (lower == a) return true;
  }
  return false;
}

bool IsSentenceStart(char c) {
  return IsUpper(c) || IsDigit(c) || c == '"' || c == '\'' || c == '(' || c == '[' ||
         static_cast<unsigned char>(c) >= 0x80;
}

class Splitter {
 public:
  explicit Splitter(Document* doc) : doc_(*doc), s_(doc->text.normalized) {}

  // Splits block `block` into sentences at '.', '?' and '!' followed by
  // white space and a sentence start, never inside a citation; a citation
  // right after the punctuation (or one space after it) stays with the
  // sentence it closes.
  // `cites` are the block's citations in order; linear in the block's size.
  void Split(size_t block, const std::vector<Citation>& cites, size_t* cursor) {
    const Block& b = doc_.blocks[block];
    size_t start = b.begin;
    size_t inside = 0, after = 0;  // cursors over `cites`; both only advance
    for (size_t i = b.begin; i < b.end; ++i) {
      const char c = s_[i];
      if (c != '.' && c != '?' && c != '!') continue;
      while (inside < cites.size() && cites[inside].end <= i) ++inside;
      if (inside < cites.size() && cites[inside].begin <= i) continue;
      size_t j = i + 1;
      while (j < b.end && (s_[j] == '.' || s_[j] == '?' || s_[j] == '!')) ++j;
      const size_t last = j - 1;
      while (j < b.end && j - last < 4 && (s_[j] == '"' || s_[j] == '\'' || s_[j] == ')'))
        ++j;
      // "survival.[7] We", and "chemotherapy. [15-17] Higher": the marker
      // closes the sentence before it.
      size_t p = j;
      while (p < b.end && p - j < 2 && s_[p] == ' ') ++p;
      while (after < cites.size() && cites[after].begin < j) ++after;
      if (after < cites.size() && (cites[after].begin == j || cites[after].begin == p)) {
        j = cites[after].end;
      }
      if (j < b.end && !IsXmlSpace(s_[j])) continue;
      size_t k = j;
      while (k < b.end && IsXmlSpace(s_[k])) ++k;
      if (k < b.end && !IsSentenceStart(s_[k])) continue;
      if (s_[last] == '.' && k < b.end && !PeriodEnds(b.begin, last)) continue;
      Emit(block, start, j, cites, cursor);
      start = k;
      i = j > i ? j - 1 : i;
    }
    Emit(block, start, b.end, cites, cursor);
  }

 private:
  bool PeriodEnds(size_t block_begin, size_t i) const {
    size_t w = i;
    while (w > block_begin && i - w < 12 && (IsLetter(s_[w - 1]) || s_[w - 1] == '.'))
      --w;
    while (w < i && s_[w] == '.') ++w;
    const std::string_view word = std::string_view(s_).substr(w, i - w);
    if (!word.empty() && IsAbbreviation(word)) return false;
    if (word.size() == 1 && IsUpper(word[0])) return false;      // an initial: "J. Smith"
    if (word.find('.') != std::string_view::npos) return false;  // "U.S.", "e.g."
    return true;
  }

  void Emit(size_t block, size_t begin, size_t end, const std::vector<Citation>& cites,
            size_t* cursor) {
    while (begin < end && IsXmlSpace(s_[begin])) ++begin;
    while (end > begin && IsXmlSpace(s_[end - 1])) --end;
    // Bounded: cut an over-long sentence at white space.
    while (end - begin > kMaxSentenceBytes) {
      size_t cut = begin + kMaxSentenceBytes;
      while (cut > begin + kMaxSentenceBytes / 2 && !IsXmlSpace(s_[cut])) --cut;
      Emit(block, begin, cut, cites, cursor);
      begin = cut;
      while (begin < end && IsXmlSpace(s_[begin])) ++begin;
    }
    if (begin >= end) return;
    Sentence s;
    s.begin = begin;
    s.end = end;
    s.block = block;
    while (*cursor < cites.size() && cites[*cursor].begin < begin) ++*cursor;
    while (*cursor < cites.size() && cites[*cursor].end <= end) {
      s.citations.push_back(cites[(*cursor)++]);
    }
    doc_.sentences.push_back(std::move(s));
  }

  Document& doc_;
  const std::string& s_;
};

// Normalised offset of rendering offset `pos` (the first normalised byte
// produced at or after it).
size_t ToNormalized(const Text& text, size_t pos) {
  auto it = std::lower_bound(text.offsets.begin(), text.offsets.end(), pos);
  return static_cast<size_t>(it - text.offsets.begin());
}

}  // namespace

bool IsJatsArticle(std::string_view name, std::string_view bytes) {
  if (EndsWith(name, ".nxml")) return true;
  // Skip a BOM, white space, the XML declaration, comments, PIs, DOCTYPE.
  size_t i = 0;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  for (int guard = 0; guard < 64; ++guard) {
    while (i < bytes.size() && IsXmlSpace(bytes[i])) ++i;
    if (bytes.substr(i, 4) == "<!--") {
      const size_t e = bytes.find("-->", i + 4);
      if (e == std::string_view::npos) return false;
      i = e + 3;
    } else if (bytes.substr(i, 2) == "<?") {
      const size_t e = bytes.find("?>", i + 2);
      if (e == std::string_view::npos) return false;
      i = e + 2;
    } else if (bytes.substr(i, 9) == "<!DOCTYPE") {
      // Up to the first '>' outside an internal subset.
      size_t j = i + 9;
      int depth = 0;
      while (j < bytes.size() && (bytes[j] != '>' || depth > 0)) {
        if (bytes[j] == '[') ++depth;
        if (bytes[j] == ']') --depth;
        ++j;
      }
      if (j >= bytes.size()) return false;
      i = j + 1;
    } else {
      break;
    }
  }
  const std::string_view rest = bytes.substr(i);
  if (rest.substr(0, 8) != "<article") return false;
  return rest.size() == 8 || IsXmlSpace(rest[8]) || rest[8] == '>' || rest[8] == '/';
}

Result<JatsArticle> ParseJats(const std::string& name, std::string_view xml) {
  InitLibxml();
  if (xml.size() > static_cast<size_t>(INT_MAX)) {
    return Status::InvalidArgument("ingest: " + name + ": file too large (" +
                                   std::to_string(xml.size()) + " bytes; XML limit " +
                                   std::to_string(INT_MAX) + ")");
  }
  std::unique_ptr<xmlParserCtxt, void (*)(xmlParserCtxtPtr)> ctxt(xmlNewParserCtxt(),
                                                                  xmlFreeParserCtxt);
  if (ctxt == nullptr) {
    return Status::Internal("ingest: " + name + ": cannot create an XML parser");
  }
  // No XML_PARSE_NOENT (entities are not substituted), no XML_PARSE_DTDLOAD
  // (no DTD is read), no XML_PARSE_HUGE (the parser's size, depth and
  // amplification limits hold), no network.
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                      XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS;
  std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)> doc(
      xmlCtxtReadMemory(ctxt.get(), xml.data(), static_cast<int>(xml.size()),
                        name.c_str(), nullptr, options),
      xmlFreeDoc);
  if (doc == nullptr) {
    const xmlError* err = xmlCtxtGetLastError(ctxt.get());
    std::string message =
        err != nullptr && err->message ? err->message : "not well-formed";
    message = Collapse(message);  // libxml2 puts some details on a second line
    const int line = err != nullptr ? err->line : 0;
    const int column = err != nullptr ? err->int2 : 0;
    return Status::InvalidArgument("ingest: " + name + " line " + std::to_string(line) +
                                   " column " + std::to_string(column) + ": " + message);
  }
  if (doc->intSubset != nullptr) {
    for (const xmlNode* c = doc->intSubset->children; c != nullptr; c = c->next) {
      if (c->type == XML_ENTITY_DECL) {
        return Status::InvalidArgument("ingest: " + name + ": the DTD declares entity '" +
                                       std::string(Name(c)) + "'; entities are not read");
      }
    }
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr || Name(root) != "article") {
    return Status::InvalidArgument("ingest: " + name +
                                   ": not a JATS article (root element <" +
                                   std::string(root ? Name(root) : "") + ">)");
  }

  JatsArticle article;
  const RefList refs = ReadReferences(root);
  Renderer renderer(refs);
  renderer.Render(root, &article);
  std::string& rendering = renderer.text();
  bool has_text = false;
  for (char c : rendering) has_text = has_text || !IsXmlSpace(c);
  if (!has_text) {
    return Status::InvalidArgument("ingest: " + name + ": the article has no text");
  }
  rendering += '\n';
  LG_ASSIGN_OR_RETURN(Text text, MakeText(name, std::move(rendering)));

  Document& d = article.doc;
  d.text = std::move(text);
  const Text& t = d.text;
  auto norm = [&](size_t pos) { return ToNormalized(t, pos); };
  d.blocks = renderer.blocks();
  for (Block& b : d.blocks) {
    b.begin = norm(b.begin);
    b.end = norm(b.end);
  }
  d.sections = renderer.sections();
  d.tables = std::move(renderer.tables());
  d.references = refs.refs;

  // Citations in normalised offsets, grouped by block.
  std::vector<Citation> cites;
  for (const RawCitation& rc : renderer.citations()) {
    Citation c;
    c.begin = norm(rc.begin);
    c.end = norm(rc.end);
    c.numbers = rc.numbers;
    cites.push_back(std::move(c));
  }
  Splitter splitter(&d);
  std::vector<size_t> row_sentence(d.blocks.size(), 0);
  size_t cursor = 0;
  for (size_t b = 0; b < d.blocks.size(); ++b) {
    const Block& block = d.blocks[b];
    while (cursor < cites.size() && cites[cursor].end <= block.begin) ++cursor;
    std::vector<Citation> in_block;
    for (size_t k = cursor; k < cites.size() && cites[k].begin < block.end; ++k) {
      in_block.push_back(cites[k]);
    }
    size_t local = 0;
    switch (block.kind) {
      case BlockKind::kParagraph:
      case BlockKind::kCaption:
      case BlockKind::kTableNote:
        splitter.Split(b, in_block, &local);
        break;
      case BlockKind::kTableRow: {
        Sentence s;
        s.begin = block.begin;
        s.end = block.end;
        s.block = b;
        s.citations = in_block;
        row_sentence[b] = d.sentences.size();
        d.sentences.push_back(std::move(s));
        break;
      }
      default:
        break;
    }
  }
  const auto& rows = renderer.rows();
  for (size_t t_index = 0; t_index < d.tables.size(); ++t_index) {
    for (const RawRow& raw : rows[t_index]) {
      Table::Row row;
      row.block = raw.block;
      row.sentence = row_sentence[raw.block];
      for (const Span& cell : raw.cells)
        row.cells.emplace_back(norm(cell.first), norm(cell.second));
      d.tables[t_index].rows.push_back(std::move(row));
    }
  }
  AttachRefs(&d);
  return article;
}

}  // namespace lg::ingest
