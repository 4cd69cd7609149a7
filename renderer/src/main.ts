/**
 * Placeholder renderer entry: shows that the window loads. The canvas, inspector, runs and SQL
 * views arrive with the desktop issue.
 */
const root = document.getElementById('app');
if (root !== null) {
  const heading = document.createElement('h1');
  heading.textContent = 'Flowbench — the app arrives with the desktop issue';
  const version = document.createElement('p');
  version.textContent =
    window.flowbench === undefined ? 'browser mode' : `version ${window.flowbench.version}`;
  root.replaceChildren(heading, version);
}
