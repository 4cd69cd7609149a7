/**
 * Builds the native menu from menu-spec.ts and carries out its actions: native file dialogs in
 * main, everything else forwarded to the renderer as an AppCommand.
 */
import { BrowserWindow, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import { COMMAND_CHANNEL, type AppCommand } from '../engine/api/contract.js';
import { assertNever } from '../engine/errors/assert-never.js';
import { menuSpec, type FileDialog, type MenuAction, type MenuItemSpec } from './menu-spec.js';

function send(window: BrowserWindow | null, command: AppCommand): void {
  if (window && !window.isDestroyed()) window.webContents.send(COMMAND_CHANNEL, command);
}

/** Asks for a path with a native dialog; undefined when the person cancels. */
async function pick(window: BrowserWindow, kind: FileDialog): Promise<string | undefined> {
  const py = [{ name: 'Python flows', extensions: ['py'] }];
  if (kind === 'openFlow' || kind === 'openFolder') {
    const result = await dialog.showOpenDialog(window, {
      title: kind === 'openFlow' ? 'Open Flow' : 'Open Folder',
      properties: [kind === 'openFlow' ? 'openFile' : 'openDirectory'],
      ...(kind === 'openFlow' ? { filters: py } : {}),
    });
    return result.canceled ? undefined : result.filePaths[0];
  }
  const result = await dialog.showSaveDialog(window, {
    title: kind === 'newFlow' ? 'New Flow' : 'Save Flow As',
    defaultPath: kind === 'newFlow' ? 'new_flow.py' : undefined,
    filters: py,
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  });
  return result.canceled ? undefined : result.filePath;
}

function item(spec: MenuItemSpec, window: () => BrowserWindow | null): MenuItemConstructorOptions {
  if ('separator' in spec) return { type: 'separator' };
  const action: MenuAction = spec.action;
  const base: MenuItemConstructorOptions = { ...(spec.label ? { label: spec.label } : {}), ...(spec.accelerator ? { accelerator: spec.accelerator } : {}) };
  switch (action.kind) {
    case 'role':
      return { ...base, role: action.role };
    case 'command':
      return { ...base, click: () => send(window(), { command: action.command }) };
    case 'dialog':
      return {
        ...base,
        click: () => {
          const target = window();
          if (!target) return;
          void pick(target, action.dialog).then((path) => path && send(target, { command: action.dialog, path }));
        },
      };
    default:
      return assertNever(action, 'menu action');
  }
}

export function installMenu(window: () => BrowserWindow | null): void {
  const template = menuSpec(process.platform).map((menu) => ({ label: menu.label, submenu: menu.items.map((spec) => item(spec, window)) }));
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
