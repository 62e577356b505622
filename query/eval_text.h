// The text keys and vocabularies of the reference scorer
// (../shared/tools/score.py), ported one for one so that `litgraph eval`
// counts what it counts. Internal to query/eval.
//
// Unicode: the NFKC/NFKD steps of score.py are approximated for the
// characters oncology texts use (spaces, dashes, quotes, superscript digits,
// ligatures, fullwidth forms, Latin and Greek letters).
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lg::query::eval {

// norm(): lower case, markup (<i>, <sup>, *, ...) removed, dashes and "::" to
// '-', curly quotes straight, white space collapsed and trimmed.
// "*KMT2A*::AFF1" -> "kmt2a-aff1".
std::string Norm(std::string_view s);
// fold(): Norm plus diacritics removed ("Müller" -> "muller").
std::string Fold(std::string_view s);
// akey(): letters and digits of Fold ("CPI-0610" -> "cpi0610").
std::string AKey(std::string_view s);
// fkey(): Norm without space, '-', '/', ':' and '_' ("MLL-AF4" -> "mllaf4").
std::string FKey(std::string_view s);
// words(): the letter/digit runs of Fold.
std::vector<std::string> Words(std::string_view s);
// skey(): source key ("source:002_x.txt", "/a/b/002_x.txt" -> "002_x").
std::string SKey(std::string_view s);

// Registry ids in `s` as akeys ("NCT01234567" -> "nct01234567").
std::set<std::string> RegistryIds(std::string_view s);
// A registry id making up nearly all of `s`.
bool IsRegistry(std::string_view s);
// "57" -> {"57"}; "53-55" -> {"53","54","55"}; "[36–39]", "40,41" alike.
std::vector<std::string> RefNumbersOfText(std::string_view s);

// parse_number on a string: the first number and a unit hint ("%", "months").
std::pair<std::optional<double>, std::string> ParseNumberText(std::string_view s);
// canon_unit: "%", "months", "years", "weeks", "other" or "" (none).
std::string CanonUnit(std::string_view u);
// canon_measure: "5-year EFS" -> "EFS", "CR/CRi" -> "CR+CRi"; "" for empty.
std::string CanonMeasure(std::string_view s);
// True when `code` is one of the measure vocabulary's codes.
bool IsMeasureCode(const std::string& code);
// norm_phase ("Phase I/II" -> "1/2"); "" for empty.
std::string NormPhase(std::string_view p);
// norm_status ("recruiting" -> "ongoing").
std::string NormStatus(std::string_view s);
// CAR-T product names ("CD19 CAR-T cells", "UCART19").
bool IsCarName(std::string_view s);

// score.py's fallback vocabularies (akey -> value).
const std::string* OncoGeneAlias(const std::string& akey);
const std::string* OncoDrugSynonym(const std::string& akey);
// Names a tool may give a process target ('DNA methylation' -> DNMT1 ...).
std::vector<std::string> ProcessEquivalents(const std::string& akey);
bool IsSaltWord(const std::string& word);

// Drug name components: "A + B (C)" -> {"A + B (C)", "A + B", "A", "B", "C"}.
std::set<std::string> DrugComponents(std::string_view s);
// "nelarabine (506U78)" -> ("nelarabine", {"506U78"}).
std::pair<std::string, std::vector<std::string>> SplitParen(std::string_view s);
// The words of a pathway phrase without 'pathway', 'signaling', ...; "" when
// no such word was there.
std::string PathwayCore(std::string_view normed);
// same_sentence(): containment or >= 80% shared words.
bool SameSentence(std::string_view tool_sentence, std::string_view gold_quote);
double Jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b);
std::string Trim(std::string_view s);
// Python's str.lower() for the letters of the table.
std::string PyLower(std::string_view s);

}  // namespace lg::query::eval
