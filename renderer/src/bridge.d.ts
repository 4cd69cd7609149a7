/**
 * The preload exposes `window.flowbench` in the desktop app (one named method per request of
 * the engine API plus `onEvents`); it is absent in a plain browser, where the client uses a
 * WebSocket. The renderer reaches it only through src/api/client.ts.
 */
interface Window {
  readonly flowbench?: unknown;
}
