/**
 * Parts of the app the first screen does not need, loaded the first time they are shown: the
 * code editor (CodeMirror is most of the bundle), the timeline and the dialogs. The canvas
 * becomes interactive without waiting for them (issue 11; `npm run bench:app`).
 *
 * Each part has its own Suspense boundary, so a part still loading never holds back the rest.
 */
import { lazy, Suspense, type ComponentProps, type ComponentType, type ReactNode } from 'react';
import type { CodeEditor as CodeEditorComponent } from './CodeEditor.js';

function deferred<P extends object>(load: () => Promise<ComponentType<P>>, fallback: ReactNode = null): ComponentType<P> {
  const Part = lazy(async () => ({ default: await load() }));
  return function Deferred(props: P) {
    return (
      <Suspense fallback={fallback}>
        <Part {...props} />
      </Suspense>
    );
  };
}

export const LazyCodeEditor = deferred<ComponentProps<typeof CodeEditorComponent>>(async () => (await import('./CodeEditor.js')).CodeEditor);
export const LazyTimeline = deferred(async () => (await import('./Timeline.js')).Timeline);
export const LazyCommandPalette = deferred(async () => (await import('./CommandPalette.js')).CommandPalette);
export const LazyOpenFlowDialog = deferred(async () => (await import('./FileBrowser.js')).OpenFlowDialog);
export const LazyNewFlowDialog = deferred(async () => (await import('./FileBrowser.js')).NewFlowDialog);
export const LazyRunFormDialog = deferred(async () => (await import('./RunFormDialog.js')).RunFormDialog);
