/**
 * The layer rules of STYLE.md item 1, tested: for each layer an offending file is linted (with a
 * file path inside that layer, so the layer's rules apply) and, where the rule is a matter of
 * types, compiled against that layer's tsconfig. Each case also has an allowed twin, so a rule
 * that fires on everything fails here too. No file is written: ESLint lints text, TypeScript
 * compiles a virtual file.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { beforeAll, describe, expect, test } from 'vitest';
import { PURE_ENGINE_MODULES } from '../eslint.config.js';

const root = path.resolve(import.meta.dirname, '..');

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The rule ids and messages ESLint reports for `code` as if it were the file `file`. */
async function lint(file: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  if (result === undefined) throw new Error(`ESLint returned no result for ${file}`);
  return result.messages.map(({ ruleId, message }) => ({ ruleId, message }));
}

const LAYER_RULES = new Set([
  '@typescript-eslint/no-restricted-imports',
  'no-restricted-syntax',
  '@typescript-eslint/no-import-type-side-effects',
]);

async function layerViolations(file: string, code: string): Promise<string[]> {
  const messages = await lint(file, code);
  return messages.filter((m) => m.ruleId !== null && LAYER_RULES.has(m.ruleId)).map((m) => m.message);
}

interface Case {
  readonly name: string;
  readonly code: string;
  /** A fragment of the expected message. */
  readonly says: string;
}

const refused: Record<string, { file: string; cases: Case[] }> = {
  engine: {
    file: 'engine/graph/__layer-check.ts',
    cases: [
      { name: 'electron', code: `import { app } from 'electron';\nexport const a = app;`, says: 'main/ and preload/ only' },
      { name: 'react', code: `import { useState } from 'react';\nexport const a = useState;`, says: 'renderer/ only' },
      { name: 'react-dom/client', code: `import { createRoot } from 'react-dom/client';\nexport const a = createRoot;`, says: 'renderer/ only' },
      { name: '@xyflow/react', code: `import { ReactFlow } from '@xyflow/react';\nexport const a = ReactFlow;`, says: 'renderer/ only' },
      { name: 'zustand', code: `import { create } from 'zustand';\nexport const a = create;`, says: 'renderer/ only' },
      { name: 'a type from electron', code: `import type { App } from 'electron';\nexport type A = App;`, says: 'main/ and preload/ only' },
      { name: 'main/', code: `import { createWindow } from '../../main/create-window.js';\nexport const a = createWindow;`, says: 'never imports the app layers' },
      { name: 'a dynamic import of electron', code: `export const a = await import('electron');`, says: 'main/ and preload/ only' },
    ],
  },
  renderer: {
    file: 'renderer/src/__layer-check.ts',
    cases: [
      { name: 'node:fs', code: `import { readFileSync } from 'node:fs';\nexport const a = readFileSync;`, says: 'without Node' },
      { name: 'fs (bare)', code: `import { readFileSync } from 'fs';\nexport const a = readFileSync;`, says: 'without Node' },
      { name: 'child_process', code: `import { spawn } from 'child_process';\nexport const a = spawn;`, says: 'without Node' },
      { name: 'fs/promises', code: `import { readFile } from 'fs/promises';\nexport const a = readFile;`, says: 'without Node' },
      { name: 'electron', code: `import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;`, says: 'main/ and preload/ only' },
      { name: 'an engine value', code: `import { parseFlow } from '../../engine/graph/parse.js';\nexport const a = parseFlow;`, says: 'only *types* from engine/' },
      { name: 'a value from a module beside a pure one', code: `import { stepOptions } from '../../engine/runtime/step-options.js';\nexport const a = stepOptions;`, says: 'PURE_ENGINE_MODULES' },
      { name: 'a value from a pure module under another name', code: `import { analyzeGraph } from '../../engine/graph/structure-x.js';\nexport const a = analyzeGraph;`, says: 'PURE_ENGINE_MODULES' },
      { name: 'an engine value next to a type', code: `import { type FlowGraph, parseFlow } from '../../engine/graph/parse.js';\nexport const a: FlowGraph = parseFlow('');`, says: 'only *types* from engine/' },
      { name: 'a re-exported engine value', code: `export { parseFlow } from '../../engine/graph/parse.js';`, says: 'only *types* from engine/' },
      { name: 'an inline type import (would still load the module)', code: `import { type FlowGraph } from '../../engine/graph/flow-graph.js';\nexport type A = FlowGraph;`, says: 'side effect import' },
      { name: 'a dynamic import of the engine', code: `export const a = await import('../../engine/graph/parse.js');`, says: 'only *types* from engine/' },
      { name: 'preload/', code: `import '../../preload/index.js';`, says: 'never imports main/ or preload/' },
    ],
  },
  preload: {
    file: 'preload/__layer-check.ts',
    cases: [
      { name: 'node:fs', code: `import { readFileSync } from 'node:fs';\nexport const a = readFileSync;`, says: 'only `electron`' },
      { name: 'an engine module outside the contract', code: `import { parseFlow } from '../engine/graph/parse.js';\nexport const a = parseFlow;`, says: 'only `electron`' },
      { name: 'a package', code: `import { z } from 'zod';\nexport const a = z;`, says: 'only `electron`' },
      { name: 'an electron subpath', code: `import { x } from 'electron/main';\nexport const a = x;`, says: 'only `electron`' },
      { name: 'a dynamic import', code: `export const a = await import('node:child_process');`, says: 'only `electron`' },
    ],
  },
  main: {
    file: 'main/__layer-check.ts',
    cases: [
      { name: 'react', code: `import { useState } from 'react';\nexport const a = useState;`, says: 'renderer/ only' },
      { name: 'renderer/', code: `import '../renderer/src/main.js';`, says: 'never imports renderer/ or preload/' },
      { name: 'preload/', code: `import '../preload/index.js';`, says: 'never imports renderer/ or preload/' },
    ],
  },
};

