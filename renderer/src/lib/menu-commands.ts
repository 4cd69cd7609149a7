/**
 * The desktop app's native menus (main/menu.ts) send commands to the page; this runs them with
 * the same actions as the keyboard and the command palette. In browser mode there is no native
 * menu and nothing to listen to.
 */
import type { AppCommand, FlowbenchBridge } from '../../../engine/api/contract.js';
import { useFlowStore } from '../stores/flow-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { COMMANDS } from './commands.js';

function runCommand(id: string): void {
  const command = COMMANDS.find((c) => c.id === id);
  if (command && (command.enabled?.() ?? true)) command.run();
}

/** Save As: a new file with the flow's current source (the new file is what stays open). */
async function saveAs(path: string): Promise<void> {
  const flow = useFlowStore.getState();
  const source = flow.doc?.source;
  if (source === undefined) return;
  if (await flow.create(path, 'empty')) await useFlowStore.getState().setSource(source);
}

export function runMenuCommand(message: AppCommand): void {
  switch (message.command) {
    case 'newFlow':
      void useFlowStore.getState().create(message.path, 'empty');
      break;
    case 'openFlow':
      void useFlowStore.getState().open(message.path);
      break;
    case 'openFolder':
      useUiStore.getState().openDialog('fileBrowser');
      break;
    case 'saveAs':
      void saveAs(message.path);
      break;
    case 'undo':
    case 'redo':
    case 'fit':
      runCommand(message.command);
      break;
    case 'autoLayout':
      runCommand('layout');
      break;
    case 'toggleTheme':
      runCommand('theme');
      break;
    case 'run':
      runCommand('run');
      break;
    case 'cancelRun':
      runCommand('cancel');
      break;
    default: {
      const unknown: never = message;
      void unknown;
    }
  }
}

/** Subscribes to native menu commands when the page runs inside the desktop app. */
export function listenToNativeMenu(bridge: unknown): () => void {
  const onCommand = (bridge as Partial<FlowbenchBridge> | undefined)?.onCommand;
  return typeof onCommand === 'function' ? onCommand(runMenuCommand) : () => undefined;
}
