/**
 * Packaging cannot run here (it needs an Electron binary), so the next best check: the config
 * loads and passes electron-builder's own schema, and it keeps the decisions that matter.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, test } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

interface BuilderConfig {
  appId?: string;
  electronDist?: unknown;
  files?: unknown;
  extraResources?: { from: string; to: string }[];
  linux?: { target?: string[]; category?: string };
  mac?: { target?: string[]; category?: string };
  win?: { target?: string[] };
}

interface AppBuilderConfigModule {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
}

test('electron-builder.yml is valid and packages what the app needs', async () => {
  // app-builder-lib is electron-builder's own library; resolve it the way electron-builder does.
  const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
  const config = fromBuilder('app-builder-lib/out/util/config/config') as AppBuilderConfigModule;
  const { DebugLogger } = fromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

  const loaded = await config.getConfig(root, null, null);
  await config.validateConfiguration(loaded, new DebugLogger(false));

  expect(loaded.appId).toBe('dev.flowbench.app');
  expect(loaded.electronDist).toBeUndefined(); // given on the command line when offline
  expect(JSON.stringify(loaded.files)).toContain('"out/**"');
  expect(loaded.extraResources?.map((r) => r.from)).toEqual(['resources/python', 'resources/examples']);
  expect(loaded.linux?.target).toEqual(['AppImage', 'deb']);
  expect(loaded.mac?.target).toEqual(['dmg']);
  expect(loaded.win?.target).toEqual(['nsis']);
});
