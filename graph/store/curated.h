// The curated view: a read-only Store that shows a machine store through its
// curation overlay (graph/curation.h, graph/store/CURATION.md). Queries and
// export read it by default; `--raw` reads the machine store itself.
//
// What it changes, against the base store:
//   - facts with a current "reject" decision are hidden (GetFact: NotFound;
//     ForEachFact and the edges skip them);
//   - curator facts ("add") appear, each add as one Evidence with rule
//     "curator", the quote as sentence, span [0, 0), the source and refs
//     given; evidence whose source is no longer stored is dropped, and a
//     curator fact left without evidence is hidden. A curator fact equal to a
//     machine fact adds its evidence to it;
//   - a fact endpoint that no source mentions becomes an entity with its id's
//     key as label;
//   - a curator alias adds its surface form to its entity's aliases, removes
//     forms that normalise the same way from every other entity, and
//     LookupAlias of that form answers that entity alone.
// Everything else (sources, references, totals, generation, the overlay and
// the log) is the base store's. Writes fail with FailedPrecondition.
//
// The overlay is read once, at construction: build a new view after writing
// decisions. Thread-safety: as the base store (const reads only).
#pragma once

#include <memory>

#include "graph/status.h"
#include "graph/store/store.h"

namespace lg::graph {

// A curated view over `base`, which it owns.
Result<std::unique_ptr<Store>> OpenCuratedView(std::unique_ptr<Store> base);
// A curated view over `base`, which must outlive it.
Result<std::unique_ptr<Store>> MakeCuratedView(const Store& base);

}  // namespace lg::graph
