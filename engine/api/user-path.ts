import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';

/**
 * Turns a path typed or picked in the UI into an absolute one, and refuses what must never reach
 * the file system: NUL and other control characters, and — when the API is confined to a root
 * folder — anything outside it, `..` and symbolic links included (they are resolved first).
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
    if (this.root !== undefined && !inside(this.root, realOrSelf(absolute))) {
      throw new FlowbenchError(ErrorCode.badArgument, `${absolute} is outside ${this.root}, the folder this Flowbench serves. Start it with --root to serve another folder.`);
    }
    return absolute;
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
