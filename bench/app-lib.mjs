// What the app benches share: generated flows, a `flowbench serve` over a throwaway home, and
// Debian's Chromium with the flags this machine needs (builds nothing: `npm run build` first).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
/* global document, window, requestAnimationFrame -- functions passed to page.evaluate run in the page */

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
export const p95 = (v) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(v.length * 0.95))];
export const ms = (v) => `${v.toFixed(1)} ms`;

/**
 * A flow of about `total` steps: start → a branch into `lanes` chains → a join → end, so the
 * layout is two-dimensional like real flows, not one long column.
 */
export function generateFlow(className, total, lanes) {
  // start, fan, gather and end plus the lanes' steps, the remainder spread over the first lanes.
  const laneLength = (l) => Math.floor((total - 4) / lanes) + (l < (total - 4) % lanes ? 1 : 0);
  const out = ['from flowbench import FlowSpec, step', '', '', `class ${className}(FlowSpec):`];
  const method = (name, body, next, join = false) =>
    out.push('    @step', `    def ${name}(self${join ? ', inputs' : ''}):`, `        ${body}`, `        self.next(${next})`, '');
  const heads = Array.from({ length: lanes }, (_, l) => `self.l${l}_0`).join(', ');
  method('start', 'self.x = 1', `self.fan`);
  method('fan', 'self.x = 2', heads);
  for (let l = 0; l < lanes; l += 1) {
    const length = laneLength(l);
    for (let i = 0; i < length; i += 1) {
      method(`l${l}_${i}`, `self.x = ${i}`, i === length - 1 ? 'self.gather' : `self.l${l}_${i + 1}`);
    }
  }
  method('gather', 'self.x = len(inputs)', 'self.end', true);
  out.push('    @step', '    def end(self):', '        pass', '');
  return { source: out.join('\n'), steps: total };
}

/** Debian's Chromium, headless, with the flags this machine needs. */
export function launchChromium() {
  return chromium.launch({ executablePath: process.env.FLOWBENCH_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * `flowbench serve` of the Flowbench built at `app` (this checkout by default; the bench's
 * baseline is another build) over a fresh home, in a folder holding `flows` ({ file: source }).
 * `openUrl(file)` is the page that opens one of them; `close()` stops the server.
 */
export async function startServer(flows, app = root) {
  for (const built of ['out/cli/flowbench.cjs', 'out/renderer/index.html']) {
    if (!existsSync(join(app, built))) throw new Error(`${join(app, built)} is missing: run "npm run build" there first.`);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'flowbench-bench-app-'));
  const folder = join(tmp, 'flows');
  mkdirSync(folder);
  mkdirSync(join(tmp, 'home'));
  for (const [file, source] of Object.entries(flows)) writeFileSync(join(folder, file), source);
  const server = spawn(process.execPath, [join(app, 'bin/flowbench.cjs'), 'serve', '--port', '0', '--no-open'], {
    cwd: folder,
    env: { ...process.env, FLOWBENCH_HOME: join(tmp, 'home') },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const url = await new Promise((ok, fail) => {
    server.once('exit', (code) => fail(new Error(`flowbench serve exited (${code})`)));
    createInterface({ input: server.stdout }).once('line', (line) => ok(line.replace(/^.* at /, '').trim()));
  });
  return {
    openUrl: (file) => `${url}&open=${encodeURIComponent(join(folder, file))}`,
    close: () => {
      server.kill('SIGTERM');
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** The size in bytes of the script index.html loads first (the first screen's chunk), and its name. */
export function firstChunk(app = root) {
  const html = readFileSync(join(app, 'out/renderer/index.html'), 'utf8');
  const src = /<script[^>]*type="module"[^>]*src="\.?\/?([^"]+)"/.exec(html)?.[1];
  if (src === undefined) throw new Error('out/renderer/index.html loads no module script.');
  return { name: src, bytes: statSync(join(app, 'out/renderer', src)).size };
}

/**
 * A point just left of the flow's leftmost node: empty at every height, so dragging up and down
 * from it pans the view (and never drags a node), at any zoom.
 */
export async function emptyPointLeftOfFlow(page) {
  const box = await page.getByTestId('canvas').boundingBox();
  const left = await page.evaluate(() => Math.min(...[...document.querySelectorAll('.react-flow__node')].map((n) => n.getBoundingClientRect().left)));
  return { x: Math.max(box.x + 4, left - 6), y: box.y + box.height / 2 };
}

/**
 * rAF deltas while dragging the view up and down for ~2 s from (x, y), and the renderer's
 * main-thread work per frame over the same time (Chrome's TaskDuration, from the DevTools
 * protocol): rAF deltas are locked to 60 Hz and read 16.7 ms for every frame that was on time,
 * so the work per frame is what says how much room a frame has left.
 */
export async function panFrames(page, { x, y }) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  const busyBefore = await taskSeconds();
  await page.evaluate(() => {
    const w = window;
    w.__frames = [];
    w.__recording = true;
    let last = performance.now();
    const tick = (now) => {
      w.__frames.push(now - last);
      last = now;
      if (w.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.mouse.move(x, y);
  await page.mouse.down();
  const started = Date.now();
  for (let i = 1; Date.now() - started < 2000; i += 1) {
    await page.mouse.move(x, y + Math.sin(i / 15) * 300);
    await page.waitForTimeout(4);
  }
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    const w = window;
    w.__recording = false;
    return w.__frames.slice(2); // the first deltas include the recorder's start
  });
  const busyMs = ((await taskSeconds()) - busyBefore) * 1000;
  await cdp.detach();
  frames.workPerFrame = busyMs / (frames.length + 2);
  return frames;
}
