import { describe, expect, it } from 'vitest';
import { newRunId } from '../store/run-id.js';
import { CLOCK_SKEW_MS, journalKeyTime, listStartFor, newJournalKey, parseJournalEntry } from './journal.js';

describe('the journal', () => {
  it('keys sort by time, and a listing starts a clock skew before the last key read', () => {
    const now = Date.UTC(2026, 11, 1, 12, 0, 0);
    const key = newJournalKey(now);
    expect(key).toMatch(/^journal\/[0-9A-Z]{26}\.json$/);
    expect(journalKeyTime(key)).toBe(now);
    const start = listStartFor(key)!;
    // An entry made by a machine whose clock is a minute behind still sorts after the start.
    expect(`journal/${newRunId(now - 60_000)}.json` > start).toBe(true);
    expect(`journal/${newRunId(now - CLOCK_SKEW_MS - 1000)}.json` < start).toBe(true);
    expect(listStartFor(null)).toBeUndefined();
  });

  it('refuses an entry whose names could leave the store, naming where it came from', () => {
    const bundle = { version: 1, run: { flow: 'F', runId: '../../x', codeSha: 'a'.repeat(64) }, end: {}, tasks: [] };
    const entry = Buffer.from(JSON.stringify({ version: 1, user: 'm', at: '', runs: [bundle], tags: [] }));
    expect(() => parseJournalEntry(entry, 's3://b/journal/X.json')).toThrow('The run bundle s3://b/journal/X.json is corrupt (bad flow name or run id); it was not used.');
    const badStep = { ...bundle, run: { ...bundle.run, runId: 'R' }, tasks: [{ step: '../s', taskId: '1', attempts: [] }] };
    expect(() => parseJournalEntry(Buffer.from(JSON.stringify({ version: 1, runs: [badStep], tags: [] })), 'k')).toThrow(/bad task/);
    const badTag = { version: 1, runs: [], tags: [{ flow: 'F', runId: 'R', eventId: '../../evil', event: {} }] };
    expect(() => parseJournalEntry(Buffer.from(JSON.stringify(badTag)), 'k')).toThrow(/bad tag event name/);
    expect(() => parseJournalEntry(Buffer.from('{"version": 1, "runs": [tru'), 'k')).toThrow(/^The journal entry k is corrupt/);
  });
});
