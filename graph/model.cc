#include "graph/model.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "graph/text_util.h"

namespace lg::graph {
namespace {

constexpr std::array<std::pair<EntityKind, std::string_view>, 10> kKindNames{{
    {EntityKind::kGene, "gene"},
    {EntityKind::kFusion, "fusion"},
    {EntityKind::kDrug, "drug"},
    {EntityKind::kDrugClass, "drug_class"},
    {EntityKind::kTrial, "trial"},
    {EntityKind::kCondition, "condition"},
    {EntityKind::kReference, "reference"},
    {EntityKind::kSource, "source"},
    {EntityKind::kGeneFamily, "gene_family"},
    {EntityKind::kProcess, "process"},
}};

std::string JoinList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ",";
    out += items[i];
  }
  return out + "]";
}

std::string JoinMap(const std::map<std::string, std::string>& attrs) {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : attrs) {
    if (!first) out += ",";
    first = false;
    out += k + "=" + v;
  }
  return out + "}";
}

const std::vector<std::string>& ListOrEmpty(const ListAttributes& lists,
                                            const std::string& key) {
  static const std::vector<std::string> kNone;
  auto it = lists.find(key);
  return it == lists.end() ? kNone : it->second;
}

// " lists={names=[A,B]}", or "" when there are no lists.
std::string JoinLists(const ListAttributes& lists) {
  if (lists.empty()) return "";
  std::string out = " lists={";
  bool first = true;
  for (const auto& [k, items] : lists) {
    if (!first) out += ",";
    first = false;
    out += k + "=" + JoinList(items);
  }
  return out + "}";
}

// SHA-256, FIPS 180-4.
class Sha256 {
 public:
  Sha256() { Reset(); }
  void Update(std::string_view data) {
    // A block at a time: the bytes that fill the pending block, then whole
    // blocks, then the rest.
    while (!data.empty()) {
      const size_t n = std::min<size_t>(64 - block_len_, data.size());
      std::memcpy(block_ + block_len_, data.data(), n);
      block_len_ += n;
      data.remove_prefix(n);
      if (block_len_ == 64) {
        Transform();
        bit_len_ += 512;
        block_len_ = 0;
      }
    }
  }
  std::string HexDigest() {
    uint64_t total_bits = bit_len_ + block_len_ * 8ull;
    size_t i = block_len_;
    block_[i++] = 0x80;
    if (i > 56) {
      while (i < 64) block_[i++] = 0;
      Transform();
      i = 0;
    }
    while (i < 56) block_[i++] = 0;
    for (int j = 7; j >= 0; --j) block_[i++] = uint8_t(total_bits >> (j * 8));
    Transform();
    static const char* kHex = "0123456789abcdef";
    std::string out;
    out.reserve(64);
    for (uint32_t word : state_) {
      for (int j = 28; j >= 0; j -= 4) out += kHex[(word >> j) & 0xF];
    }
    return out;
  }

 private:
  static uint32_t Rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
  void Reset() {
    state_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
              0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    block_len_ = 0;
    bit_len_ = 0;
  }
  void Transform() {
    static constexpr uint32_t k[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
        0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
        0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
        0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
        0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
        0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
        0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
        0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
    uint32_t w[64];
    for (int i = 0; i < 16; ++i) {
      w[i] = (uint32_t(block_[i * 4]) << 24) | (uint32_t(block_[i * 4 + 1]) << 16) |
             (uint32_t(block_[i * 4 + 2]) << 8) | uint32_t(block_[i * 4 + 3]);
    }
    for (int i = 16; i < 64; ++i) {
      uint32_t s0 = Rotr(w[i - 15], 7) ^ Rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      uint32_t s1 = Rotr(w[i - 2], 17) ^ Rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
    uint32_t e = state_[4], f = state_[5], g = state_[6], h = state_[7];
    for (int i = 0; i < 64; ++i) {
      uint32_t s1 = Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25);
      uint32_t ch = (e & f) ^ (~e & g);
      uint32_t t1 = h + s1 + ch + k[i] + w[i];
      uint32_t s0 = Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22);
      uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
      uint32_t t2 = s0 + maj;
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    state_[0] += a;
    state_[1] += b;
    state_[2] += c;
    state_[3] += d;
    state_[4] += e;
    state_[5] += f;
    state_[6] += g;
    state_[7] += h;
  }

  std::array<uint32_t, 8> state_;
  uint8_t block_[64];
  size_t block_len_;
  uint64_t bit_len_;
};

void AppendLengthPrefixed(std::string* out, std::string_view s) {
  *out += std::to_string(s.size());
  *out += ':';
  *out += s;
}

}  // namespace

