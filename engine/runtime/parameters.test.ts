import { describe, expect, it } from 'vitest';
import { parseFlow } from '../graph/index.js';
import { RunStore } from '../store/run-store.js';
import { cli, fixture, runFlow, tempHome } from '../testing/cli-harness.js';
import { ExactNumber, stringifyExactJson } from '../util/exact-json.js';
import { convertParameter, resolveParameters } from './parameters.js';

const flow = fixture('typed_parameters_flow.py');

async function artifactText(pathspec: string, name: string, home: string, json = true): Promise<string> {
  const out = await cli(['artifact', pathspec, name, ...(json ? ['--json'] : [])], home);
  expect(out.code, out.stderr).toBe(0);
  return out.stdout.trim();
}

describe('convertParameter: the one place a given value becomes a typed one', () => {
  const spec = (type: 'str' | 'int' | 'float' | 'bool' | 'json') => ({ name: 'p', type });
  it('lets the declared type win: 2 for a float is 2.0, for JSONType text is parsed', () => {
    expect(stringifyExactJson(convertParameter(spec('float'), '2'))).toBe('2.0');
    expect(stringifyExactJson(convertParameter(spec('float'), 2))).toBe('2.0');
    expect(convertParameter(spec('float'), '0.25')).toBe(0.25);
    expect(convertParameter(spec('json'), '{"k": 5}')).toEqual({ k: 5 });
    expect(convertParameter(spec('json'), { k: 5 })).toEqual({ k: 5 });
    expect(convertParameter(spec('bool'), 'on')).toBe(true);
    expect(convertParameter(spec('bool'), 'F')).toBe(false);
    expect(convertParameter(spec('str'), 7)).toBe('7');
  });

  it('keeps integers beyond 2^53 exact', () => {
    expect(convertParameter(spec('int'), '1152921504606846977')).toEqual(new ExactNumber('1152921504606846977'));
    expect(convertParameter(spec('int'), '+007')).toBe(7);
  });

  it('refuses a value of the wrong type in one sentence that names the parameter', () => {
    expect(() => convertParameter(spec('int'), '2.5')).toThrow('Parameter "p" expects an integer, but got "2.5".');
    expect(() => convertParameter(spec('float'), 'abc')).toThrow(/expects a number/);
    expect(() => convertParameter(spec('json'), '{k: 5}')).toThrow(/expects JSON/);
    expect(() => convertParameter(spec('bool'), 'maybe')).toThrow(/expects true or false/);
  });

  it('resolves literal defaults to their type, and refuses to guess a default written as code', () => {
    const graph = parseFlow(`from flowbench import FlowSpec, Parameter, JSONType, step
class F(FlowSpec):
    a = Parameter("a", default=1, type=float)
    c = Parameter("c", default='{"k": 1}', type=JSONType)
    n = Parameter("n")
    f = Parameter("f", default=lambda ctx: 3)
    @step
    def start(self):
        self.next(self.end)
    @step
    def end(self):
        pass
`);
    const values = resolveParameters(graph, {}, { evaluated: { f: { value: 3, declaredType: null, callable: true } } });
    expect(stringifyExactJson(values)).toBe('{"a":1.0,"c":{"k":1},"n":null,"f":"3"}');
    expect(() => resolveParameters(graph, {})).toThrow(/was not evaluated/);
    expect(resolveParameters(graph, { a: '4' }, { origin: { a: 9, c: { k: 2 }, n: 'x', f: 'y' } })).toMatchObject({ a: new ExactNumber('4.0'), c: { k: 2 }, n: 'x', f: 'y' });
  });
});

