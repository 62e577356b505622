// litgraph's page: complete a target name (/v1/complete), draw the agents
// found for it (/v1/agents) with cytoscape.js, grouped by the entity they act
// on (one compound node per group, laid out by fcose), and show a clicked
// node's entity card (/v1/entities/{id}) or a clicked edge's sentences and
// references. The URL holds the target and the filters; the agents shown
// download as JSON or TSV. window.litgraph exposes the graph to tests.
'use strict';

const $ = (id) => document.getElementById(id);
const state = {
  cy: null,
  ready: false,
  answer: null,     // the last /v1/agents answer
  shown: [],        // its agents that pass the filters, in answer order
  edges: new Map(), // fact id -> edge of the answer (subject, predicate, evidence ...)
  spread: 1,        // the spacing factor of the last layout (see draw)
  labelOverlaps,
};
window.litgraph = state;

// ---- colours, shared by the graph style and the legend --------------------

const KIND_COLOURS = {
  fusion: '#e8a0a0', gene: '#a8d0a0', gene_family: '#c8e0a0', drug: '#9cc0ec',
  drug_class: '#c0b0ec', condition: '#f0d090', process: '#d0d0d0', trial: '#f0c0e0',
};
const PREDICATE_COLOURS = {
  inhibits: '#c0392b', targets: '#d35400', binds: '#8e44ad', antagonises: '#a04070',
  active_in: '#7f8c8d', member_of: '#2c7fb8', involves: '#41ab5d', depends_on: '#e6a700',
  overexpresses: '#16a085',
};
const OTHER_COLOUR = '#999';
const kindColour = (kind) => KIND_COLOURS[kind] || OTHER_COLOUR;
const predicateColour = (p) => PREDICATE_COLOURS[p] || OTHER_COLOUR;
const GROUP_NAMES = { 1: 'target or dependency', 2: 'marker', 3: 'reported activity' };

// Node labels are drawn inside their node, which is sized to the label: a
// layout that keeps node boxes apart then keeps labels apart too.
const FONT_SIZE = 12;
const FONT_FAMILY = 'Helvetica, Arial, sans-serif';
const PAD_X = 8, PAD_Y = 5;
const measure = document.createElement('canvas').getContext('2d');
function labelSize(label) {
  measure.font = FONT_SIZE + 'px ' + FONT_FAMILY;
  return { w: Math.ceil(measure.measureText(label).width) + 2 * PAD_X, h: FONT_SIZE + 2 * PAD_Y };
}

function text(tag, value, cls) {
  const el = document.createElement(tag);
  el.textContent = value;
  if (cls) el.className = cls;
  return el;
}

async function getJson(url) {
  const res = await fetch(url);
  const body = await res.json();
  if (!res.ok) throw new Error(body.error ? body.error.message : res.statusText);
  return body;
}

// ---- completion, search, filters and the URL ------------------------------

let completeTimer = null;
$('q').addEventListener('input', () => {
  clearTimeout(completeTimer);
  const q = $('q').value.trim();
  if (!q) return;
  completeTimer = setTimeout(async () => {
    try {
      const body = await getJson('/v1/complete?q=' + encodeURIComponent(q));
      const list = $('completions');
      list.replaceChildren(...body.completions.map((c) => {
        const opt = document.createElement('option');
        opt.value = c.text;
        opt.label = c.entity.label + ' (' + c.entity.kind + ')';
        return opt;
      }));
    } catch (e) { /* completion is best effort */ }
  }, 120);
});

const inputs = (name) => [...document.querySelectorAll(`input[name="${name}"]`)];
const checked = (name) => inputs(name).filter((i) => i.checked).map((i) => i.value);

// The check boxes held in the URL, with the values checked by default: agent
// kinds, mechanism groups, and whether every path is drawn.
const FILTERS = {
  kind: () => inputs('kind').map((i) => i.value),
  group: () => inputs('group').map((i) => i.value),
  paths: () => [],
};

// The view as URL parameters: q, then each filter that differs from its
// default as a comma-separated list ("group=1,2").
function viewParams() {
  const params = new URLSearchParams();
  const q = $('q').value.trim();
  if (q) params.set('q', q);
  for (const [name, defaults] of Object.entries(FILTERS)) {
    const on = checked(name).join(',');
    if (on !== defaults().join(',')) params.set(name, on);
  }
  return params;
}

function saveView(push) {
  const query = viewParams().toString();
  const url = location.pathname + (query ? '?' + query : '');
  if (url === location.pathname + location.search) return;
  if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
}

// Sets the controls from the URL and searches when it names a target.
async function restoreView() {
  const params = new URLSearchParams(location.search);
  $('q').value = params.get('q') || '';
  for (const [name, defaults] of Object.entries(FILTERS)) {
    const on = params.has(name) ? params.get(name).split(',') : defaults();
    for (const input of inputs(name)) input.checked = on.includes(input.value);
  }
  if ($('q').value) await search(); else clearGraph();
}

