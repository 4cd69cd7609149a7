/**
 * The renderer's entry, kept small (issue 11): it connects, asks for the flow the first screen
 * shows, and only then loads the app's chunk — so the engine reads the flow while the browser
 * downloads and compiles React, React Flow and the app, not after. The engine is reached only
 * through src/api/client.ts.
 */
import '@xyflow/react/dist/style.css';
import './styles/app.css';
import { getClient } from './api/client.js';
import { sendEarly } from './api/early-requests.js';
import { firstFlow } from './lib/first-flow.js';

getClient();
const path = firstFlow(window.location.search);
if (path !== null) {
  // The runs list of the same flow next (the toolbar's request, in the default namespace).
  sendEarly('flows.open', { path }).then(
    (doc) => (doc.graph.flowName ? void sendEarly('runs.list', { flow: doc.graph.flowName }) : undefined),
    () => undefined, // the flow store reports it when it adopts the answer
  );
}

const root = document.getElementById('app');
import('./mount.js')
  .then(({ mount }) => (root === null ? undefined : mount(root, path)))
  .catch((error: unknown) => {
    if (root !== null) root.textContent = `Flowbench could not start (${error instanceof Error ? error.message : String(error)}). Reload the page.`;
  });
