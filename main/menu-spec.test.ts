import { describe, expect, test } from 'vitest';
import { menuSpec, type MenuItemSpec } from './menu-spec.js';
import { runNotification } from './run-notification.js';

const labelled = (items: readonly MenuItemSpec[]) => items.filter((i): i is Extract<MenuItemSpec, { action: unknown }> => 'action' in i && i.label !== undefined);

describe('menus', () => {
  test.each(['linux', 'darwin', 'win32'] as const)('has every menu item of the issue on %s, with unique accelerators', (platform) => {
    const spec = menuSpec(platform);
    const byMenu = Object.fromEntries(spec.map((m) => [m.label, labelled(m.items).map((i) => i.label)]));
    expect(byMenu['File']).toEqual(expect.arrayContaining(['New Flow from Template…', 'Open Flow…', 'Open Folder…', 'Save As…']));
    expect(byMenu['Edit']).toEqual(['Undo', 'Redo']);
    expect(byMenu['View']).toEqual(['Fit', 'Auto Layout', 'Toggle Theme']);
    expect(byMenu['Run']).toEqual(['Run…', 'Cancel Run']);
    const accelerators = spec.flatMap((m) => labelled(m.items).map((i) => i.accelerator)).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  test('undo and redo are forwarded to the renderer, not handled natively', () => {
    const edit = menuSpec('linux').find((m) => m.label === 'Edit')!;
    expect(labelled(edit.items).map((i) => i.action)).toEqual([
      { kind: 'command', command: 'undo' },
      { kind: 'command', command: 'redo' },
    ]);
  });
});

describe('run notifications', () => {
  test('one when a run ends, none otherwise', () => {
    const finished = (status: 'succeeded' | 'failed' | 'cancelled', message?: string) =>
      runNotification({ event: 'run.event', payload: { pathspec: 'F/1', event: { type: 'run-finished', status, ...(message ? { message } : {}) } } });
    expect(finished('succeeded')).toEqual({ title: 'Run succeeded', body: 'F/1' });
    expect(finished('failed', 'Step "a" failed')).toEqual({ title: 'Run failed', body: 'F/1: Step "a" failed' });
    expect(finished('cancelled')).toEqual({ title: 'Run cancelled', body: 'F/1' });
    expect(runNotification({ event: 'run.event', payload: { pathspec: 'F/1', event: { type: 'task-queued', step: 'a', taskId: '1' } } })).toBeNull();
  });
});