async function search() {
  const q = $('q').value.trim();
  if (!q) return;
  $('message').textContent = '';
  state.ready = false;
  try {
    state.answer = await getJson('/v1/agents?limit=0&target=' + encodeURIComponent(q));
    applyFilters();
  } catch (e) {
    state.answer = null;
    clearGraph();
    $('message').textContent = e.message;
  }
}

function applyFilters() {
  if (!state.answer) return;
  const kinds = checked('kind'), groups = checked('group');
  state.shown = state.answer.agents.filter(
      (a) => kinds.includes(a.agent.kind) && groups.includes(String(a.rank_group)));
  $('summary').textContent = state.shown.length + ' of ' + state.answer.agents.length +
      ' agent(s) for ' + state.answer.target.label;
  draw(state.answer.target, state.shown, checked('paths').includes('all'));
}

$('search').addEventListener('submit', async (event) => {
  event.preventDefault();
  saveView(true);
  await search();
});
$('filters').addEventListener('change', () => {
  saveView(false);
  applyFilters();
});
window.addEventListener('popstate', restoreView);

// ---- the graph --------------------------------------------------------------

const ACTING = new Set(['inhibits', 'targets', 'binds', 'antagonises', 'active_in']);

// The entity an agent is grouped by: the one its mechanism acts on.
function mechanismVia(a) {
  return a.acts_on || a.via[0];
}

// The paths drawn for an agent: those whose acting edge reaches `via`, or
// all of them (the "all paths" filter, or when none does).
function drawnPaths(a, via, all) {
  const through = a.paths.filter(
      (p) => p.some((e) => ACTING.has(e.predicate) && e.object.id === via.id));
  return all || !through.length ? a.paths : through;
}

// Elements for cytoscape: one compound node per entity the agents act on
// (each agent in the group of its mechanism's entity), holding that entity
// and its agents; every other entity on a drawn path outside; one edge per
// fact.
function elementsOf(target, agents, allPaths) {
  const groupOf = new Map();  // agent id -> group node id
  const groups = new Map();   // via entity id -> { label, count }
  const viaOf = new Map();    // agent id -> via entity
  for (const a of agents) {
    const via = mechanismVia(a);
    if (!via) continue;
    viaOf.set(a.agent.id, via);
    if (!groups.has(via.id)) groups.set(via.id, { label: via.label, count: 0 });
    groups.get(via.id).count++;
    groupOf.set(a.agent.id, 'group:' + via.id);
  }
  const agentIds = new Set(agents.map((a) => a.agent.id));
  const nodes = new Map();
  state.edges = new Map();
  const addNode = (e) => {
    if (nodes.has(e.id)) return;
    const role = e.id === target.id ? 'target' : agentIds.has(e.id) ? 'agent' : 'context';
    const parent = groupOf.get(e.id) || (groups.has(e.id) ? 'group:' + e.id : undefined);
    const { w, h } = labelSize(e.label);
    nodes.set(e.id, { data: { id: e.id, label: e.label, kind: e.kind, role, parent, w, h,
                              colour: kindColour(e.kind) } });
  };
  addNode(target);
  for (const a of agents) {
    const via = viaOf.get(a.agent.id);
    for (const path of via ? drawnPaths(a, via, allPaths) : a.paths) {
      for (const edge of path) {
        addNode(edge.subject);
        addNode(edge.object);
        if (!state.edges.has(edge.fact)) state.edges.set(edge.fact, edge);
      }
    }
  }
  const elements = [];
  for (const [id, g] of groups) {
    elements.push({ data: { id: 'group:' + id, label: 'acts on ' + g.label + ' (' + g.count + ')',
                            role: 'group', via: id } });
  }
  elements.push(...nodes.values());
  for (const [id, edge] of state.edges) {
    elements.push({ data: { id: 'e' + id, fact: id, source: edge.subject.id, target: edge.object.id,
                            label: edge.predicate, colour: predicateColour(edge.predicate) } });
  }
  return elements;
}

