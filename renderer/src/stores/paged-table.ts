/**
 * Pages of a table artifact fetched as the grid scrolls (`artifacts.page`), cached per sort
 * order. A hook rather than a store: each open table has its own pages, gone when it closes.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { getClient } from '../api/client.js';
import type { Column, Row } from '../api/inspect-types.js';
import type { SortState } from '../components/DataGrid.js';

export const PAGE_SIZE = 200;

export interface PagedTable {
  columns: readonly Column[];
  totalRows: number;
  /** Undefined while the page holding it loads. */
  row(index: number): Row | undefined;
  /** Asks for the pages covering rows first..last. */
  need(first: number, last: number): void;
  loading: boolean;
  error: string | null;
}

export function usePagedTable(pathspec: string, name: string, sort: SortState | null): PagedTable {
  const pages = useRef(new Map<number, readonly Row[]>());
  const pending = useRef(new Set<number>());
  /** Bumped on each change of sort: answers for an older order are dropped. */
  const generation = useRef(0);
  const [meta, setMeta] = useState<{ columns: readonly Column[]; totalRows: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, setVersion] = useState(0);

  const fetchPage = useCallback(
    (page: number) => {
      if (pages.current.has(page) || pending.current.has(page)) return;
      pending.current.add(page);
      const asked = generation.current;
      getClient()
        .request('artifacts.page', { pathspec, name, offset: page * PAGE_SIZE, limit: PAGE_SIZE, ...(sort === null ? {} : { orderBy: sort }) })
        .then(
          (result) => {
            if (asked !== generation.current) return;
            pending.current.delete(page);
            pages.current.set(page, result.rows);
            setMeta((m) => (m !== null && m.totalRows === result.totalRows && m.columns.length === result.columns.length ? m : { columns: result.columns, totalRows: result.totalRows }));
            setVersion((v) => v + 1);
          },
          (e: unknown) => {
            if (asked !== generation.current) return;
            pending.current.delete(page);
            setError(e instanceof Error ? e.message : String(e));
          },
        );
    },
    [pathspec, name, sort],
  );

  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    pending.current = new Set();
    setError(null);
    setVersion((v) => v + 1);
    fetchPage(0);
  }, [fetchPage]);

  return {
    columns: meta?.columns ?? [],
    totalRows: meta?.totalRows ?? 0,
    row: (index) => pages.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    need: (first, last) => {
      for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) fetchPage(p);
    },
    loading: meta === null && error === null,
    error,
  };
}
