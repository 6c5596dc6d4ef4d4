import type { ScoreMetricPoint } from '../api/types';

/** Shaping `/api/metrics?entity=scores` answers for charts. Times are epoch microseconds. */

/** One row per bucket: the time `t` and each group's mean value under {@link seriesKey} (null where it has none). */
export type ScoreRow = { t: number } & Record<string, number | null>;

export interface ScoreSeries {
  /** The groups, most scores first, at most `top`. */
  groups: string[];
  rows: ScoreRow[];
}

/**
 * Each group's average per bucket, from the bucket holding `from` to the one holding `to`; a
 * bucket without valued scores of a group is a gap. Points without a group are the group `(none)`.
 */
export function scoreSeries(points: ScoreMetricPoint[], from: number, to: number, bucket: number, top = 8): ScoreSeries {
  const totals = new Map<string, number>();
  for (const p of points) {
    totals.set(groupOf(p), (totals.get(groupOf(p)) ?? 0) + p.count);
  }
  const groups = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, top).map(([g]) => g);
  const rows: ScoreRow[] = [];
  for (let t = Math.floor(from / bucket) * bucket; t < to; t += bucket) {
    const row: ScoreRow = { t } as ScoreRow;
    for (const g of groups) {
      row[seriesKey(g)] = null;
    }
    rows.push(row);
  }
  const index = new Map(rows.map((r, i) => [r.t, i]));
  for (const p of points) {
    const i = index.get(p.bucketStart);
    if (i !== undefined && groups.includes(groupOf(p))) {
      rows[i][seriesKey(groupOf(p))] = p.avg;
    }
  }
  return { groups, rows };
}

/** Label counts of one group of a whole-range answer, most frequent first. */
export function labelCounts(points: ScoreMetricPoint[], group: string): { group: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const p of points.filter((q) => groupOf(q) === group)) {
    for (const [label, n] of Object.entries(p.labels)) {
      counts.set(label, (counts.get(label) ?? 0) + n);
    }
  }
  return [...counts.entries()].map(([label, count]) => ({ group: label, count }))
    .sort((a, b) => b.count - a.count || a.group.localeCompare(b.group));
}

/** A group's key in a row, apart from `t` whatever the group is called. */
export function seriesKey(group: string): string {
  return `g:${group}`;
}

function groupOf(p: ScoreMetricPoint): string {
  return typeof p.group === 'string' ? p.group : '(none)';
}

/** Colours of the lines, one per group in order. */
export const PALETTE = ['#4c6ef5', '#2f9e44', '#f08c00', '#ae3ec9', '#0c8599', '#e03131', '#5c940d', '#862e9c'];
