// The knowledge-graph model: entities, facts, the evidence behind each fact,
// sources and their reference lists. Every module speaks these types; the
// store (graph/store) persists them and the view (graph/view) walks them.
//
// Start here: Entity and Fact, then SourceData (what one ingested text adds).
// Ids are canonical strings with one parser (ParseEntityId):
//   gene:KMT2A  fusion:KMT2A::AFF1  fusion:KMT2A::?  drug:revumenib
//   drug_class:menin inhibitor  trial:NCT04065399  condition:infant ALL
//   gene_family:HDAC  process:DNA methylation  source:000_4ae7
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"

namespace lg::graph {

// Stored in keys and values. DO NOT CHANGE the names or numbers.
enum class EntityKind : uint8_t {
  kGene = 1,
  kFusion = 2,  // a specific fusion (KMT2A::AFF1) or a group (KMT2A::?)
  kDrug = 3,
  kDrugClass = 4,
  kTrial = 5,
  kCondition = 6,  // a disease or patient group: "infant ALL", "KMT2A-r infants"
  kReference = 7,
  kSource = 8,
  kGeneFamily = 9,  // a family, complex or pathway: HDAC, MEK, proteasome
  kProcess = 10,    // a process a drug acts on: "DNA methylation"
};

// "gene", "fusion", "drug", "drug_class", "trial", "condition", "reference",
// "source", "gene_family", "process".
std::string_view KindName(EntityKind kind);
std::optional<EntityKind> KindFromName(std::string_view name);

// Canonical id "<kind>:<key>". The key keeps its case ("gene:KMT2A").
std::string MakeEntityId(EntityKind kind, std::string_view key);
struct ParsedId {
  EntityKind kind;
  std::string key;
};
// InvalidArgument for a string without a known "<kind>:" prefix or with an
// empty key.
Result<ParsedId> ParseEntityId(std::string_view id);

// Fusion keys: "KMT2A::AFF1"; a rearrangement group with an unknown partner is
// "KMT2A::?" (5' gene known) or "?::KMT2A" is never produced (groups are
// written with the rearranged gene first).
std::string FusionKey(std::string_view five_prime, std::string_view three_prime);
inline constexpr std::string_view kUnknownPartner = "?";

// The form in which aliases are indexed and looked up: ASCII lower case,
// Unicode dashes, '/', '::', '_' and white space folded to one '-', markup
// ('*', <i>, </i>) removed, leading and trailing '-' trimmed.
// "MLL-AF4", "mll/af4", "MLL::AF4" and "MLL – AF4" all give "mll-af4";
// "t(4;11) (q21;q23)" gives "t(4;11)(q21;q23)".
std::string NormalizeAlias(std::string_view surface);

// Predicates. Stored; DO NOT CHANGE the strings.
namespace pred {
inline constexpr std::string_view kInhibits = "inhibits";
inline constexpr std::string_view kTargets = "targets";
inline constexpr std::string_view kBinds = "binds";
inline constexpr std::string_view kAntagonises = "antagonises";
inline constexpr std::string_view kMemberOf = "member_of";  // drug->class, fusion->group
inline constexpr std::string_view kInvolves = "involves";   // fusion->gene, attr role
inline constexpr std::string_view kDependsOn = "depends_on";
inline constexpr std::string_view kOverexpresses = "overexpresses";
inline constexpr std::string_view kTests = "tests";                 // trial->drug
inline constexpr std::string_view kFrequency = "has_frequency_in";  // fusion->condition
inline constexpr std::string_view kOutcome =
    "reports_outcome";  // trial|condition->condition
// drug|class -> fusion|group|condition: the agent is reported active in it
// ("demethylating agents preferentially kill KMT2A-r ALL cells").
inline constexpr std::string_view kActiveIn = "active_in";
}  // namespace pred

// Attribute keys of facts and entities (Fact::attributes, Entity::attributes
// and their list_attributes). Stored, and part of the fact id (ComputeFactId);
// DO NOT CHANGE the strings. Character arrays rather than string_views, as
// the attribute maps are keyed by std::string: `attributes[attr::kPhase]` and
// `{{attr::kRole, "5prime"}}` convert implicitly. kNames, kRegistryIds and
// kDrugs hold lists (IsListAttribute): they live in list_attributes, the
// others in attributes.
namespace attr {
// reports_outcome facts.
inline constexpr char kMeasure[] = "measure";           // "CR", "EFS", "OS"
inline constexpr char kMeasureText[] = "measure_text";  // the measure as printed
inline constexpr char kValue[] = "value";               // also has_frequency_in
inline constexpr char kValueMax[] = "value_max";   // end of a range; also frequencies
inline constexpr char kUnit[] = "unit";            // "%", "months", "weeks", "days"
inline constexpr char kStatistic[] = "statistic";  // "rate" or "median"
inline constexpr char kQualifier[] = "qualifier";  // "range", ...; also frequencies
inline constexpr char kHorizon[] = "horizon";      // the time point of a rate
inline constexpr char kDrug[] = "drug";            // the first drug of the arm
inline constexpr char kDrugs[] = "drugs";          // list: the arm's regimen
inline constexpr char kArm[] = "arm";              // the arm as printed
inline constexpr char kTrial[] = "trial";          // the subject trial's key
inline constexpr char kGroup[] = "group";          // the object condition's key
// has_frequency_in facts (with kValue, kQualifier, kValueMax).
inline constexpr char kPopulation[] = "population";
// involves facts of a fusion: "5prime" or "3prime".
inline constexpr char kRole[] = "role";
// Trial entities.
inline constexpr char kPhase[] = "phase";
inline constexpr char kStatus[] = "status";
inline constexpr char kSponsor[] = "sponsor";
inline constexpr char kNames[] = "names";               // list
inline constexpr char kRegistryIds[] = "registry_ids";  // list
// Gene entities.
inline constexpr char kName[] = "name";  // the full name
inline constexpr char kCytoband[] = "cytoband";
}  // namespace attr

// List-valued attributes, keyed by attr:: constants as the scalar ones are.
// Items are kept as given: order, duplicates, and any bytes ('|' and " + "
// included). A key is a list or a scalar, never both (IsListAttribute).
using ListAttributes = std::map<std::string, std::vector<std::string>>;

// True for the keys whose values are lists: attr::kNames, attr::kRegistryIds,
// attr::kDrugs.
bool IsListAttribute(std::string_view key);

// The flat form of a list: its items joined with ListSeparator(key), " + "
// for attr::kDrugs and "|" for the others ({"a", "b"} -> "a|b"; {} -> "").
// It is what the exports and --json outputs write for a list in an
// "attributes" object, and what ComputeFactId hashes. It is ambiguous ("a|b"
// is one item or two), which is why the model keeps lists.
std::string_view ListSeparator(std::string_view key);
std::string JoinListAttribute(std::string_view key,
                              const std::vector<std::string>& items);
// The inverse for a flat value read back (a curator's attributes): the items
// between separators, empty ones kept; "" gives no items. Joining the result
// gives `flat` back.
std::vector<std::string> SplitListAttribute(std::string_view key, std::string_view flat);

// Scalars and lists as one map, each list in its flat form (an empty list
// gives ""): the "attributes" object of the exports and --json outputs.
std::map<std::string, std::string> FlatAttributes(
    const std::map<std::string, std::string>& scalars, const ListAttributes& lists);
// The inverse: the IsListAttribute keys of `flat` split into `lists`
// (SplitListAttribute), the others into `scalars`. Both are cleared first.
void UnflattenAttributes(const std::map<std::string, std::string>& flat,
                         std::map<std::string, std::string>* scalars,
                         ListAttributes* lists);

// True for the drug -> target predicates (inhibits, targets, binds, antagonises).
bool IsTargetPredicate(std::string_view predicate);

// A byte span [begin, end) of a source file as read (of the stored rendering
// for a source read from JATS XML).
struct Span {
  uint64_t begin = 0;
  uint64_t end = 0;
  bool operator==(const Span&) const = default;
};

// How one source names an entity: how often and where, in its body and in its
// reference list, and the sentence of its first mention. An entity the source
// only implies (a fusion's partner gene, the group of a named fusion) has
// zero mentions in both.
struct SourceMentions {
  std::string source;  // source id
  uint64_t body = 0;   // distinct mentions in the body (title to the end of the text)
  std::vector<Span> body_spans;       // the first ones, in text order
  uint64_t references = 0;            // distinct mentions in reference-list entries
  std::vector<Span> reference_spans;  // the first ones, in text order
  // The sentence (or table row) of the first body mention as printed, cut to
  // a window around it when long; for an entity only the reference list
  // names, the reference entry. Empty when there is no mention.
  std::string sentence;

