/**
 * The preload script: the only bridge between the sandboxed renderer and the main process.
 * It exposes one frozen object, `window.flowbench`, with one named member per API entry — never a
 * generic `invoke(channel)`. For now that is only the version; the typed engine API (engine/api)
 * is generated into it with the desktop issue.
 *
 * Runs sandboxed: it may import only `electron` and the contract in engine/api (eslint enforces
 * this), and is bundled to CommonJS (out/preload/index.cjs) because sandboxed preloads cannot be
 * ES modules.
 */
import { contextBridge } from 'electron';

const flowbench = Object.freeze({
  version: __FLOWBENCH_VERSION__,
});

/** The shape of `window.flowbench`, as the renderer sees it. */
export type FlowbenchBridge = typeof flowbench;

contextBridge.exposeInMainWorld('flowbench', flowbench);
