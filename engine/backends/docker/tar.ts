/**
 * Just enough of the tar format to move a task's files in and out of a container with
 * `putArchive`/`getArchive`: regular files and folders, long names through PAX headers. Written
 * here rather than taken from a package because the engine needs so little of it.
 */

export interface TarEntry {
  /** Relative path with `/` separators; a folder ends with `/`. */
  readonly path: string;
  /** The file's bytes; absent for a folder. */
  readonly data?: Buffer;
  readonly mode?: number;
}

const BLOCK = 512;

function header(path: string, size: number, mode: number, type: '0' | '5' | 'x'): Buffer {
  const block = Buffer.alloc(BLOCK);
  const octal = (value: number, length: number): string => value.toString(8).padStart(length - 1, '0');
  block.write(path.slice(0, 100), 0, 'utf8');
  block.write(octal(mode, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(Math.floor(Date.now() / 1000), 12), 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write(type, 156, 'ascii');
  block.write('ustar\u000000', 257, 'binary');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'ascii');
  return block;
}

function padded(data: Buffer): Buffer[] {
  const rest = data.length % BLOCK;
  return rest === 0 ? [data] : [data, Buffer.alloc(BLOCK - rest)];
}

/** A PAX record `"<len> path=<path>\n"`, whose length counts its own digits. */
function paxPath(path: string): Buffer {
  const body = ` path=${path}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length += 1;
  return Buffer.from(`${length}${body}`, 'utf8');
}

/**
 * Packs entries into one tar archive.
 *
 * @example
 *   packTar([{ path: 'task/' }, { path: 'task/spec.json', data: Buffer.from('{}') }])
 */
export function packTar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const isFolder = entry.data === undefined;
    if (Buffer.byteLength(entry.path) > 99) {
      const pax = paxPath(entry.path);
      parts.push(header('PaxHeader', pax.length, 0o644, 'x'), ...padded(pax));
    }
    const data = entry.data ?? Buffer.alloc(0);
    parts.push(header(entry.path, data.length, entry.mode ?? (isFolder ? 0o755 : 0o644), isFolder ? '5' : '0'), ...padded(data));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function readString(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? raw.length : end).toString('utf8');
}

function readPaxPath(data: Buffer): string | null {
  for (const record of data.toString('utf8').split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(record);
    if (match) return match[1]!;
  }
  return null;
}

/** Unpacks the regular files and folders of a tar archive (others, e.g. links, are skipped). */
export function unpackTar(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | null = null;
  while (offset + BLOCK <= archive.length) {
    const block = archive.subarray(offset, offset + BLOCK);
    if (block.every((byte) => byte === 0)) break;
    const size = parseInt(readString(block, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(block[156]!) || '0';
    const prefix = readString(block, 345, 155);
    const name = readString(block, 0, 100);
    const data = archive.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      longName = readPaxPath(data);
      continue;
    }
    if (type === 'L') {
      longName = readString(data, 0, data.length);
      continue;
    }
    const path = longName ?? (prefix ? `${prefix}/${name}` : name);
    longName = null;
    if (type === '0' || type === '\u0000') entries.push({ path, data: Buffer.from(data) });
    else if (type === '5') entries.push({ path: path.endsWith('/') ? path : `${path}/` });
  }
  return entries;
}
