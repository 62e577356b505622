#include "graph/store/coding.h"

#include <limits>

namespace lg::graph::coding {
namespace {

// Evidence flag bits. Stored; DO NOT CHANGE.
constexpr uint32_t kRefsInherited = 1;
constexpr uint32_t kInferred = 2;  // !Evidence::stated
constexpr uint32_t kAllEvidenceFlags = kRefsInherited | kInferred;

}  // namespace

void PutVarint32(std::string* out, uint32_t value) { PutVarint64(out, value); }

void PutVarint64(std::string* out, uint64_t value) {
  while (value >= 0x80) {
    out->push_back(char((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out->push_back(char(value));
}

void PutString(std::string* out, std::string_view value) {
  PutVarint32(out, uint32_t(value.size()));
  out->append(value);
}

void PutStringList(std::string* out, const std::vector<std::string>& values) {
  PutVarint32(out, uint32_t(values.size()));
  for (const std::string& v : values) PutString(out, v);
}

void PutStringMap(std::string* out, const std::map<std::string, std::string>& values) {
  PutVarint32(out, uint32_t(values.size()));
  for (const auto& [k, v] : values) {
    PutString(out, k);
    PutString(out, v);
  }
}

void PutListMap(std::string* out, const ListAttributes& values) {
  PutVarint32(out, uint32_t(values.size()));
  for (const auto& [k, items] : values) {
    PutString(out, k);
    PutStringList(out, items);
  }
}

Status Decoder::Error(std::string_view why) const {
  return Status::Corruption("graph/store: " + std::string(what_) + ": " +
                            std::string(why) + " at offset " + std::to_string(offset_));
}

Status Decoder::GetVarint64(uint64_t* value) {
  uint64_t result = 0;
  for (size_t i = 0; i < 10; ++i) {
    if (offset_ + i >= input_.size()) return Error("truncated varint");
    uint64_t byte = static_cast<unsigned char>(input_[offset_ + i]);
    if (i == 9 && byte > 1) return Error("varint overflows 64 bits");
    result |= (byte & 0x7F) << (7 * i);
    if ((byte & 0x80) == 0) {
      offset_ += i + 1;
      *value = result;
      return Status::Ok();
    }
  }
  return Error("varint overflows 64 bits");
}

Status Decoder::GetVarint32(uint32_t* value) {
  size_t start = offset_;
  uint64_t wide = 0;
  LG_RETURN_IF_ERROR(GetVarint64(&wide));
  if (wide > std::numeric_limits<uint32_t>::max()) {
    offset_ = start;
    return Error("varint overflows 32 bits");
  }
  *value = uint32_t(wide);
  return Status::Ok();
}

Status Decoder::GetString(std::string* value) {
  size_t start = offset_;
  uint32_t size = 0;
  LG_RETURN_IF_ERROR(GetVarint32(&size));
  if (size > input_.size() - offset_) {
    offset_ = start;
    return Error("truncated string");
  }
  // A new string of exactly `size`: assigning 16-29 bytes to an empty
  // std::string reserves 30 (libstdc++ doubles its 15-byte small buffer),
  // which cost the graph view 16 bytes a string in heap chunks.
  *value = std::string(input_.substr(offset_, size));
  offset_ += size;
  return Status::Ok();
}

Status Decoder::GetStringList(std::vector<std::string>* values) {
  uint32_t count = 0;
  LG_RETURN_IF_ERROR(GetVarint32(&count));
  // Every string takes at least one byte: a larger count is truncated input,
  // and checking first keeps a corrupt count from reserving gigabytes.
  if (count > input_.size() - offset_) return Error("truncated string list");
  values->clear();
  values->reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    std::string v;
    LG_RETURN_IF_ERROR(GetString(&v));
    values->push_back(std::move(v));
  }
  return Status::Ok();
}

Status Decoder::GetStringMap(std::map<std::string, std::string>* values) {
  uint32_t count = 0;
  LG_RETURN_IF_ERROR(GetVarint32(&count));
  if (count > (input_.size() - offset_) / 2) return Error("truncated string map");
  values->clear();
  for (uint32_t i = 0; i < count; ++i) {
    std::string k, v;
    LG_RETURN_IF_ERROR(GetString(&k));
    if (!values->empty() && k <= values->rbegin()->first) {
      return Error("string map keys out of order");
    }
    LG_RETURN_IF_ERROR(GetString(&v));
    values->emplace_hint(values->end(), std::move(k), std::move(v));
  }
  return Status::Ok();
}

Status Decoder::GetListMap(ListAttributes* values) {
  uint32_t count = 0;
  LG_RETURN_IF_ERROR(GetVarint32(&count));
  if (count > (input_.size() - offset_) / 2) return Error("truncated list map");
  values->clear();
  for (uint32_t i = 0; i < count; ++i) {
    std::string k;
    LG_RETURN_IF_ERROR(GetString(&k));
    if (!values->empty() && k <= values->rbegin()->first) {
      return Error("list map keys out of order");
    }
    std::vector<std::string> items;
    LG_RETURN_IF_ERROR(GetStringList(&items));
    values->emplace_hint(values->end(), std::move(k), std::move(items));
  }
  return Status::Ok();
}

Status Decoder::ExpectEnd() const {
  if (offset_ != input_.size()) return Error("unexpected trailing bytes");
  return Status::Ok();
}

std::string EncodeSource(const Source& s) {
  std::string out;
  PutString(&out, s.path);
  PutString(&out, s.content_hash);
  PutString(&out, s.title);
  PutString(&out, s.doi);
  PutString(&out, s.journal);
  PutString(&out, s.year);
  PutStringList(&out, s.authors);
  PutString(&out, s.pmid);
  PutString(&out, s.pmcid);
  PutString(&out, s.license);
  PutString(&out, s.ingested_at);
  PutVarint64(&out, s.counts.sentences);
  PutVarint64(&out, s.counts.entities);
  PutVarint64(&out, s.counts.facts);
  PutVarint64(&out, s.counts.references);
  return out;
}

Status DecodeSource(std::string_view bytes, std::string_view what, Source* s) {
  Decoder d(bytes, what);
  LG_RETURN_IF_ERROR(d.GetString(&s->path));
  LG_RETURN_IF_ERROR(d.GetString(&s->content_hash));
  LG_RETURN_IF_ERROR(d.GetString(&s->title));
  LG_RETURN_IF_ERROR(d.GetString(&s->doi));
  LG_RETURN_IF_ERROR(d.GetString(&s->journal));
  LG_RETURN_IF_ERROR(d.GetString(&s->year));
  LG_RETURN_IF_ERROR(d.GetStringList(&s->authors));
  LG_RETURN_IF_ERROR(d.GetString(&s->pmid));
  LG_RETURN_IF_ERROR(d.GetString(&s->pmcid));
  LG_RETURN_IF_ERROR(d.GetString(&s->license));
  LG_RETURN_IF_ERROR(d.GetString(&s->ingested_at));
  LG_RETURN_IF_ERROR(d.GetVarint64(&s->counts.sentences));
  LG_RETURN_IF_ERROR(d.GetVarint64(&s->counts.entities));
  LG_RETURN_IF_ERROR(d.GetVarint64(&s->counts.facts));
  LG_RETURN_IF_ERROR(d.GetVarint64(&s->counts.references));
  return d.ExpectEnd();
}

namespace {

// varint32 count, then begin and end (varint64) of each span.
void PutSpans(std::string* out, const std::vector<Span>& spans) {
  PutVarint32(out, static_cast<uint32_t>(spans.size()));
  for (const Span& s : spans) {
    PutVarint64(out, s.begin);
    PutVarint64(out, s.end);
  }
}

// Corruption for more spans than `mentions` or a span with begin > end.
Status GetSpans(Decoder& d, std::string_view what, uint64_t mentions,
                std::vector<Span>* spans) {
  uint32_t count = 0;
  LG_RETURN_IF_ERROR(d.GetVarint32(&count));
  if (count > mentions) {
    return Status::Corruption("graph/store: " + std::string(what) + ": " +
                              std::to_string(count) + " spans for " +
                              std::to_string(mentions) + " mentions");
  }
  spans->clear();  // grown span by span: a corrupt count cannot reserve memory
  for (uint32_t i = 0; i < count; ++i) {
    Span& s = spans->emplace_back();
    LG_RETURN_IF_ERROR(d.GetVarint64(&s.begin));
    LG_RETURN_IF_ERROR(d.GetVarint64(&s.end));
    if (s.begin > s.end) {
      return Status::Corruption("graph/store: " + std::string(what) + ": span [" +
                                std::to_string(s.begin) + "," + std::to_string(s.end) +
                                ") ends before it begins");
    }
  }
  return Status::Ok();
}

}  // namespace

std::string EncodeEntityRecord(const Entity& e) {
  std::string out;
  PutVarint32(&out, static_cast<uint32_t>(e.kind));
  PutString(&out, e.label);
  PutStringList(&out, e.aliases);
  PutStringMap(&out, e.attributes);
  PutListMap(&out, e.list_attributes);
  static const SourceMentions kNone;
  const SourceMentions& m = e.sources.empty() ? kNone : e.sources.front();
  PutVarint64(&out, m.body);
  PutSpans(&out, m.body_spans);
  PutVarint64(&out, m.references);
  PutSpans(&out, m.reference_spans);
  PutString(&out, m.sentence);
  return out;
}

Status DecodeEntityRecord(std::string_view bytes, std::string_view what, Entity* e) {
  Decoder d(bytes, what);
  uint32_t kind = 0;
  LG_RETURN_IF_ERROR(d.GetVarint32(&kind));
  if (kind > 255 || KindName(static_cast<EntityKind>(kind)) == "unknown") {
    return Status::Corruption("graph/store: " + std::string(what) +
                              ": unknown entity kind " + std::to_string(kind));
  }
  e->kind = static_cast<EntityKind>(kind);
  LG_RETURN_IF_ERROR(d.GetString(&e->label));
  LG_RETURN_IF_ERROR(d.GetStringList(&e->aliases));
  LG_RETURN_IF_ERROR(d.GetStringMap(&e->attributes));
  LG_RETURN_IF_ERROR(d.GetListMap(&e->list_attributes));
  SourceMentions m;
  LG_RETURN_IF_ERROR(d.GetVarint64(&m.body));
  LG_RETURN_IF_ERROR(GetSpans(d, what, m.body, &m.body_spans));
  LG_RETURN_IF_ERROR(d.GetVarint64(&m.references));
  LG_RETURN_IF_ERROR(GetSpans(d, what, m.references, &m.reference_spans));
  LG_RETURN_IF_ERROR(d.GetString(&m.sentence));
  e->sources.assign(1, std::move(m));
  return d.ExpectEnd();
}

std::string EncodeFactRecord(const Fact& f) {
  std::string out;
  PutString(&out, f.subject);
  PutString(&out, f.predicate);
  PutString(&out, f.object);
  PutStringMap(&out, f.attributes);
  PutListMap(&out, f.list_attributes);
  return out;
}

Status DecodeFactRecord(std::string_view bytes, std::string_view what, Fact* f) {
  Decoder d(bytes, what);
  LG_RETURN_IF_ERROR(d.GetString(&f->subject));
  LG_RETURN_IF_ERROR(d.GetString(&f->predicate));
  LG_RETURN_IF_ERROR(d.GetString(&f->object));
  LG_RETURN_IF_ERROR(d.GetStringMap(&f->attributes));
  LG_RETURN_IF_ERROR(d.GetListMap(&f->list_attributes));
  return d.ExpectEnd();
}

std::string EncodeEvidence(const Evidence& e) {
  std::string out;
  PutString(&out, e.sentence);
  PutVarint64(&out, e.begin);
  PutVarint64(&out, e.end);
  PutStringList(&out, e.refs);
  PutString(&out, e.rule);
  PutVarint32(&out, (e.refs_inherited ? kRefsInherited : 0) | (e.stated ? 0 : kInferred));
  return out;
}

Status DecodeEvidence(std::string_view bytes, std::string_view what, Evidence* e) {
  Decoder d(bytes, what);
  LG_RETURN_IF_ERROR(d.GetString(&e->sentence));
  LG_RETURN_IF_ERROR(d.GetVarint64(&e->begin));
  LG_RETURN_IF_ERROR(d.GetVarint64(&e->end));
  LG_RETURN_IF_ERROR(d.GetStringList(&e->refs));
  LG_RETURN_IF_ERROR(d.GetString(&e->rule));
  uint32_t flags = 0;
  LG_RETURN_IF_ERROR(d.GetVarint32(&flags));
  if (flags & ~kAllEvidenceFlags) {
    return Status::Corruption("graph/store: " + std::string(what) +
                              ": unknown evidence flags " + std::to_string(flags));
  }
  e->refs_inherited = (flags & kRefsInherited) != 0;
  e->stated = (flags & kInferred) == 0;
  return d.ExpectEnd();
}

std::string EncodeReference(const Reference& r) {
  std::string out;
  PutString(&out, r.n);
  PutStringList(&out, r.authors);
  PutString(&out, r.first_author);
  PutString(&out, r.title);
  PutString(&out, r.journal);
  PutString(&out, r.year);
  PutString(&out, r.volume);
  PutString(&out, r.pages);
  PutString(&out, r.doi);
  PutString(&out, r.pmid);
  PutString(&out, r.pmcid);
  PutString(&out, r.url);
  PutString(&out, r.registry_id);
  PutString(&out, r.kind);
  PutString(&out, r.raw);
  return out;
}

Status DecodeReference(std::string_view bytes, std::string_view what, Reference* r) {
  Decoder d(bytes, what);
  LG_RETURN_IF_ERROR(d.GetString(&r->n));
  LG_RETURN_IF_ERROR(d.GetStringList(&r->authors));
  LG_RETURN_IF_ERROR(d.GetString(&r->first_author));
  LG_RETURN_IF_ERROR(d.GetString(&r->title));
  LG_RETURN_IF_ERROR(d.GetString(&r->journal));
  LG_RETURN_IF_ERROR(d.GetString(&r->year));
  LG_RETURN_IF_ERROR(d.GetString(&r->volume));
  LG_RETURN_IF_ERROR(d.GetString(&r->pages));
  LG_RETURN_IF_ERROR(d.GetString(&r->doi));
  LG_RETURN_IF_ERROR(d.GetString(&r->pmid));
  LG_RETURN_IF_ERROR(d.GetString(&r->pmcid));
  LG_RETURN_IF_ERROR(d.GetString(&r->url));
  LG_RETURN_IF_ERROR(d.GetString(&r->registry_id));
  LG_RETURN_IF_ERROR(d.GetString(&r->kind));
  LG_RETURN_IF_ERROR(d.GetString(&r->raw));
  return d.ExpectEnd();
}

std::string EncodeTotals(const TotalsRecord& t) {
  std::string out;
  PutVarint64(&out, t.sources);
  PutVarint64(&out, t.entities);
  PutVarint64(&out, t.facts);
  PutVarint64(&out, t.evidence);
  PutVarint64(&out, t.references);
  return out;
}

Status DecodeTotals(std::string_view bytes, std::string_view what, TotalsRecord* t) {
  Decoder d(bytes, what);
  LG_RETURN_IF_ERROR(d.GetVarint64(&t->sources));
  LG_RETURN_IF_ERROR(d.GetVarint64(&t->entities));
  LG_RETURN_IF_ERROR(d.GetVarint64(&t->facts));
  LG_RETURN_IF_ERROR(d.GetVarint64(&t->evidence));
  LG_RETURN_IF_ERROR(d.GetVarint64(&t->references));
  return d.ExpectEnd();
}

std::string EncodeUint64(uint64_t value) {
  std::string out;
  PutVarint64(&out, value);
  return out;
}

Status DecodeUint64(std::string_view bytes, std::string_view what, uint64_t* value) {
  Decoder d(bytes, what);
  LG_RETURN_IF_ERROR(d.GetVarint64(value));
  return d.ExpectEnd();
}

}  // namespace lg::graph::coding