describe('parameters as a run resolves them', () => {
  it('types win, JSONType defaults are parsed, code defaults run once, and every step reads them as artifacts', async () => {
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(flow, home, ['--param', 'alpha=2']);
    expect(code, stderr).toBe(0);
    const start = `${result.pathspec}/start`;
    const seen = JSON.parse(await artifactText(start, 'seen', home));
    expect(seen.alpha).toEqual([2, 'float']);
    expect(seen.config).toEqual([{ k: 5 }, 'dict']);
    expect(seen.label).toBe('TypedParametersFlow:tester:label');
    expect(seen.big[1]).toBe('int');

    // Parameters are artifacts of every task, read by name like any other.
    expect(await artifactText(start, 'alpha', home)).toBe('2.0');
    expect(await artifactText(`${result.pathspec}/end`, 'alpha', home, false)).toBe('2.0');
    expect(await artifactText(`${result.pathspec}/end`, 'big', home)).toBe('1152921504606846977');
    const shown = JSON.parse((await cli(['show', `${result.pathspec}/end/2`, '--json'], home)).stdout);
    expect(Object.keys(shown.artifacts)).toEqual(expect.arrayContaining(['alpha', 'config', 'stamp', 'label', 'big', 'mode', 'seen', 'stamp_at_end']));

    // A default given as a function ran once: every task saw the value the run recorded.
    const run = await cli(['show', result.pathspec, '--json'], home);
    const recordedStamp = /"stamp":(\d+)/.exec(run.stdout)![1];
    expect(await artifactText(`${result.pathspec}/end`, 'stamp_at_end', home)).toBe(recordedStamp);
    expect(await artifactText(start, 'stamp', home)).toBe(await artifactText(`${result.pathspec}/end`, 'stamp', home));
    // Exact in every view: the recorded run, its shown JSON and text.
    expect(run.stdout).toContain('"alpha":2.0');
    expect(run.stdout).toContain('"big":1152921504606846977');
    const record = (await RunStore.open(home).requireRun(result.flow, result.run)).record;
    expect(Object.keys(record.parameters).sort()).toEqual(['alpha', 'big', 'config', 'label', 'mode', 'stamp']);
    const text = (await cli(['show', result.pathspec], home)).stdout;
    expect(text).toMatch(/parameters: .*"big":1152921504606846977/);
    expect(text).toMatch(/python: \S+ \(3\.\d+\.\d+\)/);
  });

  it('integers beyond 2^53 survive as artifacts, in text and JSON', async () => {
    const home = await tempHome();
    const { code, result, stderr } = await runFlow(flow, home, ['--param', 'big=1152921504606846979']);
    expect(code, stderr).toBe(0);
    expect(await artifactText(`${result.pathspec}/start`, 'huge', home)).toBe('1152921504606846977');
    expect(await artifactText(`${result.pathspec}/start`, 'huge', home, false)).toBe('1152921504606846977');
    expect(await artifactText(`${result.pathspec}/end`, 'big', home)).toBe('1152921504606846979');
    expect(JSON.parse(await artifactText(`${result.pathspec}/start`, 'seen', home)).big[1]).toBe('int');
    expect(await artifactText(`${result.pathspec}/start`, 'seen', home)).toContain('[1152921504606846979,"int"]');
  });
});

describe('resume and parameters', () => {
  it("keeps the origin's parameters except those given again, and sets current.origin_run_id", async () => {
    const home = await tempHome();
    const failed = await runFlow(flow, home, ['--param', 'mode=fail', '--param', 'alpha=3']);
    expect(failed.code).toBe(1);
    // A newer failed run by someone else, and a newer succeeded one of ours: neither is resumed.
    expect((await runFlow(flow, home, ['--param', 'mode=fail'], { FLOWBENCH_USER: 'someone-else' })).code).toBe(1);
    expect((await runFlow(flow, home)).code).toBe(0);

    const resumed = await cli(['resume', flow, '--param', 'mode=ok', '--json'], home);
    expect(resumed.code, resumed.stderr).toBe(0);
    const pathspec = JSON.parse(resumed.stdout).pathspec as string;
    const run = JSON.parse((await cli(['show', pathspec, '--json'], home)).stdout);
    const origin = JSON.parse((await cli(['show', failed.result.pathspec, '--json'], home)).stdout);
    expect(run.origin.runId).toBe(failed.result.run);
    expect(run.parameters).toEqual({ ...origin.parameters, mode: 'ok' });
    expect(run.parameters.alpha).toBe(3);
    expect(JSON.parse(await artifactText(`${pathspec}/end`, 'origin_at_end', home))).toBe(failed.result.run);
    expect(await artifactText(`${pathspec}/end`, 'mode', home)).toBe('"ok"');
    expect(await artifactText(`${pathspec}/end`, 'alpha', home)).toBe('3.0');
  });

  it('says clearly when this user has no run to resume', async () => {
    const home = await tempHome();
    expect((await runFlow(flow, home, ['--param', 'mode=fail'], { FLOWBENCH_USER: 'someone-else' })).code).toBe(1);
    const none = await cli(['resume', flow], home);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/Nothing to resume: TypedParametersFlow has no runs by tester \(1 by others/);
    expect((await runFlow(flow, home)).code).toBe(0);
    expect((await cli(['resume', flow], home)).stderr).toMatch(/none of tester's 1 run of TypedParametersFlow failed or was cancelled/);
  });
});
