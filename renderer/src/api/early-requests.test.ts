import { afterEach, describe, expect, test } from 'vitest';
import { fakeClient } from '../test/fake-flow.js';
import { setClient } from './client.js';
import { requestOrAdopt, sendEarly } from './early-requests.js';

afterEach(() => setClient(null));

describe('early requests', () => {
  test('the first identical request adopts the early answer; later ones ask again', async () => {
    let n = 0;
    const client = fakeClient(() => ({ runs: (n += 1) }));
    setClient(client);
    const early = sendEarly('runs.list', { flow: 'TrainFlow' });
    expect(client.calls).toHaveLength(1);
    expect(await requestOrAdopt('runs.list', { flow: 'TrainFlow' })).toBe(await early);
    expect(client.calls).toHaveLength(1);
    expect(await requestOrAdopt('runs.list', { flow: 'TrainFlow' })).toEqual({ runs: 2 });
    expect(client.calls).toHaveLength(2);
  });

  test('a request with other arguments is its own', async () => {
    const client = fakeClient((_m, args) => args);
    setClient(client);
    void sendEarly('runs.list', { flow: 'TrainFlow' });
    expect(await requestOrAdopt('runs.list', { flow: 'TrainFlow', namespace: 'all' })).toEqual({ flow: 'TrainFlow', namespace: 'all' });
    expect(client.calls).toHaveLength(2);
  });

  test('an early failure reaches the code that adopts it, and is not unhandled before', async () => {
    setClient(fakeClient(() => Promise.reject(new Error('No such file: /x/flow.py'))));
    void sendEarly('flows.open', { path: '/x/flow.py' });
    await new Promise((r) => setTimeout(r, 0));
    await expect(requestOrAdopt('flows.open', { path: '/x/flow.py' })).rejects.toThrow('No such file');
  });
});
