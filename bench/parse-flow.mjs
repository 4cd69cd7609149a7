// How long the engine takes to read a flow statically (what every keystroke in the app and every
// canvas redraw costs), against Python's own parser reading the same source (`ast.parse`, which
// only builds a syntax tree) measured in the same run. `npm run build` first.
import { spawnSync } from 'node:child_process';
import { engine, median } from './lib.mjs';

const { parseFlow } = await engine('graph/parse-flow.js');
const { loadConfig } = await engine('config/config.js');

function bigFlow(steps) {
  const lines = ['from flowbench import FlowSpec, Parameter, step', '', '', 'class BigFlow(FlowSpec):', '    alpha = Parameter("alpha", default=0.5)', ''];
  for (let i = 0; i < steps; i += 1) {
    const name = i === 0 ? 'start' : `step_${i}`;
    const next = i === steps - 1 ? 'end' : `step_${i + 1}`;
    lines.push('    @step', '    @resources(cpu=2, memory=4096)', `    def ${name}(self):`, `        """Step ${i}."""`, `        self.values = [x * 2 for x in range(${i})]`, `        self.next(self.${next})`, '');
  }
  lines.push('    @step', '    def end(self):', '        pass', '');
  return lines.join('\n');
}

const python = loadConfig(process.env).python;
const ROUNDS = 30;
console.log(`parseFlow against ${python} ast.parse, median of ${ROUNDS} rounds each`);
for (const steps of [10, 100, 500]) {
  const source = bigFlow(steps);
  for (let i = 0; i < 5; i += 1) parseFlow(source); // warm up the JIT
  const ours = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const started = performance.now();
    parseFlow(source);
    ours.push(performance.now() - started);
  }
  const script = `import ast, sys, time\nsrc = sys.stdin.read()\nts = []\nfor _ in range(${ROUNDS}):\n    t = time.perf_counter(); ast.parse(src); ts.append((time.perf_counter() - t) * 1000)\nprint(sorted(ts)[len(ts) // 2])\n`;
  const result = spawnSync(python, ['-c', script], { input: source, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${python} failed: ${result.stderr}`);
  const floor = Number(result.stdout.trim());
  const mine = median(ours);
  console.log(`${String(steps).padStart(4)} steps (${(source.length / 1024).toFixed(0).padStart(3)} KiB): parseFlow ${mine.toFixed(2)} ms, ast.parse ${floor.toFixed(2)} ms, ratio ${(mine / floor).toFixed(2)}`);
}
