// Headless-browser test of litgraph's web page, run by server_test ("[web]"):
// loads the page of a running `litgraph serve`, types a target, checks the
// completion list, submits and waits for the graph. Then checks that
//   - at least MIN_AGENTS agents are drawn, grouped by the entity they act on;
//   - no two node labels' boxes overlap (cytoscape's boundingBox with labels
//     only), computed here, not by the page;
//   - the legend names every kind and predicate drawn;
//   - clicking an edge whose evidence cites a reference shows its sentence and
//     the reference, PMID/DOI linked when it has one; clicking an agent shows
//     its entity card with its mechanism;
//   - filters (drugs only, mechanism groups 1 and 2) are written to the URL,
//     and loading that URL in a new page restores the query and the filters;
//   - the TSV and JSON downloads hold the agents shown;
//   - an unknown target shows the server's message and no graph.
// Saves a screenshot of the whole answer with the evidence panel open.
//
// Usage: node web_test.mjs URL WEB_DIR SCREENSHOT.png TARGET [MIN_AGENTS]
// Exit 0 and "web_test: ok agents=N groups=G nodes=M overlaps=0 ..." on
// success; 1 with a message otherwise.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [url, webDir, screenshot, target, minAgentsArg] = process.argv.slice(2);
if (!target) {
  console.error('usage: node web_test.mjs URL WEB_DIR SCREENSHOT.png TARGET [MIN_AGENTS]');
  process.exit(2);
}
const minAgents = Number(minAgentsArg || 1);
const require = createRequire(path.join(webDir, 'package.json'));
const { chromium } = require('playwright-core');

function check(ok, message) {
  if (!ok) throw new Error(message);
}

// Waits for a drawn graph and describes it: agents, groups, nodes, and the
// pairs of nodes whose label boxes intersect.
async function drawn(page) {
  await page.waitForFunction(() => window.litgraph.ready && window.litgraph.cy.edges().length > 0);
  return page.evaluate(() => {
    const { cy } = window.litgraph;
    const boxes = cy.nodes().map((n) => ({
      id: n.id(), b: n.boundingBox({ includeLabels: true, includeNodes: false, includeOverlays: false }),
    }));
    const overlaps = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].b, b = boxes[j].b;
        if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) {
          overlaps.push(boxes[i].id + ' / ' + boxes[j].id);
        }
      }
    }
    return {
      agents: cy.nodes('[role = "agent"]').length,
      groups: cy.nodes('[role = "group"]').length,
      nodes: cy.nodes().length,
      labelled: boxes.filter((x) => x.b.w > 0 && x.b.h > 0).length,
      overlaps,
      spread: window.litgraph.spread,
      shownGroups: [...new Set(window.litgraph.shown.map((a) => a.rank_group))].sort(),
      shownKinds: [...new Set(window.litgraph.shown.map((a) => a.agent.kind))].sort(),
      kinds: [...new Set(cy.nodes('[role != "group"]').map((n) => n.data('kind')))],
      predicates: [...new Set(cy.edges().map((e) => e.data('label')))],
    };
  });
}

