// ESLint for the whole repo. Besides the usual recommended rules it keeps the layers apart
// (STYLE.md item 1): each folder is a runtime, and an import that crosses into the wrong runtime
// is an error here and, where types allow, a compile error in that folder's tsconfig too.
// scripts/layer-rules.test.ts lints an offending file in every layer to prove each rule fires.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Top-level names only (`fs`, not `fs/promises`): the pattern below covers subpaths.
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_') && !name.includes('/'));

/**
 * One restricted-import pattern per layer rule: the import source is matched by `regex`; with
 * `allowTypeImports`, `import type …` from it stays allowed (the renderer may use engine types).
 * @typedef {{ regex: string, message: string, allowTypeImports?: boolean }} Forbidden
 */

/**
 * Engine modules the renderer may import *values* from: pure logic with no `node:` import in
 * their import graph, shared so the UI and the engine cannot disagree (one source of truth).
 * renderer/tsconfig.json (no Node types) compiles what they import, and
 * scripts/layer-rules.test.ts checks each one. Add a module here deliberately.
 */
export const PURE_ENGINE_MODULES = [
  'graph/structure', // a step's kind, splits and joins
  'graph/layout', // where cards go on the canvas (dagre)
  'runtime/parameters', // typed parameter values
  'runtime/task-states', // the fold of run events into task states
  'editor/indentation', // the file's indentation
  'editor/decorator-fields', // the inspector's decorator form
];

/** @satisfies {Record<string, Forbidden>} */
const forbid = {
  uiLibraries: {
    regex: '^(react|react-dom|zustand|@xyflow/[^/]+)(/.*)?$',
    message: 'UI libraries belong in renderer/ only.',
  },
  electron: {
    regex: '^electron(/.*)?$',
    message: 'electron belongs in main/ and preload/ only.',
  },
  nodeBuiltins: {
    regex: `^(node:.*|(${nodeBuiltins.join('|')})(/.*)?)$`,
    message:
      'renderer/ runs in Chromium without Node: reach the disk, processes and the network through the engine API (window.flowbench / WebSocket).',
  },
  appLayersFromEngine: {
    regex: '^(\\.\\./)+(main|preload|renderer)(/|$)',
    message: 'engine/ never imports the app layers (main/, preload/, renderer/); they import it.',
  },
  engineValuesFromRenderer: {
    regex: `^(\\.\\./)+engine(/(?!(${PURE_ENGINE_MODULES.join('|')})\\.js$)|$)`,
    allowTypeImports: true,
    message:
      'renderer/ may import only *types* from engine/ (`import type …`), or values from the pure modules listed in PURE_ENGINE_MODULES (eslint.config.js); other values come through the engine API.',
  },
  mainOrPreloadFromRenderer: {
    regex: '^(\\.\\./)+(main|preload)(/|$)',
    message: 'renderer/ never imports main/ or preload/ code; it talks to them through window.flowbench.',
  },
  appLayersFromMain: {
    regex: '^(\\.\\./)+(renderer|preload)(/|$)',
    message: 'main/ never imports renderer/ or preload/ code; they are separate bundles.',
  },
  anythingButContractFromPreload: {
    // Allowed: `electron`, the preload's own files (./…), and the contract (…/engine/api/…).
    regex: '^(?!electron$|\\./|(\\.\\./)+engine/api/).*$',
    message:
      'preload/ may import only `electron` (contextBridge, ipcRenderer) and the contract in engine/api.',
  },
};

/**
 * The rules that keep one layer: static imports and re-exports through
 * @typescript-eslint/no-restricted-imports, dynamic `import()` through no-restricted-syntax.
 * @param {Forbidden[]} rules
 * @returns {import('eslint').Linter.RulesRecord}
 */
function layerRules(rules) {
  return {
    'no-restricted-imports': 'off',
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: rules.map(({ regex, message, allowTypeImports }) => ({
          regex,
          message,
          allowTypeImports: allowTypeImports ?? false,
        })),
      },
    ],
    'no-restricted-syntax': [
      'error',
      ...rules.map(({ regex, message }) => ({
        selector: `ImportExpression > Literal.source[value=/${regex.replace(/\//g, '\\/')}/]`,
        message,
      })),
    ],
  };
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'coverage/**',
      'resources/python/**',
      '**/fixtures/**',
      '.flowbench-test/**',
      '*.config.*.mjs', // electron-vite/vite write these next to their config while loading it
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    rules: {
      // TypeScript checks names; no-undef only misfires on types and globals declared in .d.ts.
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // `import { type A } from 'x'` keeps `import 'x'` under verbatimModuleSyntax: the module
      // would still load. Type-only imports are written `import type { A } from 'x'`.
      '@typescript-eslint/no-import-type-side-effects': 'error',
    },
  },

  // Node code: the engine, the Electron main process, tooling.
  {
    files: [
      'engine/**/*.{ts,mts}',
      'main/**/*.ts',
      'scripts/**/*.{ts,js,mjs}',
      'bin/**/*.{js,mjs,cjs}',
      'e2e/**/*.ts',
      'bench/**/*.{js,mjs,ts}',
      '*.{js,mjs,cjs,ts}',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  // The launcher is CommonJS on purpose (it and the CLI bundle never start Node's ES module
  // loader; scripts/build-cli.mjs says why), so require() is how it imports.
  {
    files: ['bin/**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Sandboxed preload: a browser context with a few Node-ish globals.
  {
    files: ['preload/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // The renderer: a browser.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },

  // ---- Layer rules (STYLE.md item 1) ----
  {
    files: ['engine/**/*.{ts,mts}'],
    rules: layerRules([forbid.electron, forbid.uiLibraries, forbid.appLayersFromEngine]),
  },
  {
    files: ['main/**/*.ts'],
    rules: layerRules([forbid.uiLibraries, forbid.appLayersFromMain]),
  },
  {
    files: ['preload/**/*.ts'],
    rules: layerRules([forbid.anythingButContractFromPreload]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: layerRules([
      forbid.nodeBuiltins,
      forbid.electron,
      forbid.engineValuesFromRenderer,
      forbid.mainOrPreloadFromRenderer,
    ]),
  },
  {
    // Renderer tests run in Node under vitest; they may read fixtures from disk. Everything else
    // about the layer still holds for them.
    files: ['renderer/**/*.test.{ts,tsx}'],
    rules: layerRules([forbid.electron, forbid.engineValuesFromRenderer, forbid.mainOrPreloadFromRenderer]),
  },
);
