/**
 * The preload script: the only bridge between the sandboxed renderer and the main process.
 * It exposes one frozen object, `window.flowbench`: one named method per contract entry,
 * generated from the contract's method list (`flows.open` → `flowbench.flowsOpen(args)`), plus
 * `onEvents` (the engine's events, a batch per message) and `onCommand`. Never a generic `invoke(channel)`: the page can reach exactly the
 * contract's channels and nothing else.
 *
 * Runs sandboxed: it may import only `electron` and the contract in engine/api (eslint enforces
 * this), and is bundled to CommonJS (out/preload/index.cjs) because sandboxed preloads cannot be
 * ES modules.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  API_METHODS,
  BRIDGE_NAMES,
  COMMAND_CHANNEL,
  EVENT_CHANNEL,
  ipcChannel,
  type ApiEventBatch,
  type ApiEventBatchListener,
  type AppCommand,
  type AppCommandListener,
  type FlowbenchBridge,
} from '../engine/api/contract.js';

const methods: Record<string, (args: unknown) => Promise<unknown>> = {};
for (const method of API_METHODS) {
  const name = BRIDGE_NAMES[method];
  const channel = ipcChannel(method);
  // A named function per entry (its `name` is the bridge name), bound to its one channel.
  methods[name] = { [name]: (args: unknown) => ipcRenderer.invoke(channel, args ?? {}) }[name]!;
}

function listen<T>(channel: string, listener: (value: T) => void): () => void {
  // The page's listener gets the payload only, never Electron's event (it carries `sender`).
  const forward = (_event: IpcRendererEvent, value: T): void => listener(value);
  ipcRenderer.on(channel, forward);
  return () => void ipcRenderer.removeListener(channel, forward);
}

const flowbench = Object.freeze({
  ...methods,
  version: __FLOWBENCH_VERSION__,
  onEvents: (listener: ApiEventBatchListener) => listen<ApiEventBatch>(EVENT_CHANNEL, listener),
  onCommand: (listener: AppCommandListener) => listen<AppCommand>(COMMAND_CHANNEL, listener),
}) as unknown as FlowbenchBridge;

contextBridge.exposeInMainWorld('flowbench', flowbench);

export type { FlowbenchBridge };
