/** Draws the app into the page; loaded by main.tsx once the first requests are on their way. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App.js';
import { useFlowStore } from './stores/flow-store.js';

/**
 * How long the first render waits for the flow main.tsx asked for. Drawn once with the flow, the
 * app skips a render of an empty shell and its redraw a moment later; an engine slower than this
 * gets the shell first and the flow when it comes.
 */
const FIRST_FLOW_WAIT_MS = 500;

export async function mount(root: HTMLElement, firstFlow: string | null): Promise<void> {
  if (firstFlow !== null) {
    const opened = useFlowStore.getState().open(firstFlow); // adopts main.tsx's early request
    await Promise.race([opened, new Promise((resolve) => setTimeout(resolve, FIRST_FLOW_WAIT_MS))]);
  }
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
