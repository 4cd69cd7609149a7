#!/usr/bin/env node
// Where a page load of the app goes, from navigation to an interactive 50-step canvas (the
// moment bench/app-canvas.mjs times): one load traced with Chromium's DevTools protocol.
//   - a timeline of the milestones: HTML, each script and stylesheet, the WebSocket, every API
//     request the first screen makes (sent → answered), first node drawn, interactive;
//   - the renderer main thread's time by kind (trace events, self time): network idle, script
//     compile, script run, style, layout, paint, GC;
//   - script run by where it was spent (sampling profiler; by package when the build has source
//     maps: `npx electron-vite build --sourcemap`).
// Prints medians over BENCH_REPEAT loads (default 3) after a warm-up load. BENCH_APP=<folder of
// another built checkout> breaks down that build instead (e.g. main, to compare).
//
//   node bench/app-load-breakdown.mjs
/* global document, window, MutationObserver -- functions passed to the page run there */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceMapConsumer } from 'source-map-js';
import { firstChunk, generateFlow, launchChromium, median, root, startServer } from './app-lib.mjs';

const repeat = Number(process.env.BENCH_REPEAT ?? 3);
const small = generateFlow('Bench50Flow', 50, 4);
const app = process.env.BENCH_APP ?? root;
const server = await startServer({ 'bench50_flow.py': small.source }, app);
const browser = await launchChromium();

/** Installed before the page's own scripts: stamps WebSocket traffic and the first node drawn. */
function instrument() {
  const t = { api: [], marks: {} };
  window.__load = t;
  const Native = WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      t.marks['socket created'] = performance.now();
      this.addEventListener('open', () => (t.marks['socket open'] = performance.now()));
      this.addEventListener('message', (e) => {
        const m = JSON.parse(e.data);
        const r = t.api.find((a) => a.id === m.id);
        if (r) Object.assign(r, { answered: performance.now(), bytes: e.data.length });
      });
    }
    send(message) {
      const { id, method } = JSON.parse(message);
      t.api.push({ id, method, sent: performance.now() });
      super.send(message);
    }
  };
  new MutationObserver(() => {
    if (t.marks['app shell drawn'] === undefined && document.querySelector('.toolbar')) t.marks['app shell drawn'] = performance.now();
    if (t.marks['first node in DOM'] === undefined && document.querySelector('.react-flow__node')) t.marks['first node in DOM'] = performance.now();
  }).observe(document, { childList: true, subtree: true });
}

const TRACE_CATEGORIES = ['blink.user_timing', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink', 'loading'];
/** Trace event names → the kind of work they are (self time is counted; anything else is "other"). */
const KIND = {
  'v8.compile': 'script compile',
  'v8.compileModule': 'script compile',
  'V8.CompileCode': 'script compile',
  'v8.parseOnBackground': 'script compile',
  'v8.produceModuleCache': 'script compile',
  'V8.ScriptCompiler': 'script compile',
  EvaluateScript: 'script run',
  'v8.evaluateModule': 'script run',
  FunctionCall: 'script run',
  'v8.callFunction': 'script run',
  TimerFire: 'script run',
  FireAnimationFrame: 'script run',
  EventDispatch: 'script run',
  'V8.Execute': 'script run',
  RunMicrotasks: 'script run',
  UpdateLayoutTree: 'style and layout',
  ParseAuthorStyleSheet: 'style and layout',
  Layout: 'style and layout',
  Paint: 'paint',
  PrePaint: 'paint',
  Layerize: 'paint',
  Commit: 'paint',
  MajorGC: 'GC',
  MinorGC: 'GC',
  'V8.GC_SCAVENGER': 'GC',
  'V8.GC_MARK_COMPACTOR': 'GC',
  ParseHTML: 'HTML',
};

function kindByPrefix(name) {
  if (/GC/.test(name)) return 'GC';
  if (/Compile|Parse/.test(name) && /^v8|^V8/.test(name)) return 'script compile';
  if (/^v8|^V8/.test(name)) return 'script run';
  if (/Style|Layout|Shape|ResizeObserver/.test(name)) return 'style and layout';
  if (/Paint|Layer|Raster|Commit|Compositing|CullRect/.test(name)) return 'paint';
  return 'other';
}

/** Self time per kind on the renderer's main thread between navigation start and `end` (ms). */
function mainThreadTime(events, end) {
  // The page's main thread is the one that marked `bench-interactive` (see tracedLoad).
  const mark = events.find((e) => e.name === 'bench-interactive');
  if (mark === undefined) return {};
  const main = { pid: mark.pid, tid: mark.tid };
  const to = mark.ts;
  const from = to - end * 1000;
  const complete = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined && e.ts >= from && e.ts <= to)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = {};
  const stack = [];
  const add = (e, us) => {
    const kind = KIND[e.name] ?? kindByPrefix(e.name);
    self[kind] = (self[kind] ?? 0) + us / 1000;
  };
  for (const e of complete) {
    while (stack.length > 0 && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent !== undefined) parent.childUs += Math.min(e.dur, parent.ts + parent.dur - e.ts);
    e.childUs = 0;
    stack.push(e);
  }
  for (const e of complete) add(e, Math.max(0, e.dur - e.childUs));
  const busy = Object.values(self).reduce((a, b) => a + b, 0);
  self['idle (waiting on network or the engine)'] = end - busy;
  return self;
}

