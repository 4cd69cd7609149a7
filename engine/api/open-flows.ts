import { access, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { applyEdit, copySteps, readStepBody, type FlowEdit, type FlowSnapshot } from '../editor/index.js';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import { writeFileAtomic } from '../flows/atomic-write.js';
import { readPositions, writePositions, type NodePositions } from '../flows/sidecar.js';
import { watchFile } from '../flows/watch-file.js';
import type { FlowGraph } from '../graph/flow-graph.js';
import { parseFlow } from '../graph/index.js';
import { layoutGraph } from '../graph/layout.js';
import { lintFlow } from '../lint/index.js';
import { ApiFailure } from './api-error.js';
import { ApiErrorCode, type FlowDocument, type StepText } from './contract.js';
import type { RecentParameters } from './recent-parameters.js';

/**
 * The undo history of one flow file, as OpenFlows uses it: before/after snapshots (source and
 * card positions), coalesced by mark. engine/editor's EditHistory implements it.
 */
export interface SourceHistory {
  /** One undo step: the flow went from `before` to `after` (same `mark` in a row: one step). */
  record(before: FlowSnapshot, after: FlowSnapshot, mark?: string): void;
  /** The state to go back to from `current`, or null when there is nothing to undo. */
  undo(current: FlowSnapshot): FlowSnapshot | null;
  redo(current: FlowSnapshot): FlowSnapshot | null;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  /** Forget everything: the file was reloaded from disk. */
  reset(): void;
}

export interface OpenFlowsOptions {
  readonly newHistory: () => SourceHistory;
  readonly recentParameters: RecentParameters;
  /** The file changed on disk by someone else; the session already reloaded it. */
  readonly onExternalChange: (path: string, document: FlowDocument) => void;
  /** Watch open files for changes by other editors (default true). */
  readonly watch?: boolean;
}

interface FlowSession {
  readonly path: string;
  /** The text this session last read or wrote: what the disk holds unless someone else wrote. */
  source: string;
  lastGood: FlowGraph | null;
  /** The graph of `source` when something already parsed it (an edit returns one): parsed once. */
  parsed: { readonly source: string; readonly graph: FlowGraph } | null;
  readonly history: SourceHistory;
  /** Operations on one file run one at a time, in order. */
  queue: Promise<unknown>;
  stopWatching: () => void;
}

/**
 * The flow files open in the app, one session per absolute path. Every change is written to disk
 * at once (atomically), so the file is always the truth and the CLI or an IDE sees what the canvas
 * shows. Changes made by another editor reload the session and reset its history: a reload is
 * not an undo step.
 */
export class OpenFlows {
  private readonly sessions = new Map<string, FlowSession>();

  constructor(private readonly options: OpenFlowsOptions) {}

  async open(path: string): Promise<FlowDocument> {
    const session = await this.session(path);
    return this.serial(session, async () => {
      await this.syncFromDisk(session);
      return this.document(session);
    });
  }

  /** Writes a new flow file (never over an existing one) and opens it. */
  async create(path: string, source: string): Promise<FlowDocument> {
    const exists = await access(path).then(() => true, () => false);
    if (exists) throw new FlowbenchError(ErrorCode.badArgument, `${path} already exists; pick another name or open it instead.`, { file: path });
    await writeFileAtomic(path, source);
    return this.open(path);
  }

  async edit(path: string, edit: FlowEdit, mark?: string): Promise<FlowDocument> {
    return this.change(path, mark, (source) => {
      const result = applyEdit(source, edit);
      if (!result.ok) throw new ApiFailure(ApiErrorCode.editRefused, result.reason);
      return { source: result.source, graph: result.graph };
    }, edit.type === 'renameStep' ? edit : undefined);
  }

  async setSource(path: string, source: string, mark?: string): Promise<FlowDocument> {
    return this.change(path, mark, () => source);
  }

  async undo(path: string): Promise<FlowDocument> {
    return this.travel(path, 'undo');
  }

  async redo(path: string): Promise<FlowDocument> {
    return this.travel(path, 'redo');
  }

  /**
   * Replaces the saved node positions of a flow (steps left out are laid out automatically).
   * One call is one undo step: a card moved, or the whole flow laid out.
   */
  async setPositions(path: string, positions: NodePositions, mark?: string): Promise<FlowDocument> {
    const session = await this.session(path);
    return this.serial(session, async () => {
      const before = await readPositions(path);
      await writePositions(path, positions);
      session.history.record({ source: session.source, positions: before }, { source: session.source, positions }, mark);
      return this.document(session);
    });
  }

  /** Stops watching every file. */
  close(): void {
    for (const session of this.sessions.values()) session.stopWatching();
    this.sessions.clear();
  }

  private async change(
    path: string,
    mark: string | undefined,
    next: (source: string) => string | { source: string; graph: FlowGraph },
    rename?: { from: string; to: string },
  ): Promise<FlowDocument> {
    const session = await this.session(path);
    return this.serial(session, async () => {
      await this.syncFromDisk(session);
      const before = session.source;
      const changed = next(before);
      const after = typeof changed === 'string' ? changed : changed.source;
      if (typeof changed !== 'string') session.parsed = changed;
      if (after !== before) {
        const positions = await readPositions(path);
        await this.write(session, after);
        const moved = rename ? await this.renamePosition(path, positions, rename.from, rename.to) : positions;
        session.history.record({ source: before, positions }, { source: after, positions: moved }, mark);
      }
      return this.document(session);
    });
  }

  private async travel(path: string, direction: 'undo' | 'redo'): Promise<FlowDocument> {
    const session = await this.session(path);
    return this.serial(session, async () => {
      await this.syncFromDisk(session);
      const current: FlowSnapshot = { source: session.source, positions: await readPositions(path) };
      const target = direction === 'undo' ? session.history.undo(current) : session.history.redo(current);
      if (target === null) {
        throw new ApiFailure(ApiErrorCode.nothingToUndo, direction === 'undo' ? `Nothing to undo in ${basename(path)}.` : `Nothing to redo in ${basename(path)}.`);
      }
      if (target.source !== session.source) await this.write(session, target.source);
      await writePositions(path, target.positions);
      return this.document(session);
    });
  }

  private async write(session: FlowSession, source: string): Promise<void> {
    // The session learns the new text first, so the watcher sees our own write as no news.
    const previous = session.source;
    session.source = source;
    try {
      await writeFileAtomic(session.path, source);
    } catch (error) {
      session.source = previous;
      throw error;
    }
  }

  /** A renamed step keeps its place on the canvas; returns the positions written. */
  private async renamePosition(path: string, positions: NodePositions, from: string, to: string): Promise<NodePositions> {
    const position = positions[from];
    if (!position) return positions;
    const { [from]: _old, ...rest } = positions;
    const moved = { ...rest, [to]: position };
    await writePositions(path, moved);
    return moved;
  }

  private async session(path: string): Promise<FlowSession> {
    const existing = this.sessions.get(path);
    if (existing) return existing;
    const source = await readSource(path);
    if (this.sessions.has(path)) return this.sessions.get(path)!;
    const session: FlowSession = { path, source, lastGood: null, parsed: null, history: this.options.newHistory(), queue: Promise.resolve(), stopWatching: () => undefined };
    this.sessions.set(path, session);
    if (this.options.watch !== false) {
      session.stopWatching = watchFile(path, (text) => {
        if (text === session.source) return;
        // Read again once our own queued writes are done: `text` may be a read taken between
        // two of them (a stale copy of our own write), which must not count as someone's edit.
        void this.serial(session, () => this.syncFromDisk(session)).catch(() => undefined);
      });
    }
    return session;
  }

  /** Reloads the session when the file on disk differs from what it knows; tells the UI. */
  private async syncFromDisk(session: FlowSession, known?: string): Promise<void> {
    const text = known ?? (await readSource(session.path));
    if (text === session.source) return;
    session.source = text;
    session.history.reset();
    this.options.onExternalChange(session.path, await this.document(session));
  }

  private serial<T>(session: FlowSession, operation: () => Promise<T>): Promise<T> {
    const result = session.queue.then(operation, operation);
    session.queue = result.catch(() => undefined);
    return result;
  }

  private async document(session: FlowSession): Promise<FlowDocument> {
    const parsed = session.parsed?.source === session.source ? session.parsed.graph : parseFlow(session.source);
    session.parsed = { source: session.source, graph: parsed };
    if (parsed.problems.length === 0) session.lastGood = parsed;
    // A file that does not parse keeps the last good graph on the canvas; `problems` says why.
    const graph = parsed.problems.length === 0 || session.lastGood === null ? parsed : { ...session.lastGood, problems: parsed.problems };
    const recentParameters = await this.options.recentParameters.get(session.path);
    const positions = await readPositions(session.path);
    return {
      path: session.path,
      source: session.source,
      graph,
      findings: lintFlow(parsed),
      positions,
      ...(laidOutHere(graph, positions) ? { layout: layoutGraph(graph) } : {}),
      stepText: stepTexts(session.source, parsed),
      canUndo: session.history.canUndo,
      canRedo: session.history.canRedo,
      ...(recentParameters ? { recentParameters } : {}),
    };
  }
}

/**
 * Flows up to this size are laid out here, for the steps without a saved position: dagre takes
 * ~20–100 ms for 50–200 steps, which the engine does once per shape while a page opening the flow
 * is still loading its code, where it would otherwise run on the page's main thread (and cold
 * there, on every load). A larger flow (over a second at 500 steps) is left to the renderer, so
 * the engine never stalls every other request for it.
 */
export const LAYOUT_IN_ENGINE_MAX_STEPS = 200;

function laidOutHere(graph: FlowGraph, positions: NodePositions): boolean {
  return graph.steps.length <= LAYOUT_IN_ENGINE_MAX_STEPS && graph.steps.some((step) => positions[step.name] === undefined);
}

/** Each step's body and method text, read by the editor from the source it parsed. */
function stepTexts(source: string, graph: FlowGraph): { [step: string]: StepText } {
  return Object.fromEntries(
    graph.steps.map((step) => [step.name, { body: readStepBody(source, graph, step.name) ?? '', method: `${copySteps(source, graph, [step.name])}\n` }]),
  );
}

async function readSource(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FlowbenchError(
      ErrorCode.fileNotFound,
      code === 'ENOENT' ? `${path}: no such file. It may have been moved or deleted; open it again.` : `${path} cannot be read (${(error as Error).message}).`,
      { file: path, cause: error },
    );
  }
}
