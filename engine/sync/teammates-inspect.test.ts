/**
 * Where sync meets the index: a teammate's runs, pulled from a real S3 server into a store whose
 * DuckDB index is already warm, are listed, queried, compared and opened like one's own, and a
 * tag added by either person reaches the other's `runs --json` and SQL `runs.tags`.
 */
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshRemote, skipWithoutS3, useTestCredentials } from '../testing/s3-remote.js';
import { blobPath, taskRecord, teammate, templateHome, type Teammate } from './sync-test-support.js';

interface ListedRun {
  readonly pathspec: string;
  readonly user: string;
  readonly tags: string[];
  readonly pulled?: boolean;
}

describe.skipIf(skipWithoutS3())('teammates’ runs through the index', () => {
  let a: Teammate;
  let b: Teammate;
  let aliceRun: string;
  let bobRun: string;

  beforeAll(async () => {
    useTestCredentials();
    const [alice, bob] = await Promise.all([templateHome('alice'), templateHome('bob')]);
    const remote = await freshRemote();
    [a, b] = await Promise.all([teammate('alice', alice, remote), teammate('bob', bob, remote)]);
    [aliceRun, bobRun] = [alice.pathspec, bob.pathspec];
    await a.sync('push');
    // Bob's index is built (and warm) before the pull: the pulled run must be caught up, not rebuilt.
    expect((await b.cli(['query', 'select count(*) as n from runs', '--json'])).stdout.trim()).toBe('[{"n":1}]');
    expect((await b.sync('sync')).pulled_runs).toBe(1);
    expect((await a.sync('pull')).pulled_runs).toBe(1);
  }, 240_000);

  const runsJson = async (person: Teammate, args: string[]): Promise<ListedRun[]> => {
    const listed = await person.cli(['runs', ...args, '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    return JSON.parse(listed.stdout) as ListedRun[];
  };

  const sqlTags = async (person: Teammate, pathspec: string): Promise<string[]> => {
    const runId = pathspec.split('/')[1];
    const result = await person.cli(['query', `select tags from runs where run_id = '${runId}'`, '--json', '--namespace', 'all']);
    expect(result.code, result.stderr).toBe(0);
    return (JSON.parse(result.stdout) as { tags: string[] }[])[0]!.tags;
  };

  it('lists and queries a teammate’s run, marked pulled', async () => {
    expect((await runsJson(b, [])).map((run) => run.pathspec)).toEqual([bobRun]);
    const hers = await runsJson(b, ['--namespace', 'user:alice']);
    expect(hers.map((run) => [run.pathspec, run.user, run.pulled])).toEqual([[aliceRun, 'alice', true]]);

    // SQL sees one namespace at a time, as the runs list does: mine by default, everyone's with all.
    const mine = await b.cli(['query', 'select run_id from runs', '--json']);
    expect(JSON.parse(mine.stdout)).toEqual([{ run_id: bobRun.split('/')[1] }]);
    const result = await b.cli(['query', 'select run_id, user, pulled from runs order by user', '--json', '--namespace', 'all']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { run_id: aliceRun.split('/')[1], user: 'alice', pulled: true },
      { run_id: bobRun.split('/')[1], user: 'bob', pulled: false },
    ]);
    const params = await b.cli(['query', `select value from params where run_id = '${aliceRun.split('/')[1]}' and name = 'seed'`, '--json', '--namespace', 'user:alice']);
    expect(JSON.parse(params.stdout)).toEqual([{ value: '"alice"' }]);
  });

  it('compares my run with a teammate’s, artifacts by content', async () => {
    const compared = await b.cli(['compare', bobRun, aliceRun, '--json']);
    expect(compared.code, compared.stderr).toBe(0);
    const out = JSON.parse(compared.stdout);
    expect(out.params.find((param: { name: string }) => param.name === 'seed')).toEqual({ name: 'seed', a: 'bob', b: 'alice', same: false });
    const artifact = (step: string, name: string): { same: boolean } =>
      out.artifacts.find((entry: { step: string; name: string }) => entry.step === step && entry.name === name);
    expect(artifact('start', 'shared').same).toBe(true);
    expect(artifact('start', 'mine').same).toBe(false);
    expect(out.tags).toMatchObject({ a: ['user:bob'], b: ['user:alice'] });
    expect(out.code).toBe('');
  });

  it('opens a teammate’s table artifact, fetching its blobs when first read (CLI and SQL)', async () => {
    const table = (await taskRecord(b.home, aliceRun, 'end')).artifacts['table']!;
    expect(existsSync(blobPath(b.home, table.table!.sha))).toBe(false);
    const shown = await b.cli(['artifact', `${aliceRun}/end`, 'table', '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ kind: 'table', columns: ['seed', 'x'], totalRows: 3 });
    expect(existsSync(blobPath(b.home, table.table!.sha))).toBe(true);

    const rows = await b.cli(['query', `select seed, x from artifact('${aliceRun}/end', 'table') order by x`, '--json']);
    expect(rows.code, rows.stderr).toBe(0);
    expect(JSON.parse(rows.stdout)).toEqual([1, 2, 3].map((x) => ({ seed: 'alice', x })));
  });

  it('a tag added by either person reaches the other’s runs --json and SQL runs.tags', async () => {
    expect((await a.cli(['tag', 'add', aliceRun, 'best'])).code).toBe(0);
    await a.sync('push');
    await b.sync('pull');
    expect((await runsJson(b, ['--namespace', 'user:alice']))[0]!.tags).toEqual(['user:alice', 'best']);
    expect(await sqlTags(b, aliceRun)).toEqual(['user:alice', 'best']);
    expect((await runsJson(b, ['--namespace', 'best'])).map((run) => run.pathspec)).toEqual([aliceRun]);

    expect((await b.cli(['tag', 'add', bobRun, 'candidate'])).code).toBe(0);
    expect((await b.cli(['tag', 'remove', aliceRun, 'best'])).code).toBe(0);
    await b.sync('push');
    await a.sync('pull');
    expect((await runsJson(a, ['--namespace', 'all'])).map((run) => [run.pathspec, run.tags])).toEqual(
      expect.arrayContaining([
        [aliceRun, ['user:alice']],
        [bobRun, ['user:bob', 'candidate']],
      ]),
    );
    expect(await sqlTags(a, bobRun)).toEqual(['user:bob', 'candidate']);
    expect(await sqlTags(a, aliceRun)).toEqual(['user:alice']);
  });
});
