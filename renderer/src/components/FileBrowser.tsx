/**
 * Open a flow, or pick the folder for a new one, through `fs.list` (the same in the desktop app
 * and in a browser, which cannot see the disk).
 */
import { useEffect, useState } from 'react';
import { getClient } from '../api/client.js';
import type { FsEntry, TemplateName } from '../api/contract-types.js';
import { useFlowStore } from '../stores/flow-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { Dialog } from './Dialog.js';

interface Listing {
  dir: string;
  parent: string | null;
  entries: readonly FsEntry[];
}

let lastDir: string | undefined;

export function joinPath(dir: string, name: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

function useListing(): [Listing | null, (dir?: string) => void] {
  const [listing, setListing] = useState<Listing | null>(null);
  const go = (dir?: string): void => {
    getClient()
      .request('fs.list', dir === undefined ? {} : { dir })
      .then((l) => {
        lastDir = l.dir;
        setListing(l);
      })
      .catch((e: unknown) => useUiStore.getState().toast(e instanceof Error ? e.message : String(e)));
  };
  useEffect(() => go(lastDir), []);
  return [listing, go];
}

function Entries({ listing, go, onFile }: { listing: Listing; go: (dir: string) => void; onFile?: (e: FsEntry) => void }) {
  return (
    <ul className="file-list">
      {listing.parent !== null && (
        <li>
          <button type="button" onClick={() => go(listing.parent!)}>
            ↑ ..
          </button>
        </li>
      )}
      {listing.entries.map((e) => (
        <li key={e.path}>
          <button type="button" className={e.isFlow ? 'flow-file' : undefined} disabled={e.kind === 'file' && onFile === undefined} onClick={() => (e.kind === 'dir' ? go(e.path) : onFile?.(e))}>
            {e.kind === 'dir' ? '📁' : e.isFlow ? '⟡' : '·'} {e.name}
          </button>
        </li>
      ))}
    </ul>
  );
}

const close = (): void => useUiStore.getState().openDialog(null);

export function OpenFlowDialog() {
  const [listing, go] = useListing();
  const [typed, setTyped] = useState('');
  const open = (path: string): void => {
    close();
    void useFlowStore.getState().open(path);
  };
  return (
    <Dialog label="Open a flow" wide>
      <h2>Open a flow</h2>
      <p className="muted mono">{listing?.dir ?? '…'}</p>
      {listing !== null && <Entries listing={listing} go={go} onFile={(e) => open(e.path)} />}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed.trim() !== '') open(typed.trim());
        }}
      >
        <input aria-label="Path of a flow file" placeholder="or type a path: /path/to/flow.py" value={typed} onChange={(e) => setTyped(e.currentTarget.value)} />
        <button type="submit">Open</button>
      </form>
    </Dialog>
  );
}

const TEMPLATES: { value: TemplateName; label: string }[] = [
  { value: 'empty', label: 'Empty: start → end' },
  { value: 'branch', label: 'Branch and join' },
  { value: 'foreach', label: 'Foreach over a list' },
  { value: 'pandas', label: 'pandas / scikit-learn example' },
];

export function NewFlowDialog() {
  const [listing, go] = useListing();
  const [file, setFile] = useState('my_flow.py');
  const [template, setTemplate] = useState<TemplateName>('empty');
  const create = (): void => {
    if (listing === null) return;
    const name = file.trim().endsWith('.py') ? file.trim() : `${file.trim()}.py`;
    close();
    void useFlowStore.getState().create(joinPath(listing.dir, name), template);
  };
  return (
    <Dialog label="New flow" wide>
      <h2>New flow</h2>
      <p className="muted mono">in {listing?.dir ?? '…'}</p>
      {listing !== null && <Entries listing={listing} go={go} />}
      <form
        className="new-flow-form"
        onSubmit={(e) => {
          e.preventDefault();
          create();
        }}
      >
        <label className="field">
          <span>File name</span>
          <input aria-label="New flow file name" autoFocus onFocus={(e) => e.currentTarget.select()} value={file} onChange={(e) => setFile(e.currentTarget.value)} />
        </label>
        <label className="field">
          <span>Template</span>
          <select aria-label="Template" value={template} onChange={(e) => setTemplate(e.currentTarget.value as TemplateName)}>
            {TEMPLATES.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <div className="dialog-actions">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="new-flow-submit" disabled={listing === null}>
            Create
          </button>
        </div>
      </form>
    </Dialog>
  );
}
