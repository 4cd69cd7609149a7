import { describe, expect, it } from 'vitest';
import { parseFlow } from '../graph/index.js';
import { stepOptions } from './step-options.js';

const source = `from flowbench import FlowSpec, step, retry, timeout, catch, environment, resources, docker

@docker(image="team/base:1")
class OptionsFlow(FlowSpec):
    @retry
    @timeout(minutes=1, seconds=30)
    @catch(var="problem")
    @environment(vars={"OMP_NUM_THREADS": "1", "N": 4})
    @resources(cpu=2, memory=4096, gpu=1)
    @step
    def start(self):
        self.next(self.train)

    @docker(image="team/gpu:2", host="big")
    @retry(times=1, minutes_between_retries=0)
    @step
    def train(self):
        self.next(self.end)

    @step
    def end(self):
        pass
`;

describe('stepOptions', () => {
  const graph = parseFlow(source);
  const options = (name: string) => stepOptions(graph.steps.find((s) => s.name === name)!, graph.flowDecorators);

  it("reads every decorator with Metaflow's defaults", () => {
    const start = options('start');
    expect(start.retries).toBe(3);
    expect(start.retryDelayMs).toBe(120_000);
    expect(start.timeoutMs).toBe(90_000);
    expect(start.catch).toEqual({ var: 'problem', printException: true });
    expect(start.environment).toEqual({ OMP_NUM_THREADS: '1', N: '4' });
    expect(start.resources).toEqual({ cpu: 2, memoryMiB: 4096, gpu: 1 });
  });

  it("uses the flow class's @docker image for steps without their own, without forcing Docker", () => {
    expect(options('start').image).toBe('team/base:1');
    expect(options('start').docker).toBeNull();
    expect(options('train').docker).toEqual({ image: 'team/gpu:2', host: 'big' });
    expect(options('train').retries).toBe(1);
    expect(options('train').retryDelayMs).toBe(0);
    expect(options('end').timeoutMs).toBeNull();
  });
});
