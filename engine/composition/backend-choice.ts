import { join } from 'node:path';
import type { Backend, CloseOptions } from '../backends/backend.js';
import { LocalBackend } from '../backends/local/local-backend.js';
import type { FlowbenchConfig } from '../config/config.js';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import type { StepSpec } from '../graph/flow-graph.js';
import type { BackendSelector } from '../runtime/backend-selector.js';
import type { StepOptions } from '../runtime/step-options.js';
import { LazyBackend } from './lazy-backend.js';

/** `--backend local | docker | remote:NAME`, checked against the configured hosts. */
export function parseBackendName(value: string | undefined, config: FlowbenchConfig): string {
  const name = value ?? 'local';
  if (name === 'local' || name === 'docker') return name;
  if (name.startsWith('remote:')) {
    requireHost(name.slice('remote:'.length), config, `--backend ${name}`);
    return name;
  }
  throw new FlowbenchError(ErrorCode.badArgument, `--backend ${name}: expected local, docker or remote:NAME (a host in config.json "dockerHosts").`);
}

function requireHost(host: string, config: FlowbenchConfig, where: string): void {
  if (config.dockerHosts[host]) return;
  const known = Object.keys(config.dockerHosts);
  throw new FlowbenchError(
    ErrorCode.badArgument,
    `${where}: no Docker host "${host}" in ${join(config.home, 'config.json')} ("dockerHosts"${known.length ? `; known: ${known.join(', ')}` : ' is empty'}). See docs/docker.md.`,
  );
}

/**
 * The CLI's choice of backend per step: the run's `--backend`, except that a step with
 * `@docker` runs in a container — on `@docker(host="NAME")` when it names a host, else on the
 * run's Docker target when the run is `docker`/`remote:NAME`, else on the local engine.
 * Backends are made on first use, so a local run never touches Docker. Choices made with the
 * same options may share `backends`, so that one engine has one backend (one pool of warm
 * containers, one orphan sweep) whichever run's choice reached it first.
 */
export class BackendChoice implements BackendSelector {
  constructor(
    readonly name: string,
    private readonly config: FlowbenchConfig,
    private readonly options: { readonly image: string | null; readonly env: NodeJS.ProcessEnv },
    private readonly backends = new Map<string, Backend>(),
  ) {}

  backendFor(step: StepSpec, options: StepOptions): Backend {
    if (!options.docker) return this.backend(this.name);
    if (options.docker.host) {
      requireHost(options.docker.host, this.config, `Step "${step.name}" @docker(host="${options.docker.host}")`);
      return this.backend(`remote:${options.docker.host}`);
    }
    return this.backend(this.name === 'local' ? 'docker' : this.name);
  }

  /** A local run starts its interpreter at once, before the flow is read (`flowbench run`). */
  startInterpreter(): void {
    if (this.name === 'local') (this.backend('local') as LocalBackend).startInterpreter();
  }

  /** A run on this machine starts its warm worker as soon as its code is checked out. */
  prewarm(flowFile: string): void {
    if (this.name === 'local') (this.backend('local') as LocalBackend).prewarm(flowFile);
  }

  private backend(name: string): Backend {
    let backend = this.backends.get(name);
    if (!backend) {
      backend = this.create(name);
      this.backends.set(name, backend);
    }
    return backend;
  }

  private create(name: string): Backend {
    const { config } = this;
    if (name === 'local') {
      return new LocalBackend({
        python: config.python,
        runtimePath: config.runtimePath,
        warmWorkers: config.warmWorkers,
        env: this.options.env,
        bytecodeCache: join(config.home, 'cache', 'pycache'),
      });
    }
    // The Docker client is imported when a container step first runs (see LazyBackend).
    return new LazyBackend(name, async () => {
      const { localDockerTarget, remoteDockerTarget } = await import('../backends/docker/docker-connection.js');
      const { DockerBackend } = await import('../backends/docker/docker-backend.js');
      const host = name.slice('remote:'.length);
      const target = name === 'docker' ? localDockerTarget() : remoteDockerTarget(host, config.dockerHosts[host]!);
      return new DockerBackend(target, { runtimePath: config.runtimePath, defaultImage: this.options.image ?? config.dockerImage });
    });
  }

  async runFinished(runId: string): Promise<void> {
    await Promise.all([...this.backends.values()].map((backend) => backend.runFinished?.(runId)));
  }

  /** Closes every backend that was used (warm workers, containers); a shared one only once. */
  async close(options: CloseOptions = {}): Promise<void> {
    const used = [...this.backends.values()];
    this.backends.clear();
    await Promise.all(used.map((backend) => backend.close(options)));
  }
}

/**
 * One choice per backend a person can pick for a run in the app: `local`, `docker` and
 * `remote:NAME` for every configured host. Nothing is created until a run uses it, and the
 * choices share their backends: a local run's `@docker` step and a `docker` run use one pool.
 */
export function backendChoices(config: FlowbenchConfig, env: NodeJS.ProcessEnv): { [name: string]: BackendChoice } {
  const names = ['local', 'docker', ...Object.keys(config.dockerHosts).map((host) => `remote:${host}`)];
  const shared = new Map<string, Backend>();
  return Object.fromEntries(names.map((name) => [name, new BackendChoice(name, config, { image: null, env }, shared)]));
}
