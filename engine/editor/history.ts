/**
 * Undo/redo for a flow file as before/after source texts. Every change to the file (a canvas
 * edit, a code-view edit) is one record; records with the same mark in a row coalesce, so a
 * drag or a burst of typing is one undo step. Reloads from disk are not history: `reset`.
 * Pure: no disk, no timers.
 *
 * @example
 * const history = new EditHistory();
 * history.record(source, next, 'drag:train');
 * history.undo(next); // source
 */
export class EditHistory {
  private undoStack: Entry[] = [];
  private redoStack: Entry[] = [];

  /** @param limit how many undo steps are kept; the oldest go first. */
  constructor(private readonly limit = 200) {}

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
  record(before: string, after: string, mark?: string): void {
    if (before === after) return;
    this.redoStack = [];
    const last = this.undoStack[this.undoStack.length - 1];
    if (mark !== undefined && last && last.mark === mark && last.after === before) {
      last.after = after;
      if (last.before === last.after) this.undoStack.pop();
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
  undo(current: string): string | null {
    const entry = this.undoStack.pop();
    if (!entry) return null;
    this.redoStack.push({ before: entry.before, after: current, mark: undefined });
    return entry.before;
  }

  /** The source after the last undone change, or null when there is nothing to redo. */
  redo(current: string): string | null {
    const entry = this.redoStack.pop();
    if (!entry) return null;
    this.undoStack.push({ before: current, after: entry.after, mark: undefined });
    return entry.after;
  }

  /**
   * Forgets every step: the file was (re)loaded from disk with `source`. Undoing across a
   * change made in another editor would silently throw that change away, so history starts over.
   */
  reset(source: string): void {
    void source;
    this.undoStack = [];
    this.redoStack = [];
  }
}

interface Entry {
  readonly before: string;
  after: string;
  /** Set while the entry may still coalesce; undo/redo entries never do. */
  readonly mark: string | undefined;
}
