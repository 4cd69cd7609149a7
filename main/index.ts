/**
 * Composition root of the desktop app: config → store → backend → engine API, the IPC bridge,
 * the window, the menu, and desktop notifications. Logic lives in the pure modules beside this
 * one (ipc.ts, menu-spec.ts, run-notification.ts, window-policy.ts), tested without Electron.
 */
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, Notification } from 'electron';
import { EVENT_CHANNEL } from '../engine/api/contract.js';
import { createApi } from '../engine/api/create-api.js';
import { defaultEditor } from '../engine/api/editor-bindings.js';
import { EventBatcher } from '../engine/api/event-batcher.js';
import { backendChoices } from '../engine/composition/backend-choice.js';
import { loadConfig } from '../engine/config/config.js';
import { RunStore } from '../engine/store/run-store.js';
import { remoteBlobFetcher } from '../engine/sync/remote-fetcher.js';
import { appPageUrl, createWindow } from './create-window.js';
import { registerApi } from './ipc.js';
import { installMenu } from './menu.js';
import { runNotification } from './run-notification.js';

let mainWindow: BrowserWindow | null = null;

async function openWindow(): Promise<void> {
  mainWindow = await createWindow();
  mainWindow.on('closed', () => (mainWindow = null));
}

// One instance at a time: a second launch focuses the first window instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // A packaged app carries the step runtime beside app.asar (electron-builder extraResources),
  // where Python can read it; from a checkout, config.ts finds resources/python itself.
  const env = app.isPackaged && !process.env['FLOWBENCH_RUNTIME_PATH']
    ? { ...process.env, FLOWBENCH_RUNTIME_PATH: join(process.resourcesPath, 'python') }
    : process.env;
  const config = loadConfig(env);
  const backends = backendChoices(config, env);
  // Started from a desktop icon the working directory is often `/`: files open from home then.
  const cwd = process.cwd() === '/' ? app.getPath('home') : process.cwd();
  const store = RunStore.open(config.home);
  // Teammates' blobs come from the remotes when first opened (the AWS SDK loads only then).
  store.blobs.setFetcher(remoteBlobFetcher(config.home));
  const api = createApi({
    config,
    store,
    backends,
    defaultBackend: 'local',
    editor: defaultEditor,
    mode: 'electron',
    version: app.getVersion(),
    cwd,
  });
  registerApi(ipcMain, api, () =>
    mainWindow && !mainWindow.isDestroyed() ? { webContentsId: mainWindow.webContents.id, appUrl: appPageUrl() } : undefined,
  );
  // One message per batch of events (about 50 ms), not one per event: see event-batcher.ts.
  const toWindow = new EventBatcher(
    (batch) => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(EVENT_CHANNEL, batch);
    },
    { onInvalid: (message) => console.error(message) },
  );
  api.onEvent((event) => {
    toWindow.push(event);
    const note = runNotification(event);
    if (note && Notification.isSupported()) new Notification(note).show();
  });

  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void openWindow();
  });

  // Runs still going are cancelled (their tasks stopped) before the app exits.
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    void api
      .close()
      .then(() => Promise.all(Object.values(backends).map((choice) => choice.close())))
      .finally(() => app.quit());
  });

  void app.whenReady().then(async () => {
    installMenu(() => mainWindow);
    await openWindow();
  });
}
