// @vitest-environment happy-dom
import '../test/dom-stubs.js';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { setClient } from '../api/client.js';
import { useRunStore } from '../stores/run-store.js';
import { useScreenStore } from '../stores/screen-store.js';
import { fakeClient } from '../test/fake-flow.js';
import { runDetails } from '../test/fake-inspect.js';
import Screens from './Screens.js';
import { handleKey } from '../lib/commands.js';

beforeEach(() => {
  setClient(
    fakeClient((method) => {
      if (method === 'sync.status') return { remotes: [], pendingRuns: 0, pushedRuns: 0, lastSync: null, inProgress: null, lastError: null };
      if (method === 'runs.get') return runDetails('01A');
      return [];
    }),
  );
  window.addEventListener('keydown', handleKey);
});
afterEach(() => {
  window.removeEventListener('keydown', handleKey);
  cleanup();
  setClient(null);
  useScreenStore.setState({ screen: null });
  useRunStore.setState({ selected: null, detail: null });
});

describe('Screens', () => {
  test('shows the open screen under a title; the nav switches screens', async () => {
    act(() => useScreenStore.getState().open({ kind: 'sync' }));
    render(<Screens />);
    expect(screen.getByTestId('screen-sync').getAttribute('aria-label')).toBe('Sync with teammates');
    expect(await screen.findByTestId('sync-no-remote')).not.toBeNull();
    fireEvent.click(screen.getByTestId('screen-nav-sql'));
    expect(useScreenStore.getState().screen).toEqual({ kind: 'sql' });
  });

  test('Esc closes the screen and leaves the run view underneath alone', async () => {
    useRunStore.setState({ selected: 'TrainFlow/01A', detail: runDetails('01A') });
    act(() => useScreenStore.getState().open({ kind: 'artifacts', run: 'TrainFlow/01A' }));
    render(<Screens />);
    await screen.findByTestId('artifact-browser');
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(useScreenStore.getState().screen).toBeNull();
    expect(useRunStore.getState().selected).toBe('TrainFlow/01A');
  });
});
