/**
 * What preload/index.ts exposes on `window`. The renderer cannot import preload code, so the
 * shape is restated here; with the desktop issue both sides are generated from engine/api.
 */
interface FlowbenchBridge {
  readonly version: string;
}

interface Window {
  /** Present in the desktop app; absent in a plain browser (browser mode uses WebSocket). */
  readonly flowbench?: FlowbenchBridge;
}
