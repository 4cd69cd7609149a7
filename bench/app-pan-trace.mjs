#!/usr/bin/env node
// Where a pan frame goes: the bench's pan of the 500-step flow at fit view (bench/app-canvas.mjs,
// the same drag), traced through the DevTools protocol, and the renderer main thread's time by
// Chromium trace event (self time): layerizing (PaintArtifactCompositor::Update), hit testing,
// script, paint, style. Also how often Chromium layerized the page again and how long each took,
// and which elements painted. BENCH_APP=<another built checkout> traces that build instead (e.g. the
// build before a change, to compare in the same minutes); BENCH_REPEAT pans (default 2).
//
//   node bench/app-pan-trace.mjs
/* global document -- functions passed to page.evaluate run in the page */
import { emptyPointLeftOfFlow, generateFlow, launchChromium, median, ms, p95, panFrames, root, startServer } from './app-lib.mjs';

const repeat = Number(process.env.BENCH_REPEAT ?? 2);
const app = process.env.BENCH_APP ?? root;
const large = generateFlow('Bench500Flow', 500, 10);
const server = await startServer({ 'bench500_flow.py': large.source }, app);
const browser = await launchChromium();

/** Self time (ms) per event name on the thread that ran the page's animation frames. */
function selfTimeByEvent(events) {
  const frames = {};
  for (const e of events) if (e.name === 'FireAnimationFrame') frames[`${e.pid}:${e.tid}`] = (frames[`${e.pid}:${e.tid}`] ?? 0) + 1;
  const main = Object.entries(frames).sort((a, b) => b[1] - a[1])[0]?.[0];
  const complete = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack = [];
  for (const e of complete) {
    while (stack.length > 0 && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent !== undefined) parent.childUs = (parent.childUs ?? 0) + Math.min(e.dur, parent.ts + parent.dur - e.ts);
    stack.push(e);
  }
  const self = {};
  for (const e of complete) self[e.name] = (self[e.name] ?? 0) + Math.max(0, e.dur - (e.childUs ?? 0)) / 1000;
  return { self, complete };
}

async function tracedPan() {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(server.openUrl('bench500_flow.py'));
  await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length > 0, null, { timeout: 60_000 });
  await page.waitForTimeout(800);
  const point = await emptyPointLeftOfFlow(page);
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const traced = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink,cc,v8', transferMode: 'ReportEvents' });
  const frames = await panFrames(page, point);
  await cdp.send('Tracing.end');
  await traced;
  const { self, complete } = selfTimeByEvent(events);
  const layerize = complete.filter((e) => e.name === 'PaintArtifactCompositor::Update').map((e) => e.dur / 1000);
  const painted = {};
  for (const e of complete.filter((x) => x.name === 'Paint')) painted[e.args?.data?.nodeId] = (painted[e.args?.data?.nodeId] ?? 0) + 1;
  const names = {};
  await cdp.send('DOM.getDocument', { depth: 0 });
  for (const id of Object.keys(painted).filter((k) => painted[k] > 1)) {
    const d = await cdp.send('DOM.describeNode', { backendNodeId: Number(id) }).catch(() => null);
    names[id] = d === null ? `node ${id}` : `${d.node.nodeName.toLowerCase()}${(d.node.attributes ?? []).reduce((s, v, i, a) => (v === 'class' ? `.${a[i + 1].split(' ')[0]}` : s), '')}`;
  }
  await page.close();
  return { frames, self, layerize, painted, names };
}

const pans = [];
for (let i = 0; i < repeat; i += 1) pans.push(await tracedPan());
await browser.close();
server.close();

console.log(`Pan trace, ${large.steps}-step flow at fit view (${repeat} pans of ~2 s; medians; tracing slows a frame: compare with bench/app-canvas.mjs)`);
const med = (pick) => median(pans.map(pick));
console.log(`  frames ${med((p) => p.frames.length)}, rAF p95 ${ms(med((p) => p95(p.frames)))}, main-thread work ${ms(med((p) => p.frames.workPerFrame))} per frame`);
console.log(`  layerized again ${med((p) => p.layerize.length)} times, ${ms(med((p) => median(p.layerize)))} each (median)`);
console.log('  main thread by trace event (self time per pan):');
const keys = [...new Set(pans.flatMap((p) => Object.keys(p.self)))];
for (const k of keys.sort((a, b) => med((p) => p.self[b] ?? 0) - med((p) => p.self[a] ?? 0)).slice(0, 14)) console.log(`    ${med((p) => p.self[k] ?? 0).toFixed(0).padStart(6)} ms  ${k}`);
console.log('  elements painted more than once during the pan:');
for (const [id, count] of Object.entries(pans[0].painted).filter(([, c]) => c > 1)) console.log(`    ${String(count).padStart(6)}x  ${pans[0].names[id]}`);
