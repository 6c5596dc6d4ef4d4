import type { MetricPoint } from '../api/types';

/** Shaping `/api/metrics` answers for charts. Times are epoch microseconds. */

export interface SeriesRow {
  t: number;
  count: number;
  errors: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  inputTokens: number;
  outputTokens: number;
  cost: number;
}

/**
 * One row per bucket from the one holding `from` to the one holding `to`: the API leaves out
 * empty buckets, a chart must show them as zero (and latency as a gap).
 */
export function fillSeries(points: MetricPoint[], from: number, to: number, bucket: number): SeriesRow[] {
  const byStart = new Map(points.map((p) => [p.bucketStart, p]));
  const rows: SeriesRow[] = [];
  for (let t = Math.floor(from / bucket) * bucket; t < to; t += bucket) {
    const p = byStart.get(t);
    rows.push({
      t,
      count: p?.count ?? 0,
      errors: p?.errors ?? 0,
      p50: p?.p50 ?? null,
      p95: p?.p95 ?? null,
      p99: p?.p99 ?? null,
      inputTokens: p?.inputTokens ?? 0,
      outputTokens: p?.outputTokens ?? 0,
      cost: p?.cost ?? 0,
    });
  }
  return rows;
}

/** The largest value of the given keys over all rows, 0 when there is none: an axis's maximum. */
export function seriesMax<Row>(rows: Row[], keys: (keyof Row)[]): number {
  let max = 0;
  for (const row of rows) {
    for (const key of keys) {
      const value = row[key];
      if (typeof value === 'number' && value > max) {
        max = value;
      }
    }
  }
  return max;
}

/**
 * Whether point `i` of a line has a value and neither neighbour has one: the line through it has
 * no length, so only a dot shows it.
 */
export function standsAlone(points: ReadonlyArray<{ y: number | null }>, i: number): boolean {
  const has = (j: number) => typeof points[j]?.y === 'number';
  return has(i) && !has(i - 1) && !has(i + 1);
}

/**
 * A bucket as long as the epoch is old, so the whole range falls into bucket 0 and every group
 * gets exact totals and percentiles in one point.
 */
export function wholeRangeBucket(to: number): string {
  return `${Math.ceil(to) + 1}us`;
}

export interface Ranked {
  group: string;
  count: number;
  cost: number;
  p95: number | null;
}

/** Groups of a whole-range answer, the largest `by` first, at most `top`; rows without a group left out. */
export function rank(points: MetricPoint[], by: 'cost' | 'p95', top = 8): Ranked[] {
  return points
    .filter((p): p is MetricPoint & { group: string } => typeof p.group === 'string')
    .map((p) => ({ group: p.group, count: p.count, cost: p.cost ?? 0, p95: p.p95 }))
    .filter((r) => (by === 'cost' ? r.cost > 0 : r.p95 !== null))
    .sort((a, b) => (b[by] ?? 0) - (a[by] ?? 0))
    .slice(0, top);
}

export interface Summary {
  count: number;
  errors: number;
  successes: number;
  p50: number | null;
  p95: number | null;
  totalTokens: number;
  cost: number;
}

/** The single point of a whole-range answer without groupBy, or zeros. */
export function summary(points: MetricPoint[]): Summary {
  const p = points[0];
  return {
    count: p?.count ?? 0,
    errors: p?.errors ?? 0,
    successes: p?.successes ?? 0,
    p50: p?.p50 ?? null,
    p95: p?.p95 ?? null,
    totalTokens: p?.totalTokens ?? 0,
    cost: p?.cost ?? 0,
  };
}

/** `part` as a percentage of `whole` with one decimal, e.g. `66.7%`; a dash when `whole` is 0. */
export function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((part / whole) * 100).toFixed(1)}%`;
}

