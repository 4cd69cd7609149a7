/**
 * Pictures are saved as images by the task that made them (PNG/JPEG bytes as they are, a
 * matplotlib figure rendered to PNG there), so showing one reads a blob and runs no Python.
 * scripts/provision.sh installs python3-matplotlib for this.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readArtifactValue } from '../store/artifact-value.js';
import type { TaskRecord } from '../store/records.js';
import { RunStore } from '../store/run-store.js';
import { cli, runFlow, tempHome } from '../testing/cli-harness.js';

describe('image artifacts', () => {
  it('records a matplotlib figure as a PNG and JPEG bytes as a JPEG; other bytes stay a repr', async () => {
    const home = await tempHome();
    const run = await runFlow(join(import.meta.dirname, 'fixtures', 'figure_flow.py'), home);
    expect(run.code, run.stderr).toBe(0);
    const store = RunStore.open(home);
    const [start] = (await store.listTasks('FigureFlow', run.result.run)).filter((task: TaskRecord) => task.step === 'start');
    const { fig, jpeg, raw } = start!.artifacts;
    expect(fig!.type).toBe('matplotlib.figure.Figure');
    expect(fig!.image?.mime).toBe('image/png');
    expect(jpeg!.image?.mime).toBe('image/jpeg');
    expect(raw!.image).toBeUndefined();
    // Showing it runs nothing: a Python that does not exist is never needed.
    const shown = await readArtifactValue(store.blobs, fig!, { python: '/nonexistent/python' });
    expect(shown.kind).toBe('image');
    const png = Buffer.from((shown as { base64: string }).base64, 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(100); // 2 in × 50 dpi
    // The end step inherits the figure: same record, same image.
    const [end] = (await store.listTasks('FigureFlow', run.result.run)).filter((task: TaskRecord) => task.step === 'end');
    expect(end!.artifacts.fig!.image).toEqual(fig!.image);
    const printed = await cli(['artifact', `${run.result.pathspec}/start`, 'jpeg'], home);
    expect(printed.stdout).toMatch(/image\/jpeg image, 20 bytes/);
    const query = await cli(['query', "SELECT name, image_mime FROM artifacts WHERE step = 'start' AND image_sha256 IS NOT NULL ORDER BY name", '--json'], home);
    expect(JSON.parse(query.stdout)).toEqual([
      { name: 'fig', image_mime: 'image/png' },
      { name: 'jpeg', image_mime: 'image/jpeg' },
    ]);
  }, 120_000);
});