const STYLE = [
  { selector: 'node', style: {
    label: 'data(label)', 'font-size': FONT_SIZE, 'font-family': FONT_FAMILY, color: '#111',
    'text-valign': 'center', 'text-halign': 'center', shape: 'round-rectangle',
    'border-width': 1, 'border-color': '#666' } },
  { selector: 'node[w]', style: { width: 'data(w)', height: 'data(h)', 'background-color': 'data(colour)' } },
  { selector: 'node[role = "target"]', style: { 'border-width': 3, 'border-color': '#c00', 'font-weight': 'bold' } },
  { selector: 'node[role = "agent"]', style: { 'border-color': '#225' } },
  { selector: 'node[role = "group"]', style: {
    'background-color': '#f6f6fb', 'background-opacity': 0.8, 'border-color': '#99a', 'border-style': 'dashed',
    'text-valign': 'top', 'text-halign': 'center', 'text-margin-y': -2, color: '#446', padding: 12 } },
  { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#e90' } },
  { selector: 'edge', style: {
    width: 2, 'line-color': 'data(colour)', 'target-arrow-shape': 'triangle',
    'target-arrow-color': 'data(colour)', 'curve-style': 'bezier', opacity: 0.8 } },
  { selector: 'edge:selected', style: {
    width: 4, opacity: 1, label: 'data(label)', 'font-size': 10, 'text-rotation': 'autorotate',
    'text-background-color': '#fff', 'text-background-opacity': 1 } },
];

// fcose with node sizes that include their labels; compound nodes keep each
// group together. fcose starts from random positions, so runs differ: the
// page checks its labels (labelOverlaps) and lays out again when two touch,
// more spread out (x2, then x3 for the last tries), at most MAX_LAYOUTS
// times. 400 agents once needed x2.
const MAX_LAYOUTS = 5;
function layoutOptions(spread) {
  return {
    name: 'fcose', quality: 'proof', randomize: true, animate: false, fit: true, padding: 24,
    nodeDimensionsIncludeLabels: true, nodeSeparation: 60 * spread, idealEdgeLength: 60 * spread,
    nodeRepulsion: 6000 * spread, nestingFactor: 0.5, tile: true,
    tilingPaddingVertical: 12 * spread, tilingPaddingHorizontal: 12 * spread,
  };
}

function clearGraph() {
  if (state.cy) state.cy.destroy();
  state.cy = null;
  state.edges = new Map();
  state.shown = [];
  $('legend').hidden = true;
  $('summary').textContent = '';
}

function draw(target, agents, allPaths) {
  if (state.cy) state.cy.destroy();
  state.ready = false;
  state.cy = cytoscape({ container: $('cy'), elements: elementsOf(target, agents, allPaths),
                         style: STYLE });
  for (let attempt = 1; attempt <= MAX_LAYOUTS; attempt++) {
    state.spread = Math.min(attempt, 3);
    state.cy.layout(layoutOptions(state.spread)).run();
    if (!labelOverlaps().length) break;
  }
  state.cy.on('tap', 'edge', (evt) => showEvidence(state.edges.get(evt.target.data('fact'))));
  state.cy.on('tap', 'node[role = "group"]', (evt) => showGroup(evt.target));
  state.cy.on('tap', 'node[role != "group"]', (evt) => showEntity(evt.target.id()));
  drawLegend();
  state.cy.ready(() => { state.ready = true; });
}

// Pairs of nodes whose label boxes intersect, as "id|id" (model coordinates).
function labelOverlaps() {
  if (!state.cy) return [];
  const boxes = state.cy.nodes().map((n) => ({
    id: n.id(), b: n.boundingBox({ includeLabels: true, includeNodes: false, includeOverlays: false }),
  })).filter((x) => x.b.w > 0 && x.b.h > 0);
  const out = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].b, b = boxes[j].b;
      if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) out.push(boxes[i].id + '|' + boxes[j].id);
    }
  }
  return out;
}

// Kinds and predicates present in the graph, with their colours.
function drawLegend() {
  const legend = $('legend');
  const kinds = new Set(state.cy.nodes('[role != "group"]').map((n) => n.data('kind')));
  const predicates = new Set(state.cy.edges().map((e) => e.data('label')));
  const row = (title, items, cls, colour) => {
    const div = text('div', '', 'row');
    div.append(text('strong', title));
    for (const item of [...items].sort()) {
      const span = text('span', '');
      const mark = text('span', '', cls);
      mark.style.background = colour(item);
      span.append(mark, item.replace(/_/g, ' '));
      span.dataset.item = item;
      div.append(span);
    }
    return div;
  };
  legend.replaceChildren(row('kinds', kinds, 'swatch', kindColour),
                         row('predicates', predicates, 'line', predicateColour));
  legend.hidden = false;
}

// ---- the side panel -----------------------------------------------------------

// A link a reader can follow: PubMed for a PMID, doi.org for a DOI, PMC for
// a PMCID. The identifier is encoded, never interpreted as markup.
function idLink(label, href) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = label;
  a.rel = 'noopener noreferrer';
  a.target = '_blank';
  a.className = 'ref-id';
  return a;
}