/** Package (or renderer/engine module) a script position belongs to, through the chunk's source map. */
function locator() {
  const maps = new Map();
  return (url, line, column) => {
    const file = /\/assets\/[^?]+/.exec(url)?.[0];
    if (file === undefined) return url === '' ? '(native / GC)' : url;
    if (!maps.has(file)) {
      const map = join(app, 'out/renderer', `${file}.map`);
      maps.set(file, existsSync(map) ? new SourceMapConsumer(JSON.parse(readFileSync(map, 'utf8'))) : null);
    }
    const consumer = maps.get(file);
    if (consumer === null) return file.replace(/-[\w-]+\.js$/, '.js');
    const position = consumer.originalPositionFor({ line: line + 1, column: column + 1 });
    const source = position.source ?? '?';
    if (process.env.BENCH_BY_FUNCTION) return `${source.replace(/^.*node_modules\//, '').replace(/^(\.\.\/)+/, '')}:${position.line}`;
    const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(source)?.[1];
    return pkg ?? source.replace(/^(\.\.\/)+/, '').replace(/\/[^/]+$/, '/');
  };
}

/** Sampled self time per place (ms) from a CPU profile. */
function bySource(profile, where) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = {};
  for (let i = 0; i < profile.samples.length; i += 1) {
    const n = nodes.get(profile.samples[i]);
    const f = n.callFrame;
    const key = f.url === '' ? `(${f.functionName || 'program'})` : where(f.url, f.lineNumber, f.columnNumber);
    totals[key] = (totals[key] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
  }
  return totals;
}

async function tracedLoad() {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(instrument);
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const traced = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.start', { categories: TRACE_CATEGORIES.join(','), transferMode: 'ReportEvents' });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.goto(server.openUrl('bench50_flow.py'), { waitUntil: 'commit' });
  const interactive = await (
    await page.waitForFunction(
      (n) => {
        const nodes = document.querySelectorAll('.react-flow__node');
        if (nodes.length < n) return false;
        for (const node of nodes) if (node.style.visibility === 'hidden') return false;
        performance.mark('bench-interactive');
        return performance.now();
      },
      small.steps,
      { polling: 'raf', timeout: 30_000 },
    )
  ).jsonValue();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Tracing.end');
  await traced;
  const page_ = await page.evaluate(() => {
    const resources = performance.getEntriesByType('resource').map((r) => ({ name: r.name.replace(/^.*\//, '').replace(/\?.*/, ''), start: r.startTime, end: r.responseEnd, bytes: r.encodedBodySize }));
    const nav = performance.getEntriesByType('navigation')[0];
    return { ...window.__load, resources, html: { start: nav.requestStart, end: nav.responseEnd }, dcl: nav.domContentLoadedEventEnd };
  });
  await page.close();
  return { interactive, page: page_, threads: mainThreadTime(events, interactive), profile };
}

const where = locator();
await tracedLoad(); // warm-up (disk cache, the engine's JIT)
const loads = [];
for (let i = 0; i < repeat; i += 1) loads.push(await tracedLoad());
await browser.close();
server.close();

const chunk = firstChunk(app);
const fmt = (v) => `${v.toFixed(0).padStart(6)} ms`;
const med = (pick) => median(loads.map(pick).filter((v) => v !== undefined));
console.log(`Load breakdown, ${small.steps}-step flow (${repeat} traced loads, medians; first chunk ${chunk.name} ${(chunk.bytes / 1024).toFixed(0)} kB)`);
console.log(`  interactive at ${fmt(med((l) => l.interactive))} (tracing and sampling slow a load: compare with bench/app-canvas.mjs)`);
console.log('  milestones (from navigation start):');
const rows = [['HTML answered', (l) => l.page.html.end]];
for (const r of loads[0].page.resources) rows.push([`${r.name} loaded (${(r.bytes / 1024).toFixed(0)} kB)`, (l) => l.page.resources.find((x) => x.name.split('-')[0] === r.name.split('-')[0])?.end]);
rows.push(['DOMContentLoaded (first chunk run)', (l) => l.page.dcl]);
for (const name of Object.keys(loads[0].page.marks)) rows.push([name, (l) => l.page.marks[name]]);
loads[0].page.api.forEach((a, i) => {
  rows.push([`${a.method} sent`, (l) => l.page.api[i]?.sent]);
  rows.push([`${a.method} answered (${(a.bytes / 1024).toFixed(0)} kB)`, (l) => l.page.api[i]?.answered]);
});
rows.push(['interactive (every node measured)', (l) => l.interactive]);
for (const [label, pick] of rows.sort((a, b) => med(a[1]) - med(b[1]))) console.log(`    ${fmt(med(pick))}  ${label}`);
console.log('  renderer main thread until interactive, by kind (self time):');
const kinds = [...new Set(loads.flatMap((l) => Object.keys(l.threads)))];
for (const k of kinds.sort((a, b) => med((l) => l.threads[b] ?? 0) - med((l) => l.threads[a] ?? 0))) console.log(`    ${fmt(med((l) => l.threads[k] ?? 0))}  ${k}`);
console.log('  script time by where it runs (sampled self time):');
const places = loads.map((l) => bySource(l.profile, where));
const keys = [...new Set(places.flatMap((p) => Object.keys(p)))];
for (const k of keys.sort((a, b) => median(places.map((p) => p[b] ?? 0)) - median(places.map((p) => p[a] ?? 0))).slice(0, process.env.BENCH_BY_FUNCTION ? 40 : 16)) {
  console.log(`    ${fmt(median(places.map((p) => p[k] ?? 0)))}  ${k}`);
}
