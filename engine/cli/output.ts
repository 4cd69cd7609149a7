/** Where the CLI writes: stdout for results (`--json` keeps it machine-readable), stderr for progress. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: CliOutput = {
  out: (text) => write(process.stdout, text),
  err: (text) => write(process.stderr, text),
};

/**
 * Writes a line to a stream whose reader may leave early (`flowbench show RUN | head -1`): once
 * the pipe is closed (EPIPE) the rest of the output is dropped and the command finishes its work
 * and exits as it would have, instead of dying on an unhandled 'error' event with a stack trace.
 */
function write(stream: NodeJS.WriteStream, text: string): void {
  if (stream.destroyed) return; // its reader left: an EPIPE destroys the stream
  if (!watchedStreams.has(stream)) {
    watchedStreams.add(stream);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}
const watchedStreams = new WeakSet<NodeJS.WriteStream>();

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Left-aligned columns for terminal tables. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}