  // Where the source names the entity, as the exports list it: "body" when
  // the body names it or nothing does (an implied entity, 0 mentions), then
  // "references" when the reference list names it. An entity named only in
  // the reference list gives one place, "references".
  struct Place {
    std::string_view in;  // kInBody or kInReferences
    uint64_t mentions = 0;
    const std::vector<Span>* spans = nullptr;
  };
  static constexpr std::string_view kInBody = "body";
  static constexpr std::string_view kInReferences = "references";
  std::vector<Place> Places() const;
  // True when only the reference list names the entity: the text does not.
  bool OnlyInReferences() const { return body == 0 && references > 0; }

  bool operator==(const SourceMentions&) const = default;
  // "review_a body=2 [10,15) [40,45) references=1 [900,905) \"sentence\"".
  std::string DebugString() const;
};

struct Entity {
  std::string id;  // canonical, see MakeEntityId
  EntityKind kind = EntityKind::kGene;
  std::string label;                 // display name: "KMT2A::AFF1", "revumenib"
  std::vector<std::string> aliases;  // surface forms seen, sorted, unique
  // Kind-specific attributes: trials have "phase", "status", "sponsor";
  // genes "name", "cytoband".
  std::map<std::string, std::string> attributes;
  // Kind-specific lists: trials have "names" and "registry_ids".
  ListAttributes list_attributes;
  // Who names the entity. From the store's readers (GetEntity, ForEachEntity):
  // one per source with a record of it, in source-id order. In SourceData
  // (ingest, PutSource, LoadSource): at most one, this source's (`source`
  // may be left empty on input).
  std::vector<SourceMentions> sources;

