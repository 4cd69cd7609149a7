/**
 * Builds the desktop app's three bundles with `npm run build:app` (electron-vite build; no
 * Electron binary needed):
 *   main/index.ts      → out/main/index.js      (ES module, Node target; package.json "main")
 *   preload/index.ts   → out/preload/index.cjs  (CommonJS: sandboxed preloads cannot be ESM)
 *   renderer/index.html→ out/renderer/          (Chromium target, relative asset paths for file://)
 * The engine is built separately by tsc (out/engine) for the CLI; main bundles what it imports.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

const root = import.meta.dirname;
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };

/**
 * The page's entry (renderer/src/main.tsx) is small and imports the app's chunk itself, after
 * sending its first requests. Without a hint the browser would find that chunk only once the
 * entry has run: a `modulepreload` link in index.html lets it download (and compile) the app
 * while the entry is still arriving (issue 11).
 */
function preloadChunk(chunkName: string): Plugin {
  return {
    name: 'flowbench-preload-chunk',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const chunk = Object.values(context.bundle ?? {}).find((file) => file.type === 'chunk' && file.name === chunkName);
        if (chunk === undefined) return [];
        return [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${chunk.fileName}` }, injectTo: 'head' }];
      },
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rollupOptions: {
        input: { index: resolve(root, 'main/index.ts') },
      },
    },
  },
  preload: {
    define: {
      __FLOWBENCH_VERSION__: JSON.stringify(pkg.version),
    },
    build: {
      // A sandboxed preload can require only `electron`: bundle its one dependency (zod, through
      // the contract) into the file instead of leaving a require('zod') that would fail.
      externalizeDeps: { exclude: ['zod'] },
      outDir: resolve(root, 'out/preload'),
      rollupOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    // React's JSX transform (automatic runtime); the renderer is React + @xyflow/react.
    plugins: [react(), preloadChunk('mount')],
    base: './',
    build: {
      outDir: resolve(root, 'out/renderer'),
      // electron-vite leaves the renderer unminified; browser mode loads it over HTTP, and the
      // bench's load → interactive time (target < 1 s) includes parsing it.
      minify: true,
      rollupOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
      },
    },
  },
});
