import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { API_METHODS, BRIDGE_NAMES, bridgeName, isApiMethod, parseArgs, wireRequestSchema } from './contract.js';

describe('the method list', () => {
  test('holds every request of docs/app-plan.md, in order', () => {
    expect(API_METHODS).toEqual([
      'app.info',
      'fs.list',
      'flows.open',
      'flows.create',
      'flows.edit',
      'flows.setSource',
      'flows.undo',
      'flows.redo',
      'flows.setPositions',
      'runs.start',
      'runs.resume',
      'runs.cancel',
      'runs.list',
      'runs.get',
      'tasks.logs',
      'artifacts.get',
      'artifacts.list',
      'artifacts.page',
      'artifacts.summary',
      'query.run',
      'query.cancel',
      'query.export',
      'query.schema',
      'runs.compare',
      'metrics.series',
      'namespaces.list',
      'tags.add',
      'tags.remove',
      'sync.status',
      'sync.run',
    ]);
  });

  test('maps each method to a camelCase bridge name', () => {
    expect(bridgeName('flows.open')).toBe('flowsOpen');
    expect(bridgeName('flows.setPositions')).toBe('flowsSetPositions');
    expect(BRIDGE_NAMES['app.info']).toBe('appInfo');
    expect(BRIDGE_NAMES['artifacts.get']).toBe('artifactsGet');
    expect(new Set(Object.values(BRIDGE_NAMES)).size).toBe(API_METHODS.length);
  });

  test('isApiMethod knows the contract and nothing inherited', () => {
    expect(isApiMethod('runs.get')).toBe(true);
    expect(isApiMethod('toString')).toBe(false);
    expect(isApiMethod('__proto__')).toBe(false);
    expect(isApiMethod(42)).toBe(false);
  });

  test('imports nothing from Node (the renderer and the preload compile it)', () => {
    // Values come from zod, or from a sibling module of the contract held to the same rule
    // (event-schemas.ts); everything else is `import type`.
    const check = (file: string): void => {
      const source = readFileSync(new URL(file, import.meta.url), 'utf8');
      const imports = [...source.matchAll(/^import\s+(type\s+)?.*from\s+'([^']+)'/gm)].map((m) => ({ type: Boolean(m[1]), from: m[2]! }));
      for (const { type, from } of imports) {
        expect(from).not.toMatch(/^node:/);
        if (type || from === 'zod') continue;
        expect(from).toMatch(/^\.\/[a-z-]+\.js$/);
        check(from.replace(/\.js$/, '.ts'));
      }
    };
    check('./contract.ts');
  });
});

describe('argument validation', () => {
  test('accepts good arguments and applies defaults', () => {
    const parsed = parseArgs('runs.start', { path: 'flow.py' });
    expect(parsed).toEqual({ ok: true, value: { path: 'flow.py', parameters: {}, tags: [] } });
    expect(parseArgs('app.info', undefined)).toEqual({ ok: true, value: {} });
  });

  test.each([
    ['flows.open', {}, 'flows.open: invalid arguments: path:'],
    ['flows.open', { path: '' }, 'path: a path is required'],
    ['flows.open', { path: 'a\0b' }, 'path: the path contains a NUL character'],
    ['flows.open', { path: 'f.py', extra: 1 }, 'extra'],
    ['flows.create', { path: 'f.py', template: 'huge' }, 'template'],
    ['flows.create', { path: 'f.py', template: 'empty', flowName: 'not valid' }, 'the flow name must be a Python identifier'],
    ['runs.start', { path: 'f.py', maxWorkers: 0 }, 'maxWorkers must be at least 1'],
    ['runs.start', { path: 'f.py', parameters: { alpha: 1 } }, 'parameters.alpha'],
    ['flows.setPositions', { path: 'f.py', positions: { start: { x: 'left', y: 0 } } }, 'positions.start.x'],
    ['tasks.logs', { pathspec: 'F/1/start/1', stream: 'stdin' }, 'stream'],
    ['flows.edit', { path: 'f.py', edit: { type: 'explode' } }, 'edit.type'],
    ['flows.edit', { path: 'f.py', edit: { type: 'addStep', name: 'a' } }, 'edit.kind'],
  ] as const)('%s %j is refused with a clear message', (method, args, message) => {
    const result = parseArgs(method, args);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('bad-argument');
      expect(result.error.message).toContain(message);
    }
  });

  test('accepts every FlowEdit of the plan', () => {
    const edits = [
      { type: 'addStep', name: 'train', kind: 'foreach' },
      { type: 'connect', from: 'start', to: 'train', caseValue: 'a' },
      { type: 'disconnect', from: 'start', to: 'train' },
      { type: 'deleteStep', name: 'train' },
      { type: 'renameStep', from: 'a', to: 'b' },
      { type: 'duplicateStep', name: 'a', newName: 'a_copy' },
      { type: 'setDecorator', step: 'a', name: 'resources', args: { cpu: 2, env: { A: ['x', null, true] } } },
      { type: 'removeDecorator', step: 'a', name: 'retry' },
      { type: 'setDocstring', step: 'a', docstring: null },
      { type: 'setStepBody', step: 'a', body: 'self.x = 1\nself.next(self.end)' },
      { type: 'addParameter', name: 'alpha', default: 0.5, paramType: 'float', help: 'h', required: false },
      { type: 'updateParameter', name: 'alpha', newName: 'beta', help: null },
      { type: 'removeParameter', name: 'alpha' },
      { type: 'setFlowDecorator', name: 'docker', args: { image: 'python:3.11' } },
      { type: 'removeFlowDecorator', name: 'docker' },
      { type: 'pasteSteps', source: '@step\ndef a(self):\n    pass\n' },
    ];
    for (const edit of edits) expect(parseArgs('flows.edit', { path: 'f.py', edit })).toMatchObject({ ok: true });
  });

  test('the wire request schema refuses what is not a request', () => {
    expect(wireRequestSchema.safeParse({ id: 1, method: 'app.info', args: {} }).success).toBe(true);
    expect(wireRequestSchema.safeParse({ id: {}, method: 'app.info' }).success).toBe(false);
    expect(wireRequestSchema.safeParse({ method: 'app.info' }).success).toBe(false);
  });
});
