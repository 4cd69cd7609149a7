import { describe, expect, test } from 'vitest';
import { API_METHODS } from '../engine/api/contract.js';
import { testApi } from '../engine/api/test-support/test-api.js';
import { handleCall, isAppSender, registerApi, type InvokeEventLike, type IpcMainLike } from './ipc.js';

const APP = { webContentsId: 3, appUrl: 'file:///opt/Flowbench/out/renderer/index.html' };
const fromApp: InvokeEventLike = { sender: { id: 3 }, senderFrame: { url: `${APP.appUrl}#/flow`, parent: null } };

describe('the sender check', () => {
  test('accepts the app page in the app window', () => {
    expect(isAppSender(fromApp, APP)).toBe(true);
  });

  test.each([
    ['another window', { sender: { id: 4 }, senderFrame: { url: APP.appUrl, parent: null } }],
    ['a sub-frame', { sender: { id: 3 }, senderFrame: { url: APP.appUrl, parent: {} } }],
    ['a destroyed frame', { sender: { id: 3 }, senderFrame: null }],
    ['a page navigated away', { sender: { id: 3 }, senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['another local file', { sender: { id: 3 }, senderFrame: { url: 'file:///tmp/x.html', parent: null } }],
  ] as const)('refuses %s', (_name, event) => {
    expect(isAppSender(event, APP)).toBe(false);
  });

  test('refuses everything before the window exists', () => {
    expect(isAppSender(fromApp, undefined)).toBe(false);
  });
});

describe('the IPC helper', () => {
  test('registers one channel per contract method and validates through the contract', async () => {
    const handlers = new Map<string, (event: InvokeEventLike, args: unknown) => Promise<unknown>>();
    const ipc: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener), removeHandler: (channel) => void handlers.delete(channel) };
    const t = await testApi({ mode: 'electron' });
    try {
      const unregister = registerApi(ipc, t.api, () => APP);
      expect([...handlers.keys()]).toEqual(API_METHODS.map((m) => `flowbench:${m}`));
      const info = await handlers.get('flowbench:app.info')!(fromApp, {});
      expect(info).toMatchObject({ ok: true, value: { mode: 'electron', user: 'tester' } });
      const bad = await handlers.get('flowbench:flows.open')!(fromApp, { path: 7 });
      expect(bad).toMatchObject({ ok: false, error: { code: 'bad-argument', message: expect.stringContaining('flows.open: invalid arguments: path') } });
      const foreign = await handlers.get('flowbench:app.info')!({ ...fromApp, sender: { id: 99 } }, {});
      expect(foreign).toMatchObject({ ok: false, error: { code: 'bad-argument', message: expect.stringContaining('did not come from the Flowbench window') } });
      unregister();
      expect(handlers.size).toBe(0);
    } finally {
      await t.close();
    }
  });

  test('a handler that fails becomes an error value, never a throw', async () => {
    const api = { dispatch: async () => ({ ok: false as const, error: { code: 'internal' as const, message: 'boom' } }) };
    await expect(handleCall(api, 'app.info', fromApp, {}, APP)).resolves.toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
  });

  test.each([
    ['rejects', { dispatch: async () => Promise.reject(new Error('the store vanished')) }, 'the store vanished'],
    ['throws before returning a promise', { dispatch: () => { throw new TypeError('x is undefined'); } }, 'x is undefined'],
    ['throws a non-Error', { dispatch: async () => Promise.reject('plain string') }, 'plain string'],
  ])('a dispatch that %s still answers with an error value', async (_name, api, message) => {
    const handlers = new Map<string, (event: InvokeEventLike, args: unknown) => Promise<unknown>>();
    const ipc: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener), removeHandler: () => undefined };
    registerApi(ipc, api as never, () => APP);
    await expect(handlers.get('flowbench:runs.list')!(fromApp, {})).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: `runs.list failed inside Flowbench: ${message}` },
    });
  });
});
