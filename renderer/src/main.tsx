/** The renderer's entry: mounts the app. The engine is reached only through src/api/client.ts. */
import '@xyflow/react/dist/style.css';
import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getClient } from './api/client.js';
import { App } from './components/App.js';

// Connect first: the socket opens while React renders the shell (the bench's load → interactive).
getClient();

const root = document.getElementById('app');
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
