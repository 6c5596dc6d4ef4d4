/** The time-range picker's model: a relative range ("last 24 hours") or a custom one. */

const MINUTE = 60 * 1e6;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const RELATIVE_RANGES = [
  { key: '15m', label: 'Last 15 minutes', micros: 15 * MINUTE },
  { key: '1h', label: 'Last hour', micros: HOUR },
  { key: '6h', label: 'Last 6 hours', micros: 6 * HOUR },
  { key: '24h', label: 'Last 24 hours', micros: DAY },
  { key: '7d', label: 'Last 7 days', micros: 7 * DAY },
  { key: '30d', label: 'Last 30 days', micros: 30 * DAY },
] as const;

export type RelativeKey = (typeof RELATIVE_RANGES)[number]['key'];

export type TimeRange =
  | { kind: 'relative'; key: RelativeKey }
  | { kind: 'custom'; from: number; to: number };

export const DEFAULT_RANGE: TimeRange = { kind: 'relative', key: '24h' };

/** Reads `range=7d` or `from=…&to=…` (ISO-8601) from a URL query. */
export function rangeFromSearch(search: URLSearchParams): TimeRange {
  const from = Date.parse(search.get('from') ?? '');
  const to = Date.parse(search.get('to') ?? '');
  if (!Number.isNaN(from) && !Number.isNaN(to) && from < to) {
    return { kind: 'custom', from: from * 1000, to: to * 1000 };
  }
  const key = search.get('range');
  const known = RELATIVE_RANGES.find((r) => r.key === key);
  return known ? { kind: 'relative', key: known.key } : DEFAULT_RANGE;
}

/** Writes the range into a URL query (the default range is left out). */
export function rangeToSearch(range: TimeRange, search: URLSearchParams): void {
  search.delete('range');
  search.delete('from');
  search.delete('to');
  if (range.kind === 'custom') {
    search.set('from', new Date(range.from / 1000).toISOString());
    search.set('to', new Date(range.to / 1000).toISOString());
  } else if (range.key !== (DEFAULT_RANGE as { key: string }).key) {
    search.set('range', range.key);
  }
}

/** The range as epoch microseconds, relative ranges ending now. */
export function resolveRange(range: TimeRange, nowMicros: number): { from: number; to: number } {
  if (range.kind === 'custom') {
    return { from: range.from, to: range.to };
  }
  const length = RELATIVE_RANGES.find((r) => r.key === range.key)!.micros;
  return { from: nowMicros - length, to: nowMicros };
}

const BUCKETS = [
  { micros: MINUTE, param: '1m' },
  { micros: 5 * MINUTE, param: '5m' },
  { micros: 15 * MINUTE, param: '15m' },
  { micros: 30 * MINUTE, param: '30m' },
  { micros: HOUR, param: '1h' },
  { micros: 3 * HOUR, param: '3h' },
  { micros: 6 * HOUR, param: '6h' },
  { micros: 12 * HOUR, param: '12h' },
  { micros: DAY, param: '24h' },
  { micros: 7 * DAY, param: '168h' },
];

/** The smallest bucket that keeps a chart of this range at no more than `maxPoints` points. */
export function bucketFor(rangeMicros: number, maxPoints = 96): { micros: number; param: string } {
  return BUCKETS.find((b) => rangeMicros / b.micros <= maxPoints) ?? BUCKETS[BUCKETS.length - 1];
}

export function nowMicros(): number {
  return Date.now() * 1000;
}
