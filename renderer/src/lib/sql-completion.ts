/**
 * Completion for the SQL console from `query.schema`: the views and their columns (through
 * lang-sql's schema completion), SQL keywords, and the `artifact('Flow/RunId/step', 'name')`
 * table function — its pathspecs, then the names of that pathspec's table artifacts, and the
 * columns of table artifacts anywhere in the query.
 */
import type { Completion, CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';
import { keywordCompletionSource, PostgreSQL, schemaCompletionSource, type SQLNamespace } from '@codemirror/lang-sql';
import type { QuerySchema } from '../api/inspect-types.js';

/** DuckDB's SQL is closest to PostgreSQL's among lang-sql's dialects. */
export const SQL_DIALECT = PostgreSQL;

export function viewNamespace(schema: QuerySchema | null): SQLNamespace {
  const ns: Record<string, readonly string[]> = {};
  for (const v of schema?.views ?? []) ns[v.name] = v.columns;
  return ns;
}

const PATHSPEC_ARG = /\bartifact\(\s*'([^']*)$/i;
const NAME_ARG = /\bartifact\(\s*'([^']+)'\s*,\s*'([^']*)$/i;

/** Inside `artifact('…` and `artifact('…', '…`: the pathspecs, then that pathspec's artifacts. */
export function artifactCompletionSource(schema: () => QuerySchema | null): CompletionSource {
  return (context: CompletionContext): CompletionResult | null => {
    const line = context.state.doc.lineAt(context.pos);
    const before = line.text.slice(0, context.pos - line.from);
    const artifacts = schema()?.artifacts ?? [];
    const name = NAME_ARG.exec(before);
    if (name !== null) {
      const options = artifacts.filter((a) => a.pathspec === name[1]).map((a): Completion => ({ label: a.name, type: 'property', detail: `${a.columns.length} columns` }));
      return { from: context.pos - name[2]!.length, options, validFor: /^[\w.]*$/ };
    }
    const path = PATHSPEC_ARG.exec(before);
    if (path !== null) {
      const seen = new Set<string>();
      const options: Completion[] = [];
      for (const a of artifacts) {
        if (seen.has(a.pathspec)) continue;
        seen.add(a.pathspec);
        options.push({ label: a.pathspec, type: 'namespace' });
      }
      return { from: context.pos - path[1]!.length, options, validFor: /^[\w/.-]*$/ };
    }
    const word = context.matchBefore(/\w+/);
    if (word === null || (word.from === word.to && !context.explicit)) return null;
    const options: Completion[] = [{ label: 'artifact', type: 'function', apply: "artifact('", detail: "('Flow/RunId/step', 'name')", boost: 1 }];
    const columns = new Set<string>();
    for (const a of artifacts) for (const c of a.columns) columns.add(c);
    for (const c of columns) options.push({ label: c, type: 'property', detail: 'artifact column' });
    return { from: word.from, options, validFor: /^\w*$/ };
  };
}

/** Every completion source of the console, for `autocompletion({ override })`. */
export function sqlCompletionSources(schema: () => QuerySchema | null): CompletionSource[] {
  // The views' source is made again when the schema changes: it may arrive after the editor.
  let made: { for: QuerySchema | null; source: CompletionSource } | null = null;
  const views: CompletionSource = (context) => {
    const current = schema();
    if (made?.for !== current) made = { for: current, source: schemaCompletionSource({ dialect: SQL_DIALECT, schema: viewNamespace(current) }) };
    return made.source(context);
  };
  return [views, keywordCompletionSource(SQL_DIALECT, true), artifactCompletionSource(schema)];
}
