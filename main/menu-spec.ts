/**
 * The native menus, as data (tested without Electron; menu.ts turns them into an Electron Menu).
 * Items that need a file open a native dialog in main and send the renderer the chosen path;
 * the rest are forwarded to the renderer as commands, so the canvas stays the one owner of its
 * state (undo goes through the same `flows.undo` as Ctrl-Z in the page).
 */
import type { AppCommand } from '../engine/api/contract.js';

export type FileDialog = 'newFlow' | 'openFlow' | 'openFolder' | 'saveAs';

export type MenuAction =
  | { readonly kind: 'command'; readonly command: Exclude<AppCommand['command'], FileDialog> }
  | { readonly kind: 'dialog'; readonly dialog: FileDialog }
  | { readonly kind: 'role'; readonly role: 'quit' | 'about' | 'cut' | 'copy' | 'paste' | 'selectAll' | 'toggleDevTools' | 'reload' | 'togglefullscreen' };

export type MenuItemSpec = { readonly label?: string; readonly accelerator?: string; readonly action: MenuAction } | { readonly separator: true };

export interface MenuSpec {
  readonly label: string;
  readonly items: readonly MenuItemSpec[];
}

const separator = { separator: true } as const;

export function menuSpec(platform: NodeJS.Platform): readonly MenuSpec[] {
  const mac = platform === 'darwin';
  return [
    ...(mac ? [{ label: 'Flowbench', items: [{ action: { kind: 'role', role: 'about' } }, separator, { action: { kind: 'role', role: 'quit' } }] } satisfies MenuSpec] : []),
    {
      label: 'File',
      items: [
        { label: 'New Flow from Template…', accelerator: 'CmdOrCtrl+N', action: { kind: 'dialog', dialog: 'newFlow' } },
        { label: 'Open Flow…', accelerator: 'CmdOrCtrl+O', action: { kind: 'dialog', dialog: 'openFlow' } },
        { label: 'Open Folder…', accelerator: 'CmdOrCtrl+Shift+O', action: { kind: 'dialog', dialog: 'openFolder' } },
        separator,
        { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', action: { kind: 'dialog', dialog: 'saveAs' } },
        ...(mac ? [] : [separator, { label: 'Quit', action: { kind: 'role', role: 'quit' } } as const]),
      ],
    },
    {
      label: 'Edit',
      items: [
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', action: { kind: 'command', command: 'undo' } },
        { label: 'Redo', accelerator: mac ? 'Cmd+Shift+Z' : 'Ctrl+Y', action: { kind: 'command', command: 'redo' } },
        separator,
        { action: { kind: 'role', role: 'cut' } },
        { action: { kind: 'role', role: 'copy' } },
        { action: { kind: 'role', role: 'paste' } },
        { action: { kind: 'role', role: 'selectAll' } },
      ],
    },
    {
      label: 'View',
      items: [
        { label: 'Fit', accelerator: 'Shift+1', action: { kind: 'command', command: 'fit' } },
        { label: 'Auto Layout', accelerator: 'CmdOrCtrl+Shift+L', action: { kind: 'command', command: 'autoLayout' } },
        { label: 'Toggle Theme', accelerator: 'CmdOrCtrl+Shift+T', action: { kind: 'command', command: 'toggleTheme' } },
        separator,
        { action: { kind: 'role', role: 'togglefullscreen' } },
        { action: { kind: 'role', role: 'toggleDevTools' } },
      ],
    },
    {
      label: 'Run',
      items: [
        { label: 'Run…', accelerator: 'CmdOrCtrl+R', action: { kind: 'command', command: 'run' } },
        { label: 'Cancel Run', accelerator: 'CmdOrCtrl+.', action: { kind: 'command', command: 'cancelRun' } },
      ],
    },
  ];
}
