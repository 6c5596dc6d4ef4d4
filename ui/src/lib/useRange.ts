import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { rangeFromSearch, rangeToSearch, resolveRange, nowMicros, type TimeRange } from './timeRange';

/** The page's time range, kept in the URL, and its resolved bounds (a relative range ends now). */
export function useRange(): { range: TimeRange; from: number; to: number; setRange(range: TimeRange): void } {
  const [search, setSearch] = useSearchParams();
  const key = search.toString();
  return useMemo(() => {
    const range = rangeFromSearch(search);
    const { from, to } = resolveRange(range, nowMicros());
    const setRange = (next: TimeRange) => setSearch((s) => {
      const copy = new URLSearchParams(s);
      rangeToSearch(next, copy);
      return copy;
    });
    return { range, from: Math.floor(from), to: Math.ceil(to), setRange };
  }, [key, setSearch]);
}
