import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../store/run-store.js';
import { cli, fixture, runFlow, tempHome } from '../testing/cli-harness.js';

describe('resume', () => {
  it('re-runs a failed run from its failed step, reusing every successful task before it', async () => {
    const home = await tempHome();
    const marker = join(home, 'ok-marker');
    const env = { RESUME_FLOW_OK: marker };
    const failed = await runFlow(fixture('resume_flow.py'), home, [], env);
    expect(failed.code).toBe(1);
    expect(failed.result.status).toBe('failed');

    await writeFile(marker, 'ok');
    const resumed = await cli(['resume', fixture('resume_flow.py'), '--json'], home, env);
    expect(resumed.code, resumed.stderr).toBe(0);
    const result = JSON.parse(resumed.stdout);
    expect(result.status).toBe('succeeded');
    expect(result.run).not.toBe(failed.result.run);

    const run = JSON.parse((await cli(['show', result.pathspec, '--json'], home)).stdout);
    expect(run.origin).toEqual({ runId: failed.result.run, fromStep: 'fragile' });
    const byStep = (step: string) => run.tasks.filter((t: { step: string }) => t.step === step);
    for (const step of ['start', 'square', 'gather']) {
      for (const task of byStep(step)) expect(task.origin).toMatch(new RegExp(`^ResumeFlow/${failed.result.run}/${step}/`));
    }
    expect(byStep('square')).toHaveLength(3);
    expect(byStep('fragile')[0].origin).toBeUndefined();
    expect(byStep('fragile')[0].attempts).toBe(1);

    // The random token computed in `start` was reused, not recomputed.
    const tokenBefore = JSON.parse((await cli(['artifact', `${failed.result.pathspec}/start`, 'token', '--json'], home)).stdout);
    const tokenAfter = JSON.parse((await cli(['artifact', `${result.pathspec}/gather`, 'token', '--json'], home)).stdout);
    expect(tokenAfter).toBe(tokenBefore);
    expect(JSON.parse((await cli(['artifact', `${result.pathspec}/end`, 'doubled', '--json'], home)).stdout)).toBe(28);
    // A reused task's logs are its origin's: the line its origin printed, with the same token.
    const originLog = await cli(['logs', `${failed.result.pathspec}/start`], home);
    expect(originLog.stdout).toMatch(/^token 0\.\d+/);
    const reusedLog = await cli(['logs', `${result.pathspec}/start`], home);
    expect(reusedLog.code).toBe(0);
    expect(reusedLog.stdout).toBe(originLog.stdout);
    // (The artifact is printed exactly as Python wrote it, so it matches the printed repr.)
    const tokenText = (await cli(['artifact', `${failed.result.pathspec}/start`, 'token', '--json'], home)).stdout.trim();
    expect(reusedLog.stdout).toContain(`token ${tokenText}`);
    // A task with no attempt (its record written, its process never started) has no logs to
    // show: that is an error, not an empty success.
    const now = new Date().toISOString();
    await RunStore.open(home).writeTask('ResumeFlow', failed.result.run, {
      version: 1, step: 'end', taskId: '99', status: 'failed', startedAt: now, finishedAt: now, attempts: 0, splitStack: [], inputs: [], artifacts: {},
    });
    const unstarted = await cli(['logs', `${failed.result.pathspec}/end/99`], home);
    expect(unstarted.code).toBe(1);
    expect(unstarted.stderr).toMatch(/has no attempts/);
  });

  it('resumes from a chosen step with --from, and explains a bad choice', async () => {
    const home = await tempHome();
    const first = await runFlow(fixture('linear_flow.py'), home);
    const again = await cli(['resume', fixture('linear_flow.py'), first.result.run, '--from', 'b', '--json'], home);
    expect(again.code, again.stderr).toBe(0);
    const run = JSON.parse((await cli(['show', JSON.parse(again.stdout).pathspec, '--json'], home)).stdout);
    const reused = run.tasks.filter((t: { origin?: string }) => t.origin).map((t: { step: string }) => t.step);
    expect(reused).toEqual(['start', 'a']);

    const bad = await cli(['resume', fixture('linear_flow.py'), first.result.run, '--from', 'nope'], home);
    expect(bad.stderr).toMatch(/has no step "nope"/);
    const nothing = await cli(['resume', fixture('linear_flow.py'), first.result.run], home);
    expect(nothing.stderr).toMatch(/succeeded: there is nothing to resume/);
  });
});
