import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../api/types';

export interface PagedState<T> {
  items: T[];
  /** loading: the first page; more: a further page; idle: nothing in flight. */
  status: 'loading' | 'more' | 'idle';
  error: unknown;
  hasMore: boolean;
  loadMore(): void;
}

/**
 * A cursor-paged list that grows page by page (for virtualised lists and "load more").
 * Changing `deps` starts over from the first page; answers of superseded runs are dropped.
 */
export function usePaged<T>(fetchPage: (cursor?: string) => Promise<Page<T>>, deps: readonly unknown[]): PagedState<T> {
  const [items, setItems] = useState<T[]>([]);
  const [status, setStatus] = useState<PagedState<T>['status']>('loading');
  const [error, setError] = useState<unknown>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback((from: string | undefined, run: number) => {
    fetchRef.current(from).then(
      (page) => {
        if (run === generation.current) {
          setItems((previous) => (from === undefined ? page.items : [...previous, ...page.items]));
          setCursor(page.nextCursor);
          setStatus('idle');
        }
      },
      (e: unknown) => {
        if (run === generation.current) {
          setError(e);
          setStatus('idle');
        }
      },
    );
  }, []);

  useEffect(() => {
    const run = ++generation.current;
    setItems([]);
    setCursor(null);
    setError(null);
    setStatus('loading');
    load(undefined, run);
  }, deps);

  const loadMore = useCallback(() => {
    if (status === 'idle' && cursor && !error) {
      setStatus('more');
      load(cursor, generation.current);
    }
  }, [status, cursor, error, load]);

  return { items, status, error, hasMore: cursor !== null, loadMore };
}
