/**
 * Parts of the app the first screen does not need, loaded the first time they are shown: the
 * code editor (CodeMirror is most of the bundle), the timeline and the inspection screens. The
 * canvas becomes interactive without waiting for them (issue 11; `npm run bench:app`), and
 * `prefetchLazyParts` loads them when the app is idle after its start, so opening one later is
 * not slower than if it had been in the first chunk. Dialogs stay in the first chunk: they are
 * small, and a key typed right after opening one (Ctrl-Enter, then Enter) must reach it.
 *
 * Each part has its own Suspense boundary, so a part still loading never holds back the rest.
 */
import { lazy, Suspense, type ComponentProps, type ComponentType, type ReactNode } from 'react';
import type { CodeEditor as CodeEditorComponent } from './CodeEditor.js';

const loaders: (() => Promise<unknown>)[] = [];

function deferred<P extends object>(load: () => Promise<ComponentType<P>>, fallback: ReactNode = null): ComponentType<P> {
  loaders.push(load);
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
export const LazyScreens = deferred(async () => (await import('./Screens.js')).default, <div className="screen muted">Loading…</div>);

/** Loads every lazy part's code (one at a time, each when the page is idle) without showing it. */
export function prefetchLazyParts(whenIdle: (work: () => void) => void): void {
  const next = (i: number): void => {
    const load = loaders[i];
    if (load !== undefined) whenIdle(() => void load().then(() => next(i + 1), () => next(i + 1)));
  };
  next(0);
}
