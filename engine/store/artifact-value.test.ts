/**
 * Viewing an artifact never runs its code in the engine: a pickle's repr comes from a separate,
 * short-lived Python process with a time limit, and its failure is shown as a message.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { tempHome } from '../testing/cli-harness.js';
import { stringifyExactJson } from '../util/exact-json.js';
import { PULLED_PICKLE_MESSAGE, readArtifactValue } from './artifact-value.js';
import { RunStore } from './run-store.js';

const python = loadConfig(process.env).python;

/** A pickle made by Python itself: `setup` assigns `value` (with `time` and `pickle` imported). */
function pickleOf(setup: string): Buffer {
  return execFileSync(python, ['-c', `import pickle, sys, time\n${setup}\nsys.stdout.buffer.write(pickle.dumps(value, protocol=4))`]);
}

async function stored(bytes: Buffer) {
  const store = RunStore.open(await tempHome());
  const sha = await store.blobs.putBytes(bytes);
  return { store, artifact: { sha, encoding: 'pickle' as const, type: 'Thing', size: bytes.length, preview: '<Thing preview>' } };
}

describe('readArtifactValue of a pickle', () => {
  it('shows its repr, made by Python', async () => {
    const { store, artifact } = await stored(pickleOf('value = {1, 2, 3}'));
    expect(await readArtifactValue(store.blobs, artifact, { python })).toEqual({ kind: 'repr', repr: '{1, 2, 3}' });
  });

  it('stops an unpickling that takes too long and says so, with the stored preview', async () => {
    const setup = 'class Slow:\n    def __reduce__(self):\n        return (time.sleep, (30,))\nvalue = Slow()';
    const { store, artifact } = await stored(pickleOf(setup));
    const started = Date.now();
    const value = await readArtifactValue(store.blobs, artifact, { python, timeLimitMs: 500 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(value).toEqual({ kind: 'repr', repr: '<Thing preview>', message: 'The saved preview is shown: unpickling it took longer than 0.5 s and was stopped.' });
  });

  it("never unpickles a teammate's pickle: a pickle that would write a file shows its saved preview instead", async () => {
    const marker = `${await tempHome()}/unpickled`;
    const setup = `class Evil:\n    def __reduce__(self):\n        return (open, (${JSON.stringify(marker)}, 'w'))\nvalue = Evil()`;
    const { store, artifact } = await stored(pickleOf(setup));
    const value = await readArtifactValue(store.blobs, artifact, { python, unpickle: false });
    expect(value).toEqual({ kind: 'repr', repr: '<Thing preview>', message: PULLED_PICKLE_MESSAGE });
    expect(existsSync(marker)).toBe(false);
    // The same pickle of one's own run is unpickled (in its own process): the file appears.
    await readArtifactValue(store.blobs, artifact, { python });
    expect(existsSync(marker)).toBe(true);
  });

  it('says why when the class cannot be found', async () => {
    const bytes = Buffer.from(pickleOf('import fractions\nvalue = fractions.Fraction(1, 3)').toString('latin1').replace('fractions', 'fractionz'), 'latin1');
    const { store, artifact } = await stored(bytes);
    const value = await readArtifactValue(store.blobs, artifact, { python });
    expect(value).toMatchObject({ kind: 'repr', repr: '<Thing preview>', message: expect.stringMatching(/unpickling it failed: ModuleNotFoundError: No module named 'fractionz'/) });
  });
});

describe('readArtifactValue and integers beyond 2^53', () => {
  it('never rounds: exact for the CLI, exact digits as strings for the API', async () => {
    const store = RunStore.open(await tempHome());
    // As Python's json writes them: 2**60 + 1 and a float 2.0.
    const text = '{"n":1152921504606846977,"x":2.0,"items":[1152921504606846976,-9223372036854775807]}';
    const sha = await store.blobs.putBytes(Buffer.from(text));
    const artifact = { sha, encoding: 'json' as const, type: 'dict', size: text.length, preview: '' };
    const exact = await readArtifactValue(store.blobs, artifact, { python: 'python3', exact: true });
    expect(exact.kind === 'json' && stringifyExactJson(exact.value)).toBe(text);
    // The API: what JSON carries to a browser without loss.
    const plain = await readArtifactValue(store.blobs, artifact, { python: 'python3' });
    expect(plain).toEqual({ kind: 'json', value: { n: '1152921504606846977', x: 2, items: ['1152921504606846976', '-9223372036854775807'] } });
    expect(JSON.parse(JSON.stringify(plain))).toEqual(plain);
  });
});
