// litgraph's page: complete a target name (/v1/complete), draw the agents
// found for it (/v1/agents) with cytoscape.js, and show a clicked edge's
// sentences and references. window.litgraph exposes the graph to tests.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { cy: null, ready: false, edges: new Map() };
window.litgraph = state;

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

$('search').addEventListener('submit', async (event) => {
  event.preventDefault();
  const q = $('q').value.trim();
  if (!q) return;
  $('message').textContent = '';
  state.ready = false;
  try {
    draw(await getJson('/v1/agents?target=' + encodeURIComponent(q)));
  } catch (e) {
    $('message').textContent = e.message;
  }
});

// Nodes: every entity on a kept path; edges: every fact on one (once).
function draw(result) {
  const nodes = new Map();
  state.edges = new Map();
  const agentIds = new Set(result.agents.map((a) => a.agent.id));
  const addNode = (e) => {
    if (!nodes.has(e.id)) {
      const role = e.id === result.target.id ? 'target' : agentIds.has(e.id) ? 'agent' : 'context';
      nodes.set(e.id, { data: { id: e.id, label: e.label, kind: e.kind, role } });
    }
  };
  addNode(result.target);
  for (const agent of result.agents) {
    for (const path of agent.paths) {
      for (const edge of path) {
        addNode(edge.subject);
        addNode(edge.object);
        if (!state.edges.has(edge.fact)) state.edges.set(edge.fact, edge);
      }
    }
  }
  const elements = [...nodes.values()];
  for (const [id, edge] of state.edges) {
    elements.push({ data: { id: 'e' + id, fact: id, source: edge.subject.id,
                            target: edge.object.id, label: edge.predicate } });
  }
  $('summary').textContent = result.agents.length + ' agent(s) for ' + result.target.label;
  if (state.cy) state.cy.destroy();
  state.cy = cytoscape({
    container: $('graph'),
    elements,
    layout: { name: 'breadthfirst', roots: [result.target.id], directed: false, spacingFactor: 1.2 },
    style: [
      { selector: 'node', style: { label: 'data(label)', 'font-size': 11, 'background-color': '#9bb',
                                   'text-valign': 'bottom', 'text-margin-y': 4 } },
      { selector: 'node[role = "target"]', style: { 'background-color': '#c33' } },
      { selector: 'node[role = "agent"]', style: { 'background-color': '#36c', shape: 'round-rectangle' } },
      { selector: 'edge', style: { label: 'data(label)', 'font-size': 9, width: 3, 'line-color': '#aaa',
                                   'target-arrow-shape': 'triangle', 'target-arrow-color': '#aaa',
                                   'curve-style': 'bezier', 'text-rotation': 'autorotate' } },
      { selector: 'edge:selected', style: { 'line-color': '#e90', 'target-arrow-color': '#e90' } },
    ],
  });
  state.cy.on('tap', 'edge', (evt) => showEvidence(state.edges.get(evt.target.data('fact'))));
  state.cy.ready(() => { state.ready = true; });
}

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
  const panel = $('evidence');
  panel.replaceChildren(text('h3', edge.subject.label + ' ' + edge.predicate + ' ' + edge.object.label));
  for (const ev of edge.evidence) {
    panel.append(text('blockquote', ev.sentence, 'sentence'));
    const refs = document.createElement('ul');
    refs.className = 'refs';
    for (const r of ev.refs) refs.append(refItem(r));
    if (!ev.refs.length) refs.append(text('li', 'no citation', 'muted'));
    panel.append(text('div', 'source: ' + ev.source + (ev.stated ? '' : ' (inferred)'), 'muted'), refs);
  }
}
