import { useState } from 'react';

/**
 * The optional columns of a list that the viewer hid, kept in the browser. Hidden ones are stored,
 * not shown ones, so a column added in a later version shows up by default. Columns that depend on
 * the data (one per score name) are the other way round: hidden until the viewer shows them.
 */

/** The stored list of names; anything unreadable is none. */
export function parseStored(stored: string | null): string[] {
  try {
    const parsed: unknown = JSON.parse(stored ?? '[]');
    if (Array.isArray(parsed)) {
      return parsed.filter((k): k is string => typeof k === 'string');
    }
  } catch {
    // a damaged entry: none
  }
  return [];
}

/** The stored list, keeping only columns the list still has; anything unreadable hides nothing. */
export function parseHidden<K extends string>(stored: string | null, known: readonly K[]): Set<K> {
  const names = parseStored(stored);
  return new Set(known.filter((k) => names.includes(k)));
}

export function useHiddenColumns<K extends string>(list: string, known: readonly K[]): [ReadonlySet<K>, (column: K) => void] {
  const key = `sightline.columns.${list}`;
  return useStoredSet(key, () => parseHidden(localStorage.getItem(key), known));
}

/** Data-dependent columns the viewer chose to show; kept even while the data lacks them. */
export function useShownColumns(list: string): [ReadonlySet<string>, (column: string) => void] {
  const key = `sightline.columns.${list}.shown`;
  return useStoredSet(key, () => new Set(parseStored(localStorage.getItem(key))));
}

/** A set kept in local storage under `key`; toggling a member adds or removes it. */
function useStoredSet<K extends string>(key: string, initial: () => Set<K>): [ReadonlySet<K>, (member: K) => void] {
  const [set, setSet] = useState(initial);
  const toggle = (member: K) => {
    const next = new Set(set);
    if (!next.delete(member)) {
      next.add(member);
    }
    localStorage.setItem(key, JSON.stringify([...next]));
    setSet(next);
  };
  return [set, toggle];
}
