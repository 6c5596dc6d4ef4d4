import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../api/types';
import { fillSeries, percent, rank, seriesMax, standsAlone, summary, wholeRangeBucket } from './metrics';

const point = (bucketStart: number, group: string | null, count: number, cost?: number, p95: number | null = null): MetricPoint =>
  ({ bucketStart, group, count, errors: 0, p50: null, p95, p99: null, cost });

describe('fillSeries', () => {
  it('adds the empty buckets the API leaves out', () => {
    const rows = fillSeries([point(100, null, 3, 0.5, 1000), point(300, null, 1)], 130, 400, 100);
    expect(rows.map((r) => [r.t, r.count, r.p95])).toEqual([[100, 3, 1000], [200, 0, null], [300, 1, null]]);
    expect(rows[0].cost).toBe(0.5);
  });
});

describe('seriesMax', () => {
  it('takes the largest value of the plotted keys, ignoring gaps', () => {
    const rows = fillSeries([point(100, null, 3, 0.5, 1000), point(300, null, 1, 2, 4000)], 100, 400, 100);
    expect(seriesMax(rows, ['p95'])).toBe(4000);
    expect(seriesMax(rows, ['count', 'errors'])).toBe(3);
    expect(seriesMax(rows.slice(1, 2), ['p95'])).toBe(0);
  });
});

describe('standsAlone', () => {
  const ys = (...values: (number | null)[]) => values.map((y) => ({ y }));

  it('finds points between gaps or at an edge next to a gap', () => {
    const points = ys(1, null, 2, null, 3, 4, null, 0);
    expect(points.map((_, i) => standsAlone(points, i))).toEqual([true, false, true, false, false, false, false, true]);
    expect(standsAlone(ys(5), 0)).toBe(true);
    expect(standsAlone(ys(5, 6), 0)).toBe(false);
  });
});

describe('rank', () => {
  const points = [point(0, 'chat', 5, 0.2, 900), point(0, 'search', 2, 1.5, 300), point(0, null, 9, 9, 9999), point(0, 'free', 1, 0, null)];

  it('orders groups by the measure and leaves out rows without a group or value', () => {
    expect(rank(points, 'cost').map((r) => r.group)).toEqual(['search', 'chat']);
    expect(rank(points, 'p95').map((r) => r.group)).toEqual(['chat', 'search']);
    expect(rank(points, 'cost', 1)).toHaveLength(1);
  });
});

describe('whole-range queries', () => {
  it('use one bucket longer than the epoch is old', () => {
    expect(wholeRangeBucket(1_795_342_530_000_000)).toBe('1795342530000001us');
  });

  it('summarise the single point, or zeros', () => {
    expect(summary([]).count).toBe(0);
    expect(summary([point(0, null, 4, 0.25, 10)])).toMatchObject({ count: 4, cost: 0.25, p95: 10, successes: 0 });
    expect(summary([{ ...point(0, null, 3), successes: 2 }]).successes).toBe(2);
  });

  it('write shares as percentages with one decimal, a dash of nothing', () => {
    expect(percent(2, 3)).toBe('66.7%');
    expect(percent(0, 5)).toBe('0.0%');
    expect(percent(0, 0)).toBe('–');
  });
});
