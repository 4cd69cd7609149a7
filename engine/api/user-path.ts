import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';

/**
 * Turns a path typed or picked in the UI into an absolute one, and refuses what must never reach
 * the file system: NUL and other control characters, and — when the API is confined to a root
 * folder — anything outside it, `..` and symbolic links included (they are resolved first, and
 * the resolved path is the one used).
 */
export class UserPaths {
  private readonly root: string | undefined;

  constructor(
    private readonly cwd: string,
    root?: string,
  ) {
    this.root = root === undefined ? undefined : realOrSelf(resolve(root));
  }

  resolve(raw: string): string {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f]/.test(raw)) {
      throw new FlowbenchError(ErrorCode.badArgument, `The path ${JSON.stringify(raw)} contains a control character; pick the file again.`);
    }
    const absolute = resolve(this.cwd, raw);
    if (this.root === undefined) return absolute;
    // Confined: the path used is the real path that was checked, so a link cannot be swapped in
    // between the check and the use to lead outside.
    const real = realOrSelf(absolute);
    if (!inside(this.root, real)) {
      throw new FlowbenchError(ErrorCode.badArgument, `${absolute} is outside ${this.root}, the folder this Flowbench serves. Start it with --root to serve another folder.`);
    }
    return real;
  }

  /**
   * A flow file's path: as `resolve`, and it must name a `.py` file — the API reads and writes
   * flows only, so it can never be made to overwrite `~/.bashrc` or read a key file.
   */
  flowFile(raw: string): string {
    const path = this.resolve(raw);
    if (!path.endsWith('.py')) {
      throw new FlowbenchError(ErrorCode.badArgument, `${path}: not a flow file; flows are Python files ending in .py.`);
    }
    return path;
  }

  /** The folder listings start in and cannot go above (the root, else the whole disk). */
  get top(): string | undefined {
    return this.root;
  }
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The real path of `path`, or of its nearest existing ancestor joined with the rest. */
function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = resolve(path, '..');
    if (parent === path) return path;
    return resolve(realOrSelf(parent), relative(parent, path));
  }
}
