#!/usr/bin/env node
// Docker over SSH against the test sshd (which serves this machine's engine), in one run:
//   (a) the whole command as a person runs it: `flowbench run linear5_flow.py --backend
//       remote:tunnel`, alternated with the same command on `--backend docker` (the same engine
//       without SSH: the floor), BENCH_REPEAT rounds, medians;
//   (b) a Docker API call, three ways: docker-modem's own SSH transport (a new SSH login and a
//       `docker system dial-stdio` per call); the engine's dialer with a new channel per call (one
//       shared login, but a command started by the remote shell per call); and the Docker target
//       as the engine uses it (the dialer's agent, which keeps channels for the next call).
//
//   npm run bench:docker-ssh        (run `npm run build` first; needs scripts/provision.sh remote-ssh)
//   BENCH_CALLS=20 BENCH_REPEAT=5 npm run bench:docker-ssh
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import Docker from 'dockerode';
import { benchFlow, benchHome, engine, flowbenchCommand, median } from './lib.mjs';

const { remoteDockerTarget } = await engine('backends/docker/docker-connection.js');
const { SshDialer } = await engine('backends/docker/ssh-dialer.js');
const { parseKnownHosts } = await engine('backends/docker/known-hosts.js');

const calls = Number(process.env.BENCH_CALLS ?? 10);
// The test host as engine/testing/docker-targets.ts describes it.
const remoteDockerDir = process.env.FLOWBENCH_REMOTE_DOCKER_DIR ?? '/var/lib/flowbench-remote-docker';
const port = Number(process.env.FLOWBENCH_REMOTE_SSH_PORT ?? 22220);
const config = { protocol: 'ssh', host: '127.0.0.1', port, username: 'root', privateKey: join(remoteDockerDir, 'ssh', 'id_ed25519'), knownHosts: join(remoteDockerDir, 'ssh', 'known_hosts') };
if (!existsSync(config.knownHosts)) {
  console.log(`skipped: no test SSH host (no known_hosts in ${remoteDockerDir}/ssh; run "bash scripts/provision.sh remote-ssh")`);
  process.exit(0);
}

/** (a) Milliseconds of `flowbench run linear5_flow.py --backend NAME`, the whole command. */
const repeat = Number(process.env.BENCH_REPEAT ?? 3);
const { home, config: settings, remove } = benchHome();
writeFileSync(join(home, 'config.json'), JSON.stringify({ dockerHosts: { tunnel: config } }));
const runMs = (backend) =>
  flowbenchCommand(['run', benchFlow('linear5_flow.py'), '--backend', backend], { FLOWBENCH_HOME: home, FLOWBENCH_PYTHON: settings.python }).ms;
const whole = { docker: [], 'remote:tunnel': [] };
try {
  for (let round = 0; round < repeat; round += 1) for (const backend of Object.keys(whole)) whole[backend].push(runMs(backend));
} finally {
  remove();
}
console.log(`(a) flowbench run linear5_flow.py, the whole command (median of ${repeat} rounds, alternated)`);
console.log(`  --backend docker (this machine's engine, no SSH)          ${median(whole.docker).toFixed(0).padStart(6)} ms  1.00x`);
console.log(`  --backend remote:tunnel (the same engine, over SSH)       ${median(whole['remote:tunnel']).toFixed(0).padStart(6)} ms  ${(median(whole['remote:tunnel']) / median(whole.docker)).toFixed(2)}x`);

/** Milliseconds per call for `calls` sequential `version()` calls. */
async function perCall(docker) {
  const times = [];
  for (let i = 0; i < calls; i += 1) {
    const started = performance.now();
    await docker.version();
    times.push(performance.now() - started);
  }
  return { mean: times.reduce((a, b) => a + b, 0) / calls, median: median(times) };
}

// The path before: docker-modem's SSH transport (prints DEP0170 for its ssh: URLs; not ours to hide here).
const old = new Docker({ protocol: 'ssh', host: config.host, port, username: config.username, sshOptions: { privateKey: readFileSync(config.privateKey) } });
// A channel per call: an agent that keeps nothing.
const knownHosts = { path: config.knownHosts, keys: parseKnownHosts(readFileSync(config.knownHosts, 'utf8')) };
const dialer = new SshDialer({ host: config.host, port, username: config.username, privateKey: readFileSync(config.privateKey), knownHosts });
const channelPerCall = new Agent({ keepAlive: false });
channelPerCall.createConnection = (_options, callback) => void dialer.dial().then((stream) => callback(null, stream), callback);
const oneLogin = new Docker({ protocol: 'http', host: config.host, port, agent: channelPerCall });
const target = remoteDockerTarget('bench', config);
try {
  await oneLogin.version(); // the logins, once each, as a run pays them
  await target.docker.version();
  const before = await perCall(old);
  const perChannel = await perCall(oneLogin);
  const after = await perCall(target.docker);
  const row = (name, { mean, median: m }) => `  ${name.padEnd(52)} ${mean.toFixed(0).padStart(6)} ms/call (median ${m.toFixed(0)})  ${(mean / before.mean).toFixed(2)}x`;
  console.log(`(b) ${calls} sequential docker.version() calls over SSH to 127.0.0.1:${port}`);
  console.log(row('docker-modem ssh transport (a login per call)', before));
  console.log(row('one shared login, a new channel per call', perChannel));
  console.log(row('the engine: one shared login, channels kept', after));
  console.log(`  ratio (engine / docker-modem) ${(after.mean / before.mean).toFixed(2)}`);
} finally {
  await Promise.all([target.close(), dialer.close()]);
}
