import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';

export interface NodePosition {
  readonly x: number;
  readonly y: number;
}
export type NodePositions = { readonly [step: string]: NodePosition };

/**
 * Where the canvas keeps what is not Python: node positions, beside the flow in
 * `.<file>.flowbench.json` (hidden, so it stays out of the way; commit it to share a layout).
 * The Python file never holds layout.
 */
export function sidecarPath(flowFile: string): string {
  return join(dirname(flowFile), `.${basename(flowFile)}.flowbench.json`);
}

interface SidecarFile {
  readonly version: 1;
  readonly positions: NodePositions;
}

/** The saved positions; none when there is no sidecar or it cannot be read (layout is not data). */
export async function readPositions(flowFile: string): Promise<NodePositions> {
  let text: string;
  try {
    text = await readFile(sidecarPath(flowFile), 'utf8');
  } catch {
    return {};
  }
  try {
    const parsed = JSON.parse(text) as Partial<SidecarFile>;
    const positions: Record<string, NodePosition> = {};
    for (const [step, value] of Object.entries(parsed.positions ?? {})) {
      if (typeof value?.x === 'number' && typeof value.y === 'number' && Number.isFinite(value.x) && Number.isFinite(value.y)) {
        positions[step] = { x: value.x, y: value.y };
      }
    }
    return positions;
  } catch {
    return {};
  }
}

export async function writePositions(flowFile: string, positions: NodePositions): Promise<void> {
  const file: SidecarFile = { version: 1, positions };
  await writeFileAtomic(sidecarPath(flowFile), `${JSON.stringify(file, null, 1)}\n`);
}
