/**
 * What one undo step restores: the flow's source and where its cards sit. Positions are part of
 * it so that moving a card is an undo step of its own, and undoing a rename puts the card back
 * under its old name where the person left it.
 */
export interface FlowSnapshot {
  readonly source: string;
  readonly positions: { readonly [step: string]: { readonly x: number; readonly y: number } };
}

/** True when two snapshots hold the same source and the same positions. */
export function sameSnapshot(a: FlowSnapshot, b: FlowSnapshot): boolean {
  if (a.source !== b.source) return false;
  const keys = Object.keys(a.positions);
  if (keys.length !== Object.keys(b.positions).length) return false;
  return keys.every((k) => {
    const p = a.positions[k];
    const q = b.positions[k];
    return p !== undefined && q !== undefined && p.x === q.x && p.y === q.y;
  });
}

/**
 * Undo/redo for a flow file as before/after states (source texts, or FlowSnapshots). Every
 * change (a canvas edit, a code-view edit, a card moved) is one record; records with the same
 * mark in a row coalesce, so a burst of typing is one undo step. Reloads from disk are not
 * history: `reset`. Pure: no disk, no timers.
 *
 * @example
 * const history = new EditHistory();
 * history.record(source, next, 'typing');
 * history.undo(next); // source
 */
export class EditHistory<T = string> {
  private undoStack: Entry<T>[] = [];
  private redoStack: Entry<T>[] = [];

  /**
   * @param limit how many undo steps are kept; the oldest go first.
   * @param same when two states are the same (a change to the same state is no change).
   */
  constructor(
    private readonly limit = 200,
    private readonly same: (a: T, b: T) => boolean = (a, b) => a === b,
  ) {}

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /**
   * Records a change. A record whose `mark` equals the previous record's mark (and which
   * continues from where that one ended) extends it instead of adding a step. Clears redo.
   * A change that changes nothing is ignored.
   */
  record(before: T, after: T, mark?: string): void {
    if (this.same(before, after)) return;
    this.redoStack = [];
    const last = this.undoStack[this.undoStack.length - 1];
    if (mark !== undefined && last && last.mark === mark && this.same(last.after, before)) {
      last.after = after;
      if (this.same(last.before, last.after)) this.undoStack.pop();
      return;
    }
    this.undoStack.push({ before, after, mark });
    if (this.undoStack.length > this.limit) this.undoStack.splice(0, this.undoStack.length - this.limit);
  }

  /**
   * The source before the last change, or null when there is nothing to undo. `current` is the
   * file as it is now: when it is not what the last change produced (it changed on disk without
   * a reset), undo still returns the recorded text, and redo will return to `current`.
   */
  undo(current: T): T | null {
    const entry = this.undoStack.pop();
    if (!entry) return null;
    this.redoStack.push({ before: entry.before, after: current, mark: undefined });
    return entry.before;
  }

  /** The source after the last undone change, or null when there is nothing to redo. */
  redo(current: T): T | null {
    const entry = this.redoStack.pop();
    if (!entry) return null;
    this.undoStack.push({ before: current, after: entry.after, mark: undefined });
    return entry.after;
  }

  /**
   * Forgets every step: the file was (re)loaded from disk with `source`. Undoing across a
   * change made in another editor would silently throw that change away, so history starts over.
   */
  reset(state?: T): void {
    void state;
    this.undoStack = [];
    this.redoStack = [];
  }
}

interface Entry<T> {
  readonly before: T;
  after: T;
  /** Set while the entry may still coalesce; undo/redo entries never do. */
  readonly mark: string | undefined;
}
