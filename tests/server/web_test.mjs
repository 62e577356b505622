// Headless-browser test of litgraph's web page, run by server_test ("[web]"):
// loads the page of a running `litgraph serve`, types a target, checks the
// completion list, submits, waits for the graph, clicks an edge whose evidence
// cites a reference and checks the evidence panel. Saves a screenshot.
//
// Usage: node web_test.mjs URL WEB_DIR SCREENSHOT.png TARGET
// Exit 0 and "web_test: ok ..." on success; 1 with a message otherwise.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [url, webDir, screenshot, target] = process.argv.slice(2);
if (!target) {
  console.error('usage: node web_test.mjs URL WEB_DIR SCREENSHOT.png TARGET');
  process.exit(2);
}
const require = createRequire(path.join(webDir, 'package.json'));
const { chromium } = require('playwright-core');

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'litgraph-chromium-'));
let context;
let code = 1;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    timeout: 30000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(15000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url, { waitUntil: 'load' });

  await page.fill('#q', target);
  await page.waitForSelector(`#completions option[value="${target}"]`, { state: 'attached' });
  await page.press('#q', 'Enter');
  await page.waitForFunction(() => window.litgraph.ready && window.litgraph.cy.edges().length > 0);
  await page.waitForTimeout(300);  // let the layout's first frame be drawn

  // The cited edge whose midpoint is farthest from every node: a clean click.
  const spot = await page.evaluate(() => {
    const { cy, edges } = window.litgraph;
    const box = document.getElementById('graph').getBoundingClientRect();
    let best = null;
    cy.edges().forEach((e) => {
      const info = edges.get(e.data('fact'));
      if (!info.evidence.some((ev) => ev.refs.some((r) => r.citation))) return;
      const m = e.renderedMidpoint();
      let clearance = Infinity;
      cy.nodes().forEach((n) => {
        const p = n.renderedPosition();
        clearance = Math.min(clearance, Math.hypot(p.x - m.x, p.y - m.y));
      });
      if (!best || clearance > best.clearance) {
        best = { x: box.left + m.x, y: box.top + m.y, clearance, fact: e.data('fact') };
      }
    });
    return best;
  });
  if (!spot) throw new Error('no edge with a resolved reference in the graph');
  await page.mouse.click(spot.x, spot.y);
  await page.waitForSelector('#evidence blockquote.sentence');
  const sentence = (await page.textContent('#evidence blockquote.sentence')).trim();
  const ref = (await page.textContent('#evidence li.ref')).trim();
  await page.screenshot({ path: screenshot });
  if (sentence.length < 10) throw new Error(`evidence sentence too short: '${sentence}'`);
  if (!/^\[\d+\] \S/.test(ref)) throw new Error(`reference not shown: '${ref}'`);
  if (errors.length) throw new Error('page errors: ' + errors.join('; '));
  console.log(`web_test: ok fact=${spot.fact} sentence="${sentence.slice(0, 60)}" ref="${ref}"`);
  code = 0;
} catch (e) {
  console.error('web_test: ' + e.message);
} finally {
  if (context) await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
process.exit(code);
