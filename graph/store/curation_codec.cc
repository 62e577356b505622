#include "graph/store/curation_codec.h"

#include <cstdio>

#include "graph/store/coding.h"
#include "graph/store/store_internal.h"

namespace lg::graph::coding {

std::string LogSeqKey(uint64_t seq) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(seq));
  return buf;
}

Result<uint64_t> ParseLogSeq(std::string_view hex, std::string_view key) {
  uint64_t seq = 0;
  bool ok = hex.size() == 16;
  for (char c : hex) {
    int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (digit < 0) ok = false;
    seq = seq * 16 + uint64_t(digit < 0 ? 0 : digit);
  }
  if (!ok) {
    return Status::Corruption("graph/store: malformed log sequence in key " +
                              store_internal::Printable(key));
  }
  return seq;
}

std::string EncodeCurationOp(const CurationOp& op) {
  std::string out;
  PutVarint32(&out, static_cast<uint32_t>(op.action));
  for (const std::string* f : {&op.curator, &op.time, &op.reason, &op.fact_id,
                               &op.subject, &op.predicate, &op.object}) {
    PutString(&out, *f);
  }
  PutStringMap(&out, op.attributes);
  PutString(&out, op.source);
  PutString(&out, op.quote);
  PutStringList(&out, op.refs);
  PutString(&out, op.alias);
  PutString(&out, op.entity);
  return out;
}

Status DecodeCurationOp(std::string_view bytes, std::string_view what, CurationOp* op) {
  Decoder d(bytes, what);
  uint32_t action = 0;
  LG_RETURN_IF_ERROR(d.GetVarint32(&action));
  if (action < uint32_t(CurationAction::kReject) ||
      action > uint32_t(CurationAction::kUnalias)) {
    return Status::Corruption("graph/store: " + std::string(what) +
                              ": unknown curation action " + std::to_string(action));
  }
  op->action = static_cast<CurationAction>(action);
  for (std::string* f : {&op->curator, &op->time, &op->reason, &op->fact_id, &op->subject,
                         &op->predicate, &op->object}) {
    LG_RETURN_IF_ERROR(d.GetString(f));
  }
  LG_RETURN_IF_ERROR(d.GetStringMap(&op->attributes));
  LG_RETURN_IF_ERROR(d.GetString(&op->source));
  LG_RETURN_IF_ERROR(d.GetString(&op->quote));
  LG_RETURN_IF_ERROR(d.GetStringList(&op->refs));
  LG_RETURN_IF_ERROR(d.GetString(&op->alias));
  LG_RETURN_IF_ERROR(d.GetString(&op->entity));
  return d.ExpectEnd();
}

}  // namespace lg::graph::coding
