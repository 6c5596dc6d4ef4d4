import { useState } from 'react';

/**
 * The optional columns of a list that the viewer hid, kept in the browser. Hidden ones are stored,
 * not shown ones, so a column added in a later version shows up by default.
 */

/** The stored list, keeping only columns the list still has; anything unreadable hides nothing. */
export function parseHidden<K extends string>(stored: string | null, known: readonly K[]): Set<K> {
  try {
    const parsed: unknown = JSON.parse(stored ?? '[]');
    if (Array.isArray(parsed)) {
      return new Set(known.filter((k) => parsed.includes(k)));
    }
  } catch {
    // a damaged entry: show everything
  }
  return new Set();
}

export function useHiddenColumns<K extends string>(list: string, known: readonly K[]): [ReadonlySet<K>, (column: K) => void] {
  const key = `sightline.columns.${list}`;
  const [hidden, setHidden] = useState(() => parseHidden(localStorage.getItem(key), known));
  const toggle = (column: K) => {
    const next = new Set(hidden);
    if (!next.delete(column)) {
      next.add(column);
    }
    localStorage.setItem(key, JSON.stringify([...next]));
    setHidden(next);
  };
  return [hidden, toggle];
}
