/**
 * Parts of the app the first screen does not need, loaded the first time they are shown: the
 * code editor (CodeMirror is most of the bundle) and the timeline. The canvas becomes interactive
 * without waiting for them (issue 11; `npm run bench:app`). Dialogs stay in the first chunk:
 * they are small, and a key typed right after opening one (Ctrl-Enter, then Enter) must reach it.
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