const allowed: Record<string, { file: string; code: string }> = {
  engine: {
    file: 'engine/graph/__layer-check.ts',
    code: [
      `import { readFile } from 'node:fs/promises';`,
      `import { z } from 'zod';`,
      `import type { FlowGraph } from './flow-graph.js';`,
      `import { mainStep } from '../cli/main.js';`,
      `export const a = [readFile, z, mainStep];`,
      `export type A = FlowGraph;`,
    ].join('\n'),
  },
  renderer: {
    file: 'renderer/src/__layer-check.ts',
    code: [
      `import type { FlowGraph } from '../../engine/graph/flow-graph.js';`,
      `export type { SourceSpan } from '../../engine/graph/flow-graph.js';`,
      `import { create } from 'zustand';`,
      `import { ReactFlow } from '@xyflow/react';`,
      `import { helper } from './helper.js';`,
      `import { analyzeGraph } from '../../engine/graph/structure.js';`,
      `export const a = [create, ReactFlow, helper, analyzeGraph];`,
      `export type A = FlowGraph;`,
    ].join('\n'),
  },
  preload: {
    file: 'preload/__layer-check.ts',
    code: [
      `import { contextBridge, ipcRenderer } from 'electron';`,
      `import { requests } from '../engine/api/contract.js';`,
      `import { expose } from './expose.js';`,
      `export const a = [contextBridge, ipcRenderer, requests, expose];`,
    ].join('\n'),
  },
  main: {
    file: 'main/__layer-check.ts',
    code: [
      `import { app } from 'electron';`,
      `import path from 'node:path';`,
      `import { requests } from '../engine/api/contract.js';`,
      `export const a = [app, path, requests];`,
    ].join('\n'),
  },
};

describe('eslint refuses imports that cross into the wrong runtime', () => {
  for (const [layer, { file, cases }] of Object.entries(refused)) {
    describe(layer, () => {
      test.each(cases)('$name', async ({ code, says }) => {
        const violations = await layerViolations(file, code);
        expect(violations.length, `no layer rule fired for ${file}:\n${code}`).toBeGreaterThan(0);
        expect(violations.join('\n')).toContain(says);
      });
    });
  }
});

describe('eslint lets each layer import what it may', () => {
  test.each(Object.entries(allowed))('%s', async (_layer, { file, code }) => {
    expect(await layerViolations(file, code)).toEqual([]);
  });
});

/**
 * Compiles one virtual file, as if it were at `file`, with the options of the layer's tsconfig,
 * and returns the diagnostics about that file.
 */
function compile(tsconfig: string, file: string, code: string, everyFile = false): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, tsconfig), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (parsed === undefined) throw new Error(`cannot read ${tsconfig}`);
  const virtual = path.join(root, file);
  const host = ts.createCompilerHost(parsed.options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => f === virtual || fileExists.call(host, f);
  host.readFile = (f) => (f === virtual ? code : readFile.call(host, f));
  host.getSourceFile = (f, language, ...rest) =>
    f === virtual
      ? ts.createSourceFile(f, code, language, true)
      : getSourceFile.call(host, f, language, ...rest);
  const program = ts.createProgram({ rootNames: [virtual], options: parsed.options, host });
  const source = program.getSourceFile(virtual);
  if (source === undefined) throw new Error(`the program did not load ${virtual}`);
  return ts
    .getPreEmitDiagnostics(program, everyFile ? undefined : source)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('each layer’s tsconfig makes a wrong runtime a compile error', () => {
  const nodeFs = `import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n`;
  const dom = `export const title = document.title;\n`;

  test('renderer: node:fs does not compile (no Node types)', () => {
    expect(compile('renderer/tsconfig.json', 'renderer/src/__layer-check.ts', nodeFs).join('\n')).toContain(
      "Cannot find module 'node:fs'",
    );
  });

  test('renderer: every pure engine module it may import compiles without Node (nor do theirs)', () => {
    const imports = PURE_ENGINE_MODULES.map((m, i) => `import * as m${i} from '../../engine/${m}.js';`).join('\n');
    const code = `${imports}\nexport const all = [${PURE_ENGINE_MODULES.map((_m, i) => `m${i}`).join(', ')}];\n`;
    expect(compile('renderer/tsconfig.json', 'renderer/src/__layer-check.ts', code, true)).toEqual([]);
    // The check can fail: a module that reaches Node does not compile here.
    const impure = compile('renderer/tsconfig.json', 'renderer/src/__layer-check.ts', `import * as s from '../../engine/store/run-store.js';\nexport const a = s;\n`, true);
    expect(impure.join('\n')).toMatch(/node:|Buffer|NodeJS/);
  });

  test('renderer: the DOM compiles', () => {
    expect(compile('renderer/tsconfig.json', 'renderer/src/__layer-check.ts', dom)).toEqual([]);
  });

  test.each([
    ['engine', 'engine/tsconfig.json', 'engine/graph/__layer-check.ts'],
    ['main', 'main/tsconfig.json', 'main/__layer-check.ts'],
  ])('%s: the DOM does not compile, node:fs does', (_layer, tsconfig, file) => {
    expect(compile(tsconfig, file, dom).join('\n')).toContain("Cannot find name 'document'");
    expect(compile(tsconfig, file, nodeFs)).toEqual([]);
  });
});
