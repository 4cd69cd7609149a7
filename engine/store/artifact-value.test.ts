import { describe, expect, it } from 'vitest';
import { tempHome } from '../testing/cli-harness.js';
import { stringifyExactJson } from '../util/exact-json.js';
import { readArtifactValue } from './artifact-value.js';
import { RunStore } from './run-store.js';

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
