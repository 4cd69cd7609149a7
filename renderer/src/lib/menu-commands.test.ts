import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppCommand } from '../../../engine/api/contract.js';
import { useFlowStore } from '../stores/flow-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { listenToNativeMenu } from './menu-commands.js';

/** A stand-in for the preload's `onCommand` (the real one needs Electron, which is not here). */
function fakeBridge() {
  let listener: ((command: AppCommand) => void) | null = null;
  return {
    bridge: { onCommand: (l: (command: AppCommand) => void) => ((listener = l), () => (listener = null)) },
    send: (command: AppCommand) => listener?.(command),
    listening: () => listener !== null,
  };
}

describe('native menu commands', () => {
  beforeEach(() => useUiStore.getState().openDialog(null));

  it('opens the flow a person picked in the native Open dialog', () => {
    const open = vi.spyOn(useFlowStore.getState(), 'open').mockResolvedValue(true);
    const menu = fakeBridge();
    const stop = listenToNativeMenu(menu.bridge);
    menu.send({ command: 'openFlow', path: '/flows/train.py' });
    expect(open).toHaveBeenCalledWith('/flows/train.py');
    stop();
    expect(menu.listening()).toBe(false);
  });

  it('saves the current source under a new name with Save As', async () => {
    useFlowStore.setState({ doc: { path: '/a.py', source: 'SOURCE' } as never });
    const create = vi.spyOn(useFlowStore.getState(), 'create').mockResolvedValue(true);
    const setSource = vi.spyOn(useFlowStore.getState(), 'setSource').mockResolvedValue(true);
    const menu = fakeBridge();
    listenToNativeMenu(menu.bridge);
    menu.send({ command: 'saveAs', path: '/b.py' });
    await vi.waitFor(() => expect(setSource).toHaveBeenCalledWith('SOURCE'));
    expect(create).toHaveBeenCalledWith('/b.py', 'empty');
  });

  it('runs the same actions as the keyboard (Run… opens the run form)', () => {
    useFlowStore.setState({ doc: { path: '/a.py', source: '' } as never });
    const menu = fakeBridge();
    listenToNativeMenu(menu.bridge);
    menu.send({ command: 'run' });
    expect(useUiStore.getState().dialog).toBe('runForm');
  });

  it('listens to nothing in browser mode', () => {
    expect(listenToNativeMenu(undefined)()).toBeUndefined();
  });
});
