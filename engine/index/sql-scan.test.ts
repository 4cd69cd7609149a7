import { describe, expect, it } from 'vitest';
import { findArtifactCalls, firstKeyword } from './sql-scan.js';

describe('firstKeyword', () => {
  it('skips comments, parentheses and case', () => {
    expect(firstKeyword('  -- note\n /* block */ (select 1)')).toBe('SELECT');
    expect(firstKeyword('copy runs to \'x\'')).toBe('COPY');
    expect(firstKeyword('')).toBe('');
  });
});

describe('findArtifactCalls', () => {
  it('finds calls outside literals, comments and quoted names, with quotes unescaped', () => {
    const sql = `SELECT 'artifact(''A/1/s'', ''x'')' AS text, "artifact" FROM artifact ( 'A/1/s' , 'it''s' ) a -- artifact('B/1/s','y')
      JOIN ARTIFACT('C/latest/t/3', 'df') b ON true`;
    const calls = findArtifactCalls(sql);
    expect(calls.map((call) => [call.pathspec, call.name])).toEqual([
      ['A/1/s', "it's"],
      ['C/latest/t/3', 'df'],
    ]);
    expect(sql.slice(calls[0]!.start, calls[0]!.end)).toBe("artifact ( 'A/1/s' , 'it''s' )");
  });

  it('leaves names that only contain the word alone, and refuses a call it cannot read', () => {
    expect(findArtifactCalls('SELECT my_artifact(1), t.artifact FROM artifacts')).toEqual([]);
    expect(() => findArtifactCalls("SELECT * FROM artifact('A/1/s')")).toThrow(/takes two text literals/);
  });
});
