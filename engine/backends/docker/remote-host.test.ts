/**
 * Remote Docker hosts, against a second engine with TLS on a loopback port (scripts/provision.sh
 * remote-docker): a run goes there with no shared filesystem, and each way of failing names the
 * host and what to do.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, collect, fixture, runFlow, spawnCli, tempHome } from '../../testing/cli-harness.js';
import { remoteDocker, remoteDockerDir, remoteHostConfig, skipUnless, sshDocker, sshHostConfig, writeDockerHosts } from '../../testing/docker-targets.js';

describe.skipIf(skipUnless(remoteDocker))(`remote Docker hosts${skipUnless(remoteDocker) ? ` (skipped: ${remoteDocker.reason})` : ''}`, () => {
  it('runs a foreach on a remote host and brings every artifact back into the local store', async () => {
    const home = await tempHome();
    await writeDockerHosts(home, { lab: remoteHostConfig() });
    const { code, result, stderr } = await runFlow(fixture('foreach_flow.py'), home, ['--backend', 'remote:lab', '--param', 'width=3']);
    expect(code, stderr).toBe(0);
    expect(JSON.parse((await cli(['artifact', `${result.pathspec}/join`, 'scores', '--json'], home)).stdout)).toHaveLength(3);
  }, 60_000);

  it('an unreachable host fails the task naming the host and what to check', async () => {
    const home = await tempHome();
    await writeDockerHosts(home, { gone: remoteHostConfig('right', 1) });
    const { code, stderr } = await runFlow(fixture('linear_flow.py'), home, ['--backend', 'remote:gone']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/Docker host "gone" \(tcp:\/\/127\.0\.0\.1:1, TLS\) cannot be reached \(ECONNREFUSED\)\. Check that its engine listens there/);
  });

  it('a certificate the host refuses fails the task naming the host and the certificate problem', async () => {
    const home = await tempHome();
    await writeDockerHosts(home, { lab: remoteHostConfig('wrong') });
    const { code, stderr } = await runFlow(fixture('linear_flow.py'), home, ['--backend', 'remote:lab']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/Docker host "lab" \(tcp:\/\/127\.0\.0\.1:\d+, TLS\) refused the TLS handshake .*certificate/);
  });

  it('a host without the image fails the task naming the image, the host and what to do', async () => {
    const home = await tempHome();
    await writeDockerHosts(home, { lab: remoteHostConfig() });
    const { code, stderr } = await runFlow(fixture('linear_flow.py'), home, ['--backend', 'remote:lab', '--image', 'flowbench-test/not-there:1']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/image "flowbench-test\/not-there:1" is not on Docker host "lab" .* and pulling it failed: .+ Load or build it there/);
  }, 60_000);

  it('an unknown host name is refused before anything runs', async () => {
    const home = await tempHome();
    const { code, stderr } = await cli(['run', fixture('linear_flow.py'), '--backend', 'remote:nowhere'], home);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no Docker host "nowhere" in .*config\.json/);
  });
});

describe.skipIf(skipUnless(sshDocker))(`a Docker host over SSH${skipUnless(sshDocker) ? ` (skipped: ${sshDocker.reason})` : ''}`, () => {
  it('runs a branch-and-join flow on an SSH host', async () => {
    const home = await tempHome();
    await writeDockerHosts(home, { tunnel: sshHostConfig() });
    // As its own process, so what Node itself prints (warnings) is in its stderr.
    const { code, stdout, stderr } = await collect(spawnCli(['run', fixture('branch_flow.py'), '--json', '--backend', 'remote:tunnel'], home));
    expect(code, stderr).toBe(0);
    expect(stderr).not.toMatch(/DeprecationWarning|DEP0170/); // docker-modem's own SSH transport spelled its URLs ssh:HOST:PORT
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { pathspec: string };
    expect(JSON.parse((await cli(['artifact', `${result.pathspec}/join`, 'sides', '--json'], home)).stdout)).toEqual(['L', 'R']);
  }, 60_000); // ~9 s for the whole test in the Docker suite on a 2-core machine at load ~3 (one SSH login, kept channels); ~23 s with a new channel per API call

  it('an SSH host that refuses the key fails naming the host and what to check', async () => {
    const home = await tempHome();
    // The sshd's host key is a valid key that is not authorized to log in.
    await writeDockerHosts(home, { tunnel: { ...sshHostConfig(), privateKey: join(remoteDockerDir, 'ssh', 'host_ed25519') } });
    const { code, stderr } = await runFlow(fixture('linear_flow.py'), home, ['--backend', 'remote:tunnel']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/Docker host "tunnel" \(ssh:\/\/root@127\.0\.0\.1:\d+\) refused the SSH login .*Check that "ssh -p \d+ root@127\.0\.0\.1 docker version" works/);
  }, 60_000);
});