  // The list attribute `key`; empty when absent.
  const std::vector<std::string>& List(const std::string& key) const;
  // graph::FlatAttributes(attributes, list_attributes).
  std::map<std::string, std::string> FlatAttributes() const;
  // "... attrs={k=v} lists={names=[A,B]}" (lists only when there are any).
  std::string DebugString() const;
};

// A numbered reference of a source's reference list.
struct Reference {
  std::string source;                // source id
  std::string n;                     // number as printed: "57"
  std::vector<std::string> authors;  // "Issa GC", in printed order
  std::string first_author;          // family name: "Issa"
  std::string title;
  std::string journal;
  std::string year;  // "2023"; empty when not printed
  std::string volume;
  std::string pages;
  std::string doi;
  std::string pmid;   // "28163000"
  std::string pmcid;  // "PMC5123456"
  std::string url;
  std::string registry_id;  // NCT... for registry web entries
  std::string kind;         // "", "abstract", "web", "report", "book"
  std::string raw;          // the entry as printed, normalised white space

  // "Issa 2023 Nature" (what tables print after "[57]").
  std::string ShortCitation() const;
  // The identifier a reader can follow: "PMID 28163000", else "DOI 10.1/x",
  // else "PMCID PMC5123456", else "".
  std::string Locator() const;
  // The study the entry stands for, the same across sources: "pmid:28163000",
  // else "doi:" and the DOI in lower case, else "pmcid:PMC5123456", else "".
  std::string StudyKey() const;
  std::string DebugString() const;
};

// Where a fact was read. Offsets are bytes into the original file.
struct Evidence {
  std::string source;    // source id
  std::string sentence;  // the sentence (or table row) as printed
  uint64_t begin = 0;    // span of the sentence in the original bytes
  uint64_t end = 0;
  std::vector<std::string> refs;  // citation numbers, as printed, sorted numerically
  bool refs_inherited = false;    // taken from the citation closing the passage
  std::string rule;               // the extractor rule that produced the fact
  bool stated = true;             // false: inferred from context

