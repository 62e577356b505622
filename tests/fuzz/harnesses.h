// Fuzz harnesses for the ingest parsers: each takes arbitrary bytes and must
// neither crash nor trip a sanitizer. Built as libFuzzer targets with
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

struct NamedHarness {
  const char* name;  // directory under tests/fuzz/corpus/
  Harness fn;
};
const std::vector<NamedHarness>& AllHarnesses();

}  // namespace lg::fuzz