function refItem(r) {
  const li = text('li', '[' + r.n + '] ' + (r.citation || '(not in the reference list)'), 'ref');
  const links = [];
  if (r.pmid) links.push(idLink('PMID ' + r.pmid, 'https://pubmed.ncbi.nlm.nih.gov/' + encodeURIComponent(r.pmid) + '/'));
  if (r.doi) links.push(idLink('DOI ' + r.doi, 'https://doi.org/' + r.doi.split('/').map(encodeURIComponent).join('/')));
  if (r.pmcid) links.push(idLink(r.pmcid, 'https://www.ncbi.nlm.nih.gov/pmc/articles/' + encodeURIComponent(r.pmcid) + '/'));
  for (const a of links) li.append(' \u00b7 ', a);
  return li;
}

function showEvidence(edge) {
  const panel = $('details');
  panel.replaceChildren(text('h3', edge.subject.label + ' ' + edge.predicate.replace(/_/g, ' ') + ' ' +
                                   edge.object.label, 'edge-title'));
  for (const ev of edge.evidence) {
    panel.append(text('blockquote', ev.sentence, 'sentence'));
    const refs = document.createElement('ul');
    refs.className = 'refs';
    for (const r of ev.refs) refs.append(refItem(r));
    if (!ev.refs.length) refs.append(text('li', 'no citation', 'muted'));
    panel.append(text('div', 'source: ' + ev.source + (ev.stated ? '' : ' (inferred)'), 'muted'), refs);
  }
}

function definitions(pairs) {
  const dl = document.createElement('dl');
  for (const [term, value] of pairs) {
    if (value === undefined || value === '') continue;
    dl.append(text('dt', term), text('dd', String(value)));
  }
  return dl;
}

// The facts of a card by predicate: "inhibits → MEN1, BCL2 (+3 more)".
function factLines(title, byPredicate, arrow) {
  const ul = document.createElement('ul');
  for (const [predicate, lines] of Object.entries(byPredicate)) {
    const names = lines.slice(0, 8).map((l) => l.other.label).join(', ');
    const more = lines.length > 8 ? ' (+' + (lines.length - 8) + ' more)' : '';
    ul.append(text('li', predicate.replace(/_/g, ' ') + ' ' + arrow + ' ' + names + more));
  }
  return ul.children.length ? [text('h4', title), ul] : [];
}

async function showEntity(id) {
  const panel = $('details');
  panel.replaceChildren(text('p', 'loading ' + id + ' \u2026', 'muted'));
  let card;
  try {
    card = await getJson('/v1/entities/' + encodeURIComponent(id));
  } catch (e) {
    panel.replaceChildren(text('p', e.message, 'muted'));
    return;
  }
  const agent = state.shown.find((a) => a.agent.id === id);
  const rows = [['kind', card.entity.kind], ['id', card.entity.id],
                ['aliases', card.aliases.join(', ')],
                ...Object.entries(card.attributes || {})];
  if (agent) {
    rows.push(['mechanism', agent.mechanism],
              ['group', agent.rank_group + ' ' + GROUP_NAMES[agent.rank_group]],
              ['sources', agent.source_count], ['references', agent.ref_count]);
  }
  rows.push(['named in', card.sources.join(', ')]);
  panel.replaceChildren(text('h3', card.entity.label, 'card-title'), definitions(rows),
                        ...factLines('facts from it', card.out, '\u2192'),
                        ...factLines('facts to it', card.in, '\u2190'));
}

// A group node: its agents in answer order, with their mechanisms.
function showGroup(node) {
  const viaId = node.data('via');
  const agents = state.shown.filter((a) => mechanismVia(a) && mechanismVia(a).id === viaId);
  const ol = document.createElement('ol');
  for (const a of agents) ol.append(text('li', a.mechanism));
  $('details').replaceChildren(text('h3', node.data('label'), 'card-title'), ol);
}

// ---- download -------------------------------------------------------------

const tsvField = (v) => String(v).replace(/[\t\r\n]+/g, ' ');

// One row per agent shown, with a header; lists joined by ';'.
function agentsTsv(agents) {
  const rows = [['agent', 'kind', 'rank_group', 'mechanism', 'via', 'sources', 'refs']];
  for (const a of agents) {
    rows.push([a.agent.label, a.agent.kind, a.rank_group, a.mechanism,
               a.via.map((v) => v.label).join(';'), a.source_count, a.ref_count]);
  }
  return rows.map((r) => r.map(tsvField).join('\t')).join('\n') + '\n';
}

function download(ext, type, body) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([body], { type }));
  a.download = 'agents-' + state.answer.target.label.replace(/[^\w.-]+/g, '_') + '.' + ext;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

$('download-json').addEventListener('click', () => {
  if (!state.answer) return;
  download('json', 'application/json', JSON.stringify({ ...state.answer, agents: state.shown }) + '\n');
});
$('download-tsv').addEventListener('click', () => {
  if (!state.answer) return;
  download('tsv', 'text/tab-separated-values', agentsTsv(state.shown));
});

restoreView();
