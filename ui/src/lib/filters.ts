import { rangeFromSearch, rangeToSearch, resolveRange, type TimeRange } from './timeRange';

/** The trace list's filters, kept in the page URL with the query API's own parameter names. */

/** Single-valued filters of `/api/traces`, in the order the filter bar shows them. */
export const FIELD_FILTERS = [
  'feature', 'name', 'status', 'userId', 'sessionId', 'organizationId', 'environment', 'release',
  'tag', 'model', 'referenceId', 'minDuration', 'maxDuration', 'minCost', 'hasError',
  'scoreName', 'minScore', 'maxScore',
] as const;

export type FieldFilter = (typeof FIELD_FILTERS)[number];

/** `score` sorts by the trace's score of the `scoreName` filter, which it needs. */
export const SORTS = ['startTime', 'duration', 'cost', 'totalTokens', 'score'] as const;
export type SortKey = (typeof SORTS)[number];

export interface KeyValue {
  key: string;
  value: string;
}

export interface TraceFilters {
  range: TimeRange;
  q: string;
  fields: Partial<Record<FieldFilter, string>>;
  /** `attr.KEY=VALUE` filters. */
  attributes: KeyValue[];
  /** `meta.KEY=VALUE` filters. */
  metadata: KeyValue[];
  sort: SortKey;
  order: 'asc' | 'desc';
}

const ATTR = 'attr.';
const META = 'meta.';

export function filtersFromSearch(search: URLSearchParams): TraceFilters {
  const fields: Partial<Record<FieldFilter, string>> = {};
  for (const name of FIELD_FILTERS) {
    const value = search.get(name)?.trim();
    if (value) {
      fields[name] = value;
    }
  }
  const sort = search.get('sort');
  return {
    range: rangeFromSearch(search),
    q: search.get('q')?.trim() ?? '',
    fields,
    attributes: prefixed(search, ATTR),
    metadata: prefixed(search, META),
    sort: (SORTS as readonly string[]).includes(sort ?? '') && (sort !== 'score' || fields.scoreName) ? (sort as SortKey) : 'startTime',
    order: search.get('order') === 'asc' ? 'asc' : 'desc',
  };
}

/** The URL query for the filters; defaults are left out so plain views keep plain URLs. */
export function filtersToSearch(filters: TraceFilters): URLSearchParams {
  const search = new URLSearchParams();
  rangeToSearch(filters.range, search);
  if (filters.q) {
    search.set('q', filters.q);
  }
  for (const name of FIELD_FILTERS) {
    const value = filters.fields[name]?.trim();
    if (value) {
      search.set(name, value);
    }
  }
  for (const { key, value } of filters.attributes) {
    if (key.trim()) {
      search.set(ATTR + key.trim(), value);
    }
  }
  for (const { key, value } of filters.metadata) {
    if (key.trim()) {
      search.set(META + key.trim(), value);
    }
  }
  if (filters.sort !== 'startTime' && (filters.sort !== 'score' || search.has('scoreName'))) {
    search.set('sort', filters.sort);
  }
  if (filters.order !== 'desc') {
    search.set('order', filters.order);
  }
  return search;
}

/**
 * The filters sorted by the trace's score of `name` (which also keeps only traces that have one,
 * as the server's `scoreName` does): descending first, and the other way on a second click.
 */
export function sortedByScore(filters: TraceFilters, name: string): TraceFilters {
  const again = filters.sort === 'score' && filters.fields.scoreName === name;
  return {
    ...filters,
    fields: { ...filters.fields, scoreName: name },
    sort: 'score',
    order: again && filters.order === 'desc' ? 'asc' : 'desc',
  };
}

/** The `/api/traces` query for the filters, the time range resolved against `now`. */
export function filtersToApiQuery(filters: TraceFilters, now: number): URLSearchParams {
  const search = filtersToSearch(filters);
  search.delete('range');
  const { from, to } = resolveRange(filters.range, now);
  search.set('from', String(Math.floor(from)));
  search.set('to', String(Math.ceil(to)));
  return search;
}

/** How many filters besides the time range are set (for the "n filters" badge). */
export function activeFilterCount(filters: TraceFilters): number {
  return Object.keys(filters.fields).length + filters.attributes.length + filters.metadata.length
    + (filters.q ? 1 : 0);
}

function prefixed(search: URLSearchParams, prefix: string): KeyValue[] {
  const pairs: KeyValue[] = [];
  for (const [name, value] of search) {
    if (name.startsWith(prefix) && name.length > prefix.length) {
      pairs.push({ key: name.slice(prefix.length), value });
    }
  }
  return pairs;
}
