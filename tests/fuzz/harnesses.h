// Fuzz harnesses for the ingest parsers, the curation file parser and the
// server's query parameters: each takes arbitrary bytes and must neither
// crash nor trip a sanitizer, and traps when an invariant of its parser's
// contract fails. Built as libFuzzer targets with
// -DLG_FUZZ=ON (tests/fuzz/CMakeLists.txt, tools/fuzz.sh); the saved corpus
// under tests/fuzz/corpus/<name>/ is replayed by reliability_test in every
// build, so each crash found stays a regression test.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lg::fuzz {

using Harness = void (*)(const uint8_t* data, size_t size);

// MakeText: the reader's validation and the normaliser.
void FuzzMakeText(const uint8_t* data, size_t size);
// Parse: sections, sentence splitting, tables (after MakeText).
void FuzzParse(const uint8_t* data, size_t size);
// The citation parser: FindCitations over the text, ExpandCitationList on it.
void FuzzCitations(const uint8_t* data, size_t size);
// The reference parser: FindReferenceList, ParseReference on the bytes.
void FuzzReferences(const uint8_t* data, size_t size);
// The JATS XML reader (ParseJats): an error is InvalidArgument naming the
// input ("ingest: fuzz.nxml"); a parse gives a Document whose blocks,
// sentences, citations and table cells lie inside its rendering, whose
// citation numbers are numbers of its reference list, and whose Text maps
// back into the rendering.
void FuzzJats(const uint8_t* data, size_t size);
// The curation file parser (query::ParseCurationFile): a parse gives
// decisions whose required fields are non-empty and whose fields the action
// takes; an error is InvalidArgument naming a line of the input.
void FuzzCuration(const uint8_t* data, size_t size);
// The server's query parameters (query/params.h): the bytes are a query
// string, split at '&' and at each pair's first '=' (cpp-httplib decodes
// percent escapes before the server sees them). Every endpoint's parser runs;
// a success gives exactly the values given (integers >= 1, digits only), an
// error is InvalidArgument naming one of that endpoint's parameters.
void FuzzParams(const uint8_t* data, size_t size);

struct NamedHarness {
  const char* name;  // directory under tests/fuzz/corpus/
  Harness fn;
};
const std::vector<NamedHarness>& AllHarnesses();

}  // namespace lg::fuzz
