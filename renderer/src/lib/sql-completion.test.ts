import { CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { describe, expect, test } from 'vitest';
import type { QuerySchema } from '../api/inspect-types.js';
import { artifactCompletionSource, viewNamespace } from './sql-completion.js';

const SCHEMA: QuerySchema = {
  views: [
    { name: 'runs', columns: ['flow', 'run_id', 'user'] },
    { name: 'metrics', columns: ['flow', 'run_id', 'name', 'value'] },
  ],
  artifacts: [
    { pathspec: 'TrainFlow/01A/train', name: 'scores', columns: ['epoch', 'loss'] },
    { pathspec: 'TrainFlow/01A/train', name: 'preds', columns: ['id', 'y_hat'] },
    { pathspec: 'TrainFlow/01B/train', name: 'scores', columns: ['epoch', 'loss'] },
  ],
};

async function complete(doc: string, explicit = false): Promise<CompletionResult | null> {
  const state = EditorState.create({ doc });
  const result = artifactCompletionSource(() => SCHEMA)(new CompletionContext(state, doc.length, explicit));
  return result instanceof Promise ? result : result;
}

describe('SQL completion', () => {
  test('views and their columns become lang-sql’s schema', () => {
    expect(viewNamespace(SCHEMA)).toEqual({ runs: ['flow', 'run_id', 'user'], metrics: ['flow', 'run_id', 'name', 'value'] });
    expect(viewNamespace(null)).toEqual({});
  });

  test('inside artifact(\' it offers each pathspec once', async () => {
    const r = await complete("select * from artifact('Tr");
    expect(r?.options.map((o) => o.label)).toEqual(['TrainFlow/01A/train', 'TrainFlow/01B/train']);
    expect(r?.from).toBe("select * from artifact('".length);
  });

  test('after the pathspec it offers that step’s artifact names', async () => {
    const r = await complete("select * from artifact('TrainFlow/01A/train', 'sc");
    expect(r?.options.map((o) => o.label)).toEqual(['scores', 'preds']);
    expect(r?.from).toBe("select * from artifact('TrainFlow/01A/train', '".length);
  });

  test('a word offers the artifact function and artifact columns', async () => {
    const r = await complete('select ep');
    const labels = r?.options.map((o) => o.label);
    expect(labels).toEqual(['artifact', 'epoch', 'loss', 'id', 'y_hat']);
    expect(await complete('select ')).toBeNull();
  });
});
