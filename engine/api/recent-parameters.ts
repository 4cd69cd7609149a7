import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../flows/atomic-write.js';

type Recent = { [flowFile: string]: { [name: string]: string } };

/** Flows remembered at most; the least recently run are forgotten first. */
const MAX_FLOWS = 200;

/**
 * The parameter values last used to run each flow file, so the run form starts from them. Kept
 * in `$FLOWBENCH_HOME/ui/recent-parameters.json`; losing the file loses nothing important.
 */
export class RecentParameters {
  private readonly file: string;
  /** The file as last read or written by this process. */
  private cache: Promise<Recent> | undefined;

  constructor(home: string) {
    this.file = join(home, 'ui', 'recent-parameters.json');
  }

  async get(flowFile: string): Promise<{ [name: string]: string } | undefined> {
    // Every FlowDocument carries these (each edit, each keystroke burst): read the file once.
    this.cache ??= this.read();
    return (await this.cache)[flowFile];
  }

  async remember(flowFile: string, values: { readonly [name: string]: string }): Promise<void> {
    // From disk, not the cache: another Flowbench process (app, `flowbench serve`) may have written.
    const recent = await this.read();
    delete recent[flowFile];
    recent[flowFile] = { ...values };
    const keys = Object.keys(recent);
    for (const key of keys.slice(0, Math.max(0, keys.length - MAX_FLOWS))) delete recent[key];
    await mkdir(dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, `${JSON.stringify(recent, null, 1)}\n`);
    this.cache = Promise.resolve(recent);
  }

  private async read(): Promise<Recent> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Recent) : {};
    } catch {
      return {};
    }
  }
}
