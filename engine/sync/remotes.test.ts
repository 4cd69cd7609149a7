import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempHome } from '../testing/cli-harness.js';
import { parseRemoteUrl } from './remote-url.js';

describe('flowbench remote', () => {
  it('adds remotes (the first is the default), lists and removes them, keeping the rest of config.json', async () => {
    const home = await tempHome();
    await writeFile(join(home, 'config.json'), JSON.stringify({ python: '/usr/bin/python3', dockerHosts: {} }));
    expect((await cli(['remote', 'add', 'team', 's3://team-bucket/ml/flowbench', '--endpoint', 'http://127.0.0.1:9000'], home)).stderr).toBe(
      'Added remote team → s3://team-bucket/ml/flowbench at http://127.0.0.1:9000 (the default).\n',
    );
    expect((await cli(['remote', 'add', 'aws', 's3://other', '--region', 'eu-west-1', '--profile', 'work'], home)).code).toBe(0);
    const listed = await cli(['remote', 'list', '--json'], home);
    expect(JSON.parse(listed.stdout)).toEqual([
      { name: 'team', url: 's3://team-bucket/ml/flowbench', endpoint: 'http://127.0.0.1:9000', isDefault: true },
      { name: 'aws', url: 's3://other', isDefault: false },
    ]);
    expect((await cli(['remote', 'list'], home)).stdout).toMatch(/^team \*\s+s3:\/\/team-bucket\/ml\/flowbench\s+http:\/\/127\.0\.0\.1:9000\naws\s+s3:\/\/other/);
    const config = JSON.parse(await readFile(join(home, 'config.json'), 'utf8'));
    expect(config).toEqual({
      python: '/usr/bin/python3',
      dockerHosts: {},
      remotes: {
        team: { url: 's3://team-bucket/ml/flowbench', endpoint: 'http://127.0.0.1:9000' },
        aws: { url: 's3://other', region: 'eu-west-1', profile: 'work' },
      },
      defaultRemote: 'team',
    });
    // Removing the default makes the next one the default; no temporary file is left behind.
    expect((await cli(['remote', 'remove', 'team'], home)).code).toBe(0);
    expect(JSON.parse((await cli(['remote', 'list', '--json'], home)).stdout)).toEqual([{ name: 'aws', url: 's3://other', isDefault: true }]);
    expect((await readdir(home)).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('refuses bad input in one sentence and changes nothing', async () => {
    const home = await tempHome();
    await cli(['remote', 'add', 'team', 's3://team-bucket'], home);
    const before = await readFile(join(home, 'config.json'), 'utf8');
    const cases: [string[], RegExp][] = [
      [['remote', 'add', 'x', 'https://bucket/p'], /is not a remote URL \(it must start with s3:\/\/\)/],
      [['remote', 'add', 'x', 's3://Bad_Bucket'], /"Bad_Bucket" is not a valid bucket name/],
      [['remote', 'add', 'x', 's3://bucket/../../etc'], /the prefix "\.\.\/\.\.\/etc" may hold only/],
      [['remote', 'add', '../x', 's3://bucket'], /is not a remote name/],
      [['remote', 'add', 'team', 's3://bucket'], /A remote "team" exists already/],
      [['remote', 'add', 'x', 's3://bucket', '--endpoint', 'http://key:secret@127.0.0.1:9000'], /must not carry a user name or password/],
      [['remote', 'add', 'x', 's3://bucket', '--endpoint', 'ftp://127.0.0.1'], /must be an http:\/\/ or https:\/\/ URL/],
      [['remote', 'remove', 'nope'], /There is no remote "nope"/],
      [['push', '--remote', 'nope'], /There is no remote "nope"\. Remotes: team\./],
      [['tag', 'add', 'F/01M8SVWNXB7QQTQK6SA9X8NBBG', 'two words'], /is not a tag/],
      [['fetch-blob', 'abc'], /Not a sha256 digest/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args, home);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(await readFile(join(home, 'config.json'), 'utf8')).toBe(before);
    expect((await cli(['push'], await tempHome())).stderr).toMatch(/^flowbench: No remote is configured\. Add one with "flowbench remote add NAME s3:\/\/BUCKET\/PREFIX"\.\n$/);
  });

  it('reads s3:// URLs into a bucket and a prefix that ends in a slash', () => {
    expect(parseRemoteUrl('s3://team-bucket')).toEqual({ bucket: 'team-bucket', prefix: '' });
    expect(parseRemoteUrl('s3://team-bucket/')).toEqual({ bucket: 'team-bucket', prefix: '' });
    expect(parseRemoteUrl('s3://team-bucket/ml/flowbench/')).toEqual({ bucket: 'team-bucket', prefix: 'ml/flowbench/' });
  });
});
