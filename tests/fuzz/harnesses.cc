#include "tests/fuzz/harnesses.h"

#include <string_view>

#include "ingest/citations.h"
#include "ingest/document.h"
#include "ingest/references.h"
#include "ingest/text.h"

namespace lg::fuzz {
namespace {

std::string Bytes(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

}  // namespace

void FuzzMakeText(const uint8_t* data, size_t size) {
  auto text = ingest::MakeText("fuzz", Bytes(data, size));
  if (!text.ok()) return;
  // The offsets map every normalised byte into the original.
  if (text->offsets.size() != text->normalized.size() + 1) __builtin_trap();
  for (uint32_t o : text->offsets) {
    if (o > text->original.size()) __builtin_trap();
  }
  text->ToOriginal(0, text->normalized.size());
}

void FuzzParse(const uint8_t* data, size_t size) {
  auto text = ingest::MakeText("fuzz", Bytes(data, size));
  if (!text.ok()) return;
  auto doc = ingest::Parse(std::move(text).value());
  if (!doc.ok()) return;
  for (const auto& s : doc->sentences) {
    if (s.begin > s.end || s.end > doc->text.normalized.size()) __builtin_trap();
  }
  ingest::AttachRefs(&*doc);
}

void FuzzCitations(const uint8_t* data, size_t size) {
  std::string bytes = Bytes(data, size);
  std::vector<std::string> numbers;
  ingest::ExpandCitationList(bytes, 0, &numbers);
  ingest::ExpandCitationList(bytes, 120, &numbers);
  ingest::SortRefs(&numbers);
  auto text = ingest::MakeText("fuzz", std::move(bytes));
  if (!text.ok()) return;
  size_t n = text->normalized.size();
  ingest::CitationStyle style;
  style.max_number = 120;
  std::vector<std::pair<size_t, size_t>> spans = {{0, n}};
  ingest::DetectCitationStyle(*text, spans, 120);
  ingest::FindCitations(*text, 0, n, style);
  ingest::FindCitations(*text, n / 3, n - n / 3, ingest::CitationStyle());
}

void FuzzReferences(const uint8_t* data, size_t size) {
  std::string bytes = Bytes(data, size);
  ingest::ParseReference("1", bytes);
  auto text = ingest::MakeText("fuzz", std::move(bytes));
  if (!text.ok()) return;
  ingest::ReferenceList list = ingest::FindReferenceList(*text);
  for (const auto& e : list.entries) {
    if (e.begin > e.end || e.end > text->normalized.size()) __builtin_trap();
  }
}

const std::vector<NamedHarness>& AllHarnesses() {
  static const std::vector<NamedHarness> all = {
      {"maketext", FuzzMakeText},
      {"parse", FuzzParse},
      {"citations", FuzzCitations},
      {"references", FuzzReferences},
  };
  return all;
}

}  // namespace lg::fuzz
