/**
 * The one way an app window is made. Secure by construction: an isolated, sandboxed renderer
 * without Node, a strict CSP, no pop-ups, no navigation away from the app, and external links
 * handed to the user's browser (http/https only). The decisions live in window-policy.ts, where
 * they are tested without Electron.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, shell, type WebContents } from 'electron';
import {
  CONTENT_SECURITY_POLICY,
  externalLinkTarget,
  isAllowedNavigation,
  isPermissionGranted,
} from './window-policy.js';

/** Where the renderer comes from: electron-vite's dev server in development, else the built page. */
function rendererUrl(): { kind: 'url'; url: string } | { kind: 'file'; file: string } {
  const devServer = process.env['ELECTRON_RENDERER_URL'];
  if (devServer !== undefined && devServer !== '') return { kind: 'url', url: devServer };
  return { kind: 'file', file: path.join(import.meta.dirname, '../renderer/index.html') };
}

/** The URL the app page has once loaded: what IPC senders and navigations are checked against. */
export function appPageUrl(): string {
  const source = rendererUrl();
  return source.kind === 'url' ? source.url : pathToFileURL(source.file).href;
}

function openExternally(url: string): void {
  const target = externalLinkTarget(url);
  if (target !== undefined) void shell.openExternal(target);
}

/** Applies the navigation, pop-up, permission and CSP rules to one window's contents. */
function guard(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  const refuseNavigation = (event: Electron.Event, url: string): void => {
    if (isAllowedNavigation(url, contents.getURL())) return;
    event.preventDefault();
    openExternally(url);
  };
  contents.on('will-navigate', refuseNavigation);
  contents.on('will-redirect', refuseNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());

  const session = contents.session;
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(isPermissionGranted(permission)),
  );
  session.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));
  // The built page carries the CSP in a meta tag; the header also covers the dev server.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
}

/** Creates the main window and loads the renderer into it. */
export async function createWindow(): Promise<BrowserWindow> {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    title: 'Flowbench',
    webPreferences: {
      preload: path.join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  guard(window.webContents);
  window.once('ready-to-show', () => window.show());

  const source = rendererUrl();
  if (source.kind === 'url') await window.loadURL(source.url);
  else await window.loadFile(source.file);
  return window;
}