  std::string DebugString() const;
};

struct Fact {
  std::string id;  // content hash of subject, predicate, object, attributes
  std::string subject;
  std::string predicate;
  std::string object;
  // Identity-bearing attributes: outcomes (measure, value, unit, qualifier,
  // horizon, group, drug), frequencies (value, qualifier, population), fusion
  // roles (role), conditions ("condition").
  std::map<std::string, std::string> attributes;
  // Identity-bearing lists: outcomes (drugs, the arm's regimen).
  ListAttributes list_attributes;
  std::vector<Evidence> evidence;

  // The list attribute `key`; empty when absent.
  const std::vector<std::string>& List(const std::string& key) const;
  // graph::FlatAttributes(attributes, list_attributes).
  std::map<std::string, std::string> FlatAttributes() const;
  // "s -p-> o {k=v} lists={drugs=[a,b]}" (lists only when there are any).
  std::string DebugString() const;
};

// Computes Fact::id from subject, predicate, object and attributes:
// "f" + 16 hex digits of SHA-256 over subject, predicate and object, then
// FlatAttributes() in key order as key and value, every string prefixed with
// its decimal length and ':'. A list is thus hashed as its flat form, the
// bytes the joined string of schema 2 gave: ids are those of earlier
// versions, and the id is a hash of what the JSONL export writes. So lists
// with one flat form ({"a + b"} and {"a", "b"} as drugs) give one id, as the
// export cannot tell them apart either.
std::string ComputeFactId(const Fact& fact);
// The two halves of ComputeFactId, for a caller that meets the same content
// many times (ingest: a fact restated sentence after sentence) and keeps ids
// by their input: ComputeFactId(f) == FactIdOfInput(FactIdInput(f)).
std::string FactIdInput(const Fact& fact);
std::string FactIdOfInput(std::string_view input);

struct SourceCounts {
  uint64_t sentences = 0;
  uint64_t entities = 0;
  uint64_t facts = 0;
  uint64_t references = 0;
};

struct Source {
  std::string id;            // "000_4ae7b0927be87e20" (file stem by default)
  std::string path;          // as given to ingest
  std::string content_hash;  // SHA-256 hex of the original bytes
  std::string title;
  std::string doi;
  std::string journal;
  std::string year;
  std::vector<std::string> authors;
  std::string pmid;         // "28163000"; empty when the input does not give it
  std::string pmcid;        // "PMC5337626"
  std::string license;      // the licence URL (or type, or text) of a JATS article
  std::string ingested_at;  // ISO 8601 UTC; not part of the export
  SourceCounts counts;

  std::string DebugString() const;
};

// Everything one source contributes. Ingest produces it; Store::PutSource
// stores it atomically; Store::LoadSource gives it back.
struct SourceData {
  Source source;
  // Entities mentioned in this source, with the surface forms seen in it.
  std::vector<Entity> entities;
  // Facts with the evidence from this source only.
  std::vector<Fact> facts;
  std::vector<Reference> references;
  // The text the evidence spans point into when the input is not plain text
  // (the rendering of a JATS article); empty for a text file, whose spans
  // point into the file itself.
  std::string rendering;
};

// SHA-256 of `bytes` as 64 lower-case hex digits.
std::string Sha256Hex(std::string_view bytes);

}  // namespace lg::graph