std::string_view KindName(EntityKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<EntityKind> KindFromName(std::string_view name) {
  for (const auto& [k, n] : kKindNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

std::string MakeEntityId(EntityKind kind, std::string_view key) {
  std::string id(KindName(kind));
  id += ':';
  id += key;
  return id;
}

Result<ParsedId> ParseEntityId(std::string_view id) {
  size_t colon = id.find(':');
  if (colon == std::string_view::npos) {
    return Status::InvalidArgument("graph: entity id '" + std::string(id) +
                                   "' has no '<kind>:' prefix");
  }
  auto kind = KindFromName(id.substr(0, colon));
  if (!kind) {
    return Status::InvalidArgument("graph: entity id '" + std::string(id) +
                                   "' has an unknown kind '" +
                                   std::string(id.substr(0, colon)) + "'");
  }
  if (colon + 1 == id.size()) {
    return Status::InvalidArgument("graph: entity id '" + std::string(id) +
                                   "' has an empty key");
  }
  return ParsedId{*kind, std::string(id.substr(colon + 1))};
}

std::string FusionKey(std::string_view five_prime, std::string_view three_prime) {
  std::string key(five_prime);
  key += "::";
  key += three_prime;
  return key;
}

std::string NormalizeAlias(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_sep = false;
  auto separator = [&] { pending_sep = !out.empty(); };
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    // Markup.
    if (c == '*') {
      ++i;
      continue;
    }
    if (c == '<' && s.compare(i, 3, "<i>") == 0) {
      i += 3;
      continue;
    }
    if (c == '<' && s.compare(i, 4, "</i>") == 0) {
      i += 4;
      continue;
    }
    // Unicode dashes U+2010..U+2015, minus U+2212, spaces U+00A0, U+2002..U+200A.
    if (c == 0xE2 && i + 2 < s.size()) {
      unsigned char c1 = s[i + 1], c2 = s[i + 2];
      if ((c1 == 0x80 && c2 >= 0x90 && c2 <= 0x95) ||  // dashes
          (c1 == 0x88 && c2 == 0x92) ||                // minus
          (c1 == 0x80 && c2 >= 0x82 && c2 <= 0x8A)) {  // spaces
        separator();
        i += 3;
        continue;
      }
    }
    if (c == 0xC2 && i + 1 < s.size() && (unsigned char)s[i + 1] == 0xA0) {
      separator();
      i += 2;
      continue;
    }
    if (c == '-' || c == '/' || c == ':' || c == '_' || c == ' ' || c == '\t' ||
        c == '\n' || c == '\r') {
      separator();
      ++i;
      continue;
    }
    // White space next to a parenthesis is no separator:
    // "t(4;11) (q21;q23)" and "t(4;11)(q21;q23)" name the same thing.
    if (pending_sep && (c == '(' || (!out.empty() && out.back() == ')'))) {
      pending_sep = false;
    }
    if (pending_sep) {
      out += '-';
      pending_sep = false;
    }
    out += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : char(c);
    ++i;
  }
  return out;
}

bool IsTargetPredicate(std::string_view p) {
  return p == pred::kInhibits || p == pred::kTargets || p == pred::kBinds ||
         p == pred::kAntagonises;
}

std::vector<SourceMentions::Place> SourceMentions::Places() const {
  std::vector<Place> places;
  if (body > 0 || references == 0) places.push_back(Place{kInBody, body, &body_spans});
  if (references > 0) {
    places.push_back(Place{kInReferences, references, &reference_spans});
  }
  return places;
}

std::string SourceMentions::DebugString() const {
  auto spans = [](const std::vector<Span>& list) {
    std::string out;
    for (const Span& s : list) {
      out += " [" + std::to_string(s.begin) + "," + std::to_string(s.end) + ")";
    }
    return out;
  };
  std::string out = source + " body=" + std::to_string(body) + spans(body_spans) +
                    " references=" + std::to_string(references) + spans(reference_spans);
  if (!sentence.empty()) out += " \"" + sentence + "\"";
  return out;
}

std::string Entity::DebugString() const {
  std::string out = id + " kind=" + std::string(KindName(kind)) + " label=" + label +
                    " aliases=" + JoinList(aliases) + " attrs=" + JoinMap(attributes) +
                    JoinLists(list_attributes);
  for (const SourceMentions& m : sources) out += " {" + m.DebugString() + "}";
  return out;
}

std::string Reference::ShortCitation() const {
  std::string out = first_author.empty() ? (url.empty() ? raw : url) : first_author;
  if (!year.empty()) out += " " + year;
  if (!journal.empty()) out += " " + journal;
  return out;
}

std::string Reference::Locator() const {
  if (!pmid.empty()) return "PMID " + pmid;
  if (!doi.empty()) return "DOI " + doi;
  if (!pmcid.empty()) return "PMCID " + pmcid;
  return "";
}

std::string Reference::StudyKey() const {
  if (!pmid.empty()) return "pmid:" + pmid;
  if (!doi.empty()) {
    std::string key = "doi:" + doi;
    for (char& c : key) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return key;
  }
  if (!pmcid.empty()) return "pmcid:" + pmcid;
  return "";
}

std::string Reference::DebugString() const {
  return "[" + n + "] " + first_author + " | " + title + " | " + journal + " | " + year +
         (doi.empty() ? "" : " doi:" + doi) + (pmid.empty() ? "" : " pmid:" + pmid) +
         (pmcid.empty() ? "" : " pmcid:" + pmcid) + (kind.empty() ? "" : " kind:" + kind);
}

std::string Evidence::DebugString() const {
  return source + "[" + std::to_string(begin) + "," + std::to_string(end) +
         ") refs=" + JoinList(refs) + (refs_inherited ? " inherited" : "") +
         " rule=" + rule + (stated ? "" : " inferred");
}

const std::vector<std::string>& Entity::List(const std::string& key) const {
  return ListOrEmpty(list_attributes, key);
}

const std::vector<std::string>& Fact::List(const std::string& key) const {
  return ListOrEmpty(list_attributes, key);
}

std::map<std::string, std::string> Entity::FlatAttributes() const {
  return graph::FlatAttributes(attributes, list_attributes);
}

std::map<std::string, std::string> Fact::FlatAttributes() const {
  return graph::FlatAttributes(attributes, list_attributes);
}

std::string Fact::DebugString() const {
  return subject + " -" + predicate + "-> " + object + " " + JoinMap(attributes) +
         JoinLists(list_attributes);
}

bool IsListAttribute(std::string_view key) {
  return key == attr::kNames || key == attr::kRegistryIds || key == attr::kDrugs;
}

std::string_view ListSeparator(std::string_view key) {
  return key == attr::kDrugs ? " + " : "|";
}

std::string JoinListAttribute(std::string_view key,
                              const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ListSeparator(key);
    out += items[i];
  }
  return out;
}

std::vector<std::string> SplitListAttribute(std::string_view key, std::string_view flat) {
  return SplitList(flat, ListSeparator(key));
}

std::map<std::string, std::string> FlatAttributes(
    const std::map<std::string, std::string>& scalars, const ListAttributes& lists) {
  std::map<std::string, std::string> out = scalars;
  for (const auto& [k, items] : lists) out[k] = JoinListAttribute(k, items);
  return out;
}

void UnflattenAttributes(const std::map<std::string, std::string>& flat,
                         std::map<std::string, std::string>* scalars,
                         ListAttributes* lists) {
  scalars->clear();
  lists->clear();
  for (const auto& [k, v] : flat) {
    if (IsListAttribute(k)) {
      (*lists)[k] = SplitListAttribute(k, v);
    } else {
      (*scalars)[k] = v;
    }
  }
}

std::string FactIdInput(const Fact& fact) {
  std::string buf;
  AppendLengthPrefixed(&buf, fact.subject);
  AppendLengthPrefixed(&buf, fact.predicate);
  AppendLengthPrefixed(&buf, fact.object);
  for (const auto& [k, v] : fact.FlatAttributes()) {
    AppendLengthPrefixed(&buf, k);
    AppendLengthPrefixed(&buf, v);
  }
  return buf;
}

std::string FactIdOfInput(std::string_view input) {
  // Appended rather than `"f" + ...`, which GCC 12 at -O3 flags (-Wrestrict,
  // a false positive in char_traits).
  std::string id = "f";
  id.append(Sha256Hex(input), 0, 16);
  return id;
}

std::string ComputeFactId(const Fact& fact) { return FactIdOfInput(FactIdInput(fact)); }

std::string Source::DebugString() const {
  return id + " path=" + path + " sha256=" + content_hash + " title=" + title +
         " doi=" + doi + " journal=" + journal + " year=" + year;
}

std::string Sha256Hex(std::string_view bytes) {
  Sha256 h;
  h.Update(bytes);
  return h.HexDigest();
}

}  // namespace lg::graph
