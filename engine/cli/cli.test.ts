/**
 * The CLI's contract for scripts: exit codes, `--json` output, and one clear line for bad input.
 */
import { describe, expect, it } from 'vitest';
import { cli, collect, fixture, runFlow, spawnCli, tempHome } from '../testing/cli-harness.js';

describe('flowbench COMMAND --help', () => {
  it('prints the usage of that command, from the one usage text, and exits 0', async () => {
    const home = await tempHome();
    const run = await cli(['run', '--help'], home);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Usage: flowbench run [options]');
    expect(run.stdout).toContain('--max-workers N');
    expect(run.stdout).toContain('run a flow; progress on stderr');
    expect(run.stdout).not.toContain('resume FLOW.py');
    // `runs` is in two sections: both are shown.
    const runs = await cli(['runs', '-h'], home);
    expect(runs.code).toBe(0);
    expect(runs.stdout).toContain('list runs, newest first');
    expect(runs.stdout).toContain('--namespace user:NAME|TAG|all');
    // An unknown command stays an error, help or not.
    const unknown = await cli(['nope', '--help'], home);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('Unknown command "nope"');
  });

  it('every command the CLI dispatches has its usage', async () => {
    const { USAGE, usageOf } = await import('./main.js');
    const commands = ['run', 'resume', 'runs', 'show', 'artifact', 'logs', 'serve', 'query', 'compare', 'remote', 'push', 'pull', 'sync', 'tag', 'fetch-blob', 'python-path'];
    for (const command of commands) expect(usageOf(command), command).not.toBeNull();
    expect(USAGE.startsWith('Usage: flowbench <command>')).toBe(true);
  });
});

describe('flowbench CLI: a reader that leaves early', () => {
  it('a closed stdout (`flowbench --help | head -1`) ends the command quietly, with its own exit code', async () => {
    const child = spawnCli(['--help'], await tempHome());
    child.stdout?.destroy(); // the reader is gone before the CLI writes
    const result = await collect(child);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('flowbench CLI: bad input gets one clear line and a non-zero exit', () => {
  it('a missing flow file', async () => {
    const out = await cli(['run', '/nowhere/flow.py'], await tempHome());
    expect(out.code).not.toBe(0);
    expect(out.stderr.trim()).toBe('flowbench: /nowhere/flow.py: no such file.');
  });

  it('a Python syntax error, as file:line', async () => {
    const path = fixture('syntax_error_flow.py');
    const out = await cli(['run', path], await tempHome());
    expect(out.code).not.toBe(0);
    expect(out.stderr).toMatch(new RegExp(`^flowbench: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(7|8):`));
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a lint finding, as file:line and its sentence', async () => {
    const path = fixture('lint_error_flow.py');
    const out = await cli(['run', path], await tempHome());
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain(`${path}:7:`);
    expect(out.stderr).toContain('trian');
  });

  it('a run, a step, a task or an artifact that does not exist', async () => {
    const home = await tempHome();
    const missingRun = await cli(['show', 'LinearFlow/01ABCDEFGHJKMNPQRSTVWXYZ00'], home);
    expect(missingRun.code).not.toBe(0);
    expect(missingRun.stderr).toMatch(/Run LinearFlow\/01ABCDEFGHJKMNPQRSTVWXYZ00 does not exist/);
    const { result } = await runFlow(fixture('linear_flow.py'), home);
    const missingArtifact = await cli(['artifact', `${result.pathspec}/end`, 'nope'], home);
    expect(missingArtifact.stderr).toMatch(/has no artifact "nope"\. Its artifacts: .*count/);
    const badPathspec = await cli(['show', '../../etc/passwd'], home);
    expect(badPathspec.stderr).toMatch(/is not a pathspec/);
    const unknownCommand = await cli(['frobnicate'], home);
    expect(unknownCommand.stderr).toMatch(/Unknown command "frobnicate"/);
    const badOption = await cli(['run', fixture('linear_flow.py'), '--max-workers', 'lots'], home);
    expect(badOption.stderr).toMatch(/--max-workers expects a positive whole number/);
  });
});

describe('flowbench CLI: listing and showing', () => {
  it('runs lists newest first; show covers a run, a step and a task; --json is machine-readable', async () => {
    const home = await tempHome();
    const first = await runFlow(fixture('linear_flow.py'), home);
    const second = await runFlow(fixture('linear_flow.py'), home, ['--tag', 'experiment:a']);
    expect(second.result.run > first.result.run).toBe(true);
    const runs = JSON.parse((await cli(['runs', 'LinearFlow', '--json'], home)).stdout);
    expect(runs.map((r: { run: string }) => r.run)).toEqual([second.result.run, first.result.run]);
    expect(runs[0].tags).toEqual(['user:tester', 'experiment:a']);
    expect(runs[0].status).toBe('succeeded');

    const text = await cli(['runs'], home);
    expect(text.stdout).toContain(`LinearFlow/${first.result.run}`);

    const step = JSON.parse((await cli(['show', `${first.result.pathspec}/b`, '--json'], home)).stdout);
    expect(step.tasks).toHaveLength(1);
    const taskId = step.tasks[0].taskId;
    const task = JSON.parse((await cli(['show', `${first.result.pathspec}/b/${taskId}`, '--json'], home)).stdout);
    expect(task.artifacts.items.encoding).toBe('json');
    expect(task.artifacts.count.preview).toBe('3');
    const human = await cli(['show', `${first.result.pathspec}/b/${taskId}`], home);
    expect(human.stdout).toMatch(/ARTIFACT\s+TYPE\s+SIZE\s+PREVIEW/);
  });

  it('records the flow source with the run', async () => {
    const home = await tempHome();
    const { result } = await runFlow(fixture('linear_flow.py'), home);
    const { RunStore } = await import('../store/run-store.js');
    const store = RunStore.open(home);
    const run = await store.requireRun('LinearFlow', result.run);
    const { readFile } = await import('node:fs/promises');
    expect(await store.readCode(run.record)).toBe(await readFile(fixture('linear_flow.py'), 'utf8'));
  });
});
