/**
 * The one way the renderer reaches the engine in the desktop app: every contract method is
 * registered here, on `flowbench:<method>`, through one helper that
 *   1. checks the sender is the app's own window showing the app's own page (top frame),
 *   2. validates the arguments with the contract's zod schema (inside `api.dispatch`),
 *   3. returns an ApiResult — never throws across IPC (Electron would log the stack and hand the
 *      renderer an opaque Error).
 * No `electron` import: the parts of ipcMain and its events used here are described below, so the
 * helper is tested with fakes (see ipc.test.ts).
 */
import { API_METHODS, ipcChannel, type ApiResult } from '../engine/api/contract.js';
import type { Api } from '../engine/api/create-api.js';
import { isAllowedNavigation } from './window-policy.js';

/** What the helper reads from an `IpcMainInvokeEvent`. */
export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, args: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** The window the API serves: its contents' id and the URL the app page was loaded from. */
export interface AppWindowIdentity {
  readonly webContentsId: number;
  readonly appUrl: string;
}

/** Whether an IPC call comes from the app's own page in the app's own window. */
export function isAppSender(event: InvokeEventLike, app: AppWindowIdentity | undefined): boolean {
  if (app === undefined) return false;
  if (event.sender.id !== app.webContentsId) return false;
  const frame = event.senderFrame;
  // A destroyed frame (null), a sub-frame, or a page navigated away from the app: refused.
  if (frame === null || frame.parent !== null) return false;
  return isAllowedNavigation(frame.url, app.appUrl);
}

/** Handles one call: the helper every channel goes through. */
export async function handleCall(api: Pick<Api, 'dispatch'>, method: string, event: InvokeEventLike, args: unknown, app: AppWindowIdentity | undefined): Promise<ApiResult<unknown>> {
  if (!isAppSender(event, app)) {
    return { ok: false, error: { code: 'bad-argument', message: `${method}: refused, the call did not come from the Flowbench window.` } };
  }
  try {
    return await api.dispatch(method, args);
  } catch (error) {
    // dispatch promises never to throw; should a bug break that promise, the renderer still gets
    // a value it can show, not an opaque IPC error (and Electron does not log a stack for it).
    return { ok: false, error: { code: 'internal', message: `${method} failed inside Flowbench: ${error instanceof Error ? error.message : String(error)}` } };
  }
}

/**
 * Registers every contract method. `app()` answers which window is the app's now (it changes when
 * the window is re-created on macOS). Returns the function that unregisters them.
 */
export function registerApi(ipc: IpcMainLike, api: Pick<Api, 'dispatch'>, app: () => AppWindowIdentity | undefined): () => void {
  for (const method of API_METHODS) {
    ipc.handle(ipcChannel(method), (event, args) => handleCall(api, method, event, args, app()));
  }
  return () => {
    for (const method of API_METHODS) ipc.removeHandler(ipcChannel(method));
  };
}
