#!/usr/bin/env node
// How fast the canvas is, in browser mode with Debian's Chromium (builds nothing: `npm run
// build` first).
//   (a) load → interactive: from navigation start to the moment every step of a generated
//       50-step flow is drawn and measured on the canvas (median of BENCH_REPEAT page loads),
//       and how many kB of script the page had loaded by then (the first chunk and what it
//       pulls in);
//   (b) panning: requestAnimationFrame deltas while the mouse drags the view of a generated
//       500-step flow, once zoomed to fit (all 500 nodes drawn) and once at 100 % zoom (React Flow
//       draws only what is visible), median and p95.
// Targets (issue 11): (a) under 1 s; (b) no dropped frame (p95 at the 16.7 ms vsync).
//
// On a shared machine absolute times move several-fold from one minute to the next: with
// BENCH_APP_BASELINE=<folder of another built Flowbench checkout> (e.g. main, `npm run build`
// there) the loads and pans alternate between that build and this one, and the ratios compare
// the two measured in the same minutes.
//
//   node bench/app-canvas.mjs            BENCH_REPEAT=5 node bench/app-canvas.mjs
/* global document -- functions passed to page.evaluate run in the page */
import { emptyPointLeftOfFlow, firstChunk, generateFlow, launchChromium, median, ms, p95, panFrames, startServer } from './app-lib.mjs';

const repeat = Number(process.env.BENCH_REPEAT ?? 3);
const baselineApp = process.env.BENCH_APP_BASELINE;
const small = generateFlow('Bench50Flow', 50, 4);
const large = generateFlow('Bench500Flow', 500, 10);
const flows = { 'bench50_flow.py': small.source, 'bench500_flow.py': large.source };
const builds = [{ name: 'this build', server: await startServer(flows), chunk: firstChunk() }];
if (baselineApp !== undefined) builds.push({ name: 'baseline', server: await startServer(flows, baselineApp), chunk: firstChunk(baselineApp) });
const browser = await launchChromium();

/**
 * Milliseconds from navigation start until `count` nodes are drawn and measured, and the kB of
 * script loaded by then.
 */
async function loadToInteractive(build, file, count) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(build.server.openUrl(file), { waitUntil: 'commit' });
  const t = await page.waitForFunction(
    (n) => {
      const nodes = document.querySelectorAll('.react-flow__node');
      if (nodes.length < n) return false;
      for (const node of nodes) if (node.style.visibility === 'hidden') return false;
      return performance.now();
    },
    count,
    { polling: 'raf', timeout: 30_000 },
  );
  const value = await t.jsonValue();
  const scriptBytes = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((r) => r.name.endsWith('.js'))
      .reduce((sum, r) => sum + r.encodedBodySize, 0),
  );
  await page.close();
  build.scriptKb = scriptBytes / 1024;
  return value;
}

/** Pans the 500-step flow at fit view, then at 100 % zoom (see panFrames). */
async function pans(build) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(build.server.openUrl('bench500_flow.py'));
  await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length > 0, null, { timeout: 60_000 });
  await page.waitForTimeout(500);
  const drawnFit = await page.locator('.react-flow__node').count();
  const point = await emptyPointLeftOfFlow(page);
  const fit = await panFrames(page, point);
  // Zoom to 100 % around that point: it stays where it is on screen, and stays empty.
  await page.mouse.move(point.x, point.y);
  const zoom = () => page.evaluate(() => Number(/scale\(([\d.]+)\)/.exec(document.querySelector('.react-flow__viewport').style.transform)?.[1] ?? 1));
  for (let i = 0; i < 60 && (await zoom()) < 0.98; i += 1) {
    await page.mouse.wheel(0, -60);
    await page.waitForTimeout(40);
  }
  await page.waitForTimeout(300);
  const drawnZoomed = await page.locator('.react-flow__node').count();
  const zoomPercent = Math.round((await zoom()) * 100);
  const zoomed = await panFrames(page, point);
  await page.close();
  return { fit, drawnFit, zoomed, drawnZoomed, zoomPercent };
}

const ratio = (mine, base) => (base === undefined ? '' : ` (${(mine / base).toFixed(2)}x the baseline's)`);

try {
  // (a) load → interactive, 50 steps; builds alternate load by load, so both see the same machine.
  for (const build of builds) await loadToInteractive(build, 'bench50_flow.py', small.steps); // warm-up (disk cache, engine JIT)
  for (const build of builds) build.loads = [];
  for (let i = 0; i < repeat; i += 1) for (const build of builds) build.loads.push(await loadToInteractive(build, 'bench50_flow.py', small.steps));
  // (b) panning, 500 steps
  for (const build of builds) build.pans = await pans(build);

  console.log(`Canvas bench (Chromium ${browser.version()}, headless, software rendering; ${repeat} loads${builds.length > 1 ? `; alternating with the baseline build at ${baselineApp}` : ''})`);
  const [mine, base] = builds;
  for (const build of builds) {
    const other = build === mine ? base : undefined;
    const { fit, drawnFit, zoomed, drawnZoomed, zoomPercent } = build.pans;
    if (builds.length > 1) console.log(`${build.name}:`);
    console.log(`  load → interactive, ${small.steps}-step flow: median ${ms(median(build.loads))} (runs: ${build.loads.map((v) => v.toFixed(0)).join(', ')} ms; target < 1000 ms)${other ? ratio(median(build.loads), median(other.loads)) : ''}`);
    console.log(`  script loaded by then: ${build.scriptKb.toFixed(0)} kB; first chunk ${build.chunk.name} ${(build.chunk.bytes / 1024).toFixed(0)} kB`);
    console.log(`  pan ${large.steps}-step flow, fit view (${drawnFit} nodes drawn): median frame ${ms(median(fit))}, p95 ${ms(p95(fit))}, ${fit.length} frames; main-thread work ${ms(fit.workPerFrame)} per frame (target median < 16 ms; rAF is vsync-locked at 60 Hz, so 16.7 ms means no frame dropped)${other ? ratio(fit.workPerFrame, other.pans.fit.workPerFrame).replace('x', 'x work per frame') : ''}`);
    console.log(`  pan ${large.steps}-step flow, ${zoomPercent} % zoom (${drawnZoomed} nodes drawn): median frame ${ms(median(zoomed))}, p95 ${ms(p95(zoomed))}, ${zoomed.length} frames; main-thread work ${ms(zoomed.workPerFrame)} per frame`);
  }
} finally {
  await browser.close();
  for (const build of builds) build.server.close();
}