// Clicks the cited edge whose midpoint is farthest from every node box.
async function clickCitedEdge(page) {
  const spot = await page.evaluate(() => {
    const { cy, edges } = window.litgraph;
    const box = document.getElementById('cy').getBoundingClientRect();
    let best = null;
    cy.edges().forEach((e) => {
      const info = edges.get(e.data('fact'));
      if (!info.evidence.some((ev) => ev.refs.some((r) => r.citation))) return;
      const m = e.renderedMidpoint();
      if (m.x < 0 || m.y < 0 || m.x > box.width || m.y > box.height) return;
      let clearance = Infinity;
      cy.nodes().forEach((n) => {
        const b = n.renderedBoundingBox({ includeLabels: false });
        const dx = Math.max(b.x1 - m.x, 0, m.x - b.x2), dy = Math.max(b.y1 - m.y, 0, m.y - b.y2);
        if (!n.isParent()) clearance = Math.min(clearance, Math.hypot(dx, dy));
      });
      if (!best || clearance > best.clearance) {
        best = { x: box.left + m.x, y: box.top + m.y, clearance, fact: e.data('fact'),
                 title: info.subject.label + ' ' + info.predicate.replace(/_/g, ' ') + ' ' + info.object.label,
                 linked: info.evidence.some((ev) => ev.refs.some((r) => r.pmid || r.doi)) };
      }
    });
    return best;
  });
  check(spot, 'no edge with a resolved reference in the graph');
  await page.mouse.click(spot.x, spot.y);
  await page.waitForSelector('#details h3.edge-title');
  const title = (await page.textContent('#details h3.edge-title')).trim();
  check(title === spot.title, `edge panel shows '${title}', expected '${spot.title}'`);
  const sentence = (await page.textContent('#details blockquote.sentence')).trim();
  const ref = (await page.textContent('#details li.ref')).trim();
  check(sentence.length >= 10, `evidence sentence too short: '${sentence}'`);
  check(/^\[\d+\] \S/.test(ref), `reference not shown: '${ref}'`);
  if (spot.linked) {
    const href = await page.getAttribute('#details a.ref-id', 'href');
    check(/^https:\/\/(pubmed\.ncbi\.nlm\.nih\.gov|doi\.org)\//.test(href), `reference link: '${href}'`);
  }
  return { ...spot, sentence };
}

// Clicks the first agent of the answer and checks its card.
async function clickAgent(page) {
  const spot = await page.evaluate(() => {
    const { cy, shown } = window.litgraph;
    const box = document.getElementById('cy').getBoundingClientRect();
    const node = cy.getElementById(shown[0].agent.id);
    const p = node.renderedPosition();
    return { x: box.left + p.x, y: box.top + p.y, label: node.data('label'), mechanism: shown[0].mechanism };
  });
  await page.mouse.click(spot.x, spot.y);
  await page.waitForFunction((label) => {
    const h = document.querySelector('#details h3.card-title');
    return h && h.textContent === label;
  }, spot.label);
  const card = await page.textContent('#details dl');
  check(card.includes('mechanism' + spot.mechanism), `card lacks the mechanism: '${card}'`);
  check(/kinddrug/.test(card), `card lacks the kind: '${card}'`);
  return spot;
}

// Clicks a download button and returns the file's text and name.
async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  return { name: file.suggestedFilename(), body: fs.readFileSync(await file.path(), 'utf8') };
}

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'litgraph-chromium-'));
let context;
let code = 1;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 800 },
    timeout: 30000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(20000);
  const errors = [];
  const watch = (p) => {
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(m.type() + ': ' + m.text());
    });
  };
  watch(page);
  await page.goto(url, { waitUntil: 'load' });

  await page.fill('#q', target);
  await page.waitForSelector(`#completions option[value="${target}"]`, { state: 'attached' });
  const start = Date.now();
  await page.press('#q', 'Enter');
  const full = await drawn(page);
  const drawMs = Date.now() - start;  // query, layout and first frame
  check(full.agents >= minAgents, `${full.agents} agents drawn, expected at least ${minAgents}`);
  check(full.groups >= 2, `${full.groups} groups drawn`);
  check(full.labelled === full.nodes, `${full.nodes - full.labelled} node(s) without a label`);
  check(!full.overlaps.length, `${full.overlaps.length} label overlaps: ${full.overlaps.slice(0, 5).join(', ')}`);
  const legend = await page.textContent('#legend');
  for (const item of [...full.kinds, ...full.predicates]) {
    check(legend.includes(item.replace(/_/g, ' ')), `legend lacks '${item}': '${legend}'`);
  }
  check(new URL(page.url()).searchParams.get('q') === target, `URL lacks the query: ${page.url()}`);

  const agent = await clickAgent(page);
  const edge = await clickCitedEdge(page);
  await page.screenshot({ path: screenshot });

  // Filter to drugs (no classes) of mechanism groups 1 and 2; the URL holds
  // it and restores it.
  await page.uncheck('input[name="kind"][value="drug_class"]');
  await page.uncheck('input[name="group"][value="3"]');
  const filtered = await drawn(page);
  check(filtered.overlaps.length === 0, `${filtered.overlaps.length} label overlaps after filtering`);
  check(!filtered.shownGroups.includes(3), `group 3 still shown: ${filtered.shownGroups}`);
  check(filtered.shownKinds.join() === 'drug', `kinds shown after filtering: ${filtered.shownKinds}`);
  const shared = page.url();
  const sharedParams = new URL(shared).searchParams;
  check(sharedParams.get('group') === '1,2' && sharedParams.get('kind') === 'drug',
        `URL lacks the filters: ${shared}`);
  const restoredPage = await context.newPage();
  watch(restoredPage);
  await restoredPage.goto(shared, { waitUntil: 'load' });
  const restored = await drawn(restoredPage);
  check(await restoredPage.inputValue('#q') === target, 'restored page lacks the query');
  check(!await restoredPage.isChecked('input[name="group"][value="3"]'), 'restored page shows group 3');
  check(!await restoredPage.isChecked('input[name="kind"][value="drug_class"]'),
        'restored page shows drug classes');
  check(restored.agents === filtered.agents && restored.groups === filtered.groups,
        `restored ${restored.agents} agents in ${restored.groups} groups, ` +
        `expected ${filtered.agents} in ${filtered.groups}`);

  // The downloads hold what the restored page shows.
  const shown = await restoredPage.evaluate(() => window.litgraph.shown.map(
      (a) => [a.agent.label, a.agent.kind, String(a.rank_group), a.mechanism,
              a.via.map((v) => v.label).join(';'), String(a.source_count), String(a.ref_count)]));
  const tsv = await download(restoredPage, '#download-tsv');
  const rows = tsv.body.trimEnd().split('\n').map((line) => line.split('\t'));
  check(tsv.name.endsWith('.tsv'), `TSV file name '${tsv.name}'`);
  check(rows[0].join(',') === 'agent,kind,rank_group,mechanism,via,sources,refs', `TSV header '${rows[0]}'`);
  check(JSON.stringify(rows.slice(1)) === JSON.stringify(shown), 'TSV rows differ from the agents shown');
  const json = JSON.parse((await download(restoredPage, '#download-json')).body);
  check(json.format === 3 && json.query === 'agents', 'JSON download is not an agents answer');
  check(json.agents.length === shown.length &&
        json.agents.every((a) => a.rank_group !== 3 && a.agent.kind === 'drug'),
        'JSON download differs from the agents shown');

  check(!errors.length, 'page errors or console warnings: ' + errors.join('; '));

  // An unknown target: the server's message, no graph (the browser logs the
  // 404 itself).
  await restoredPage.goto(new URL('?q=NoSuchTarget17', url).href, { waitUntil: 'load' });
  await restoredPage.waitForFunction(() => document.getElementById('message').textContent !== '');
  const message = await restoredPage.textContent('#message');
  check(message.includes('NoSuchTarget17'), `unknown target message: '${message}'`);
  check(await restoredPage.evaluate(() => window.litgraph.cy === null), 'a graph is drawn for an unknown target');

  console.log(`web_test: ok agents=${full.agents} groups=${full.groups} nodes=${full.nodes} ` +
              `overlaps=${full.overlaps.length} spread=${full.spread} ms=${drawMs} ` +
              `filtered=${filtered.agents} tsv_rows=${rows.length - 1} ` +
              `card="${agent.label}" fact=${edge.fact} sentence="${edge.sentence.slice(0, 60)}"`);
  code = 0;
} catch (e) {
  console.error('web_test: ' + e.message);
} finally {
  if (context) await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
process.exit(code);
