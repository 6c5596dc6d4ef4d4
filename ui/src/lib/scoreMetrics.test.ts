import { describe, expect, it } from 'vitest';
import type { ScoreMetricPoint } from '../api/types';
import { labelCounts, scoreSeries } from './scoreMetrics';

const point = (bucketStart: number, group: string | null, count: number, avg: number | null, labels = {}): ScoreMetricPoint =>
  ({ bucketStart, group, count, valued: avg === null ? 0 : count, avg, min: avg, max: avg, p50: avg, p90: avg, labels });

describe('scoreSeries', () => {
  it('gives each group its average per bucket, gaps where it has none, the busiest groups first', () => {
    const points = [point(0, 'thumbs', 1, 1), point(10, 'helpfulness', 3, 4), point(10, 'thumbs', 1, 0), point(20, 'judge', 1, null)];
    const { groups, rows } = scoreSeries(points, 0, 30, 10, 2);
    expect(groups).toEqual(['helpfulness', 'thumbs']);
    expect(rows).toEqual([{ t: 0, 'g:helpfulness': null, 'g:thumbs': 1 }, { t: 10, 'g:helpfulness': 4, 'g:thumbs': 0 },
      { t: 20, 'g:helpfulness': null, 'g:thumbs': null }]);
  });

  it('names points without a group', () => {
    expect(scoreSeries([point(0, null, 1, 0.5)], 0, 10, 10).groups).toEqual(['(none)']);
  });
});

describe('labelCounts', () => {
  it('adds up the labels of one group', () => {
    const points = [point(0, 'judge', 3, 0.5, { pass: 2, error: 1 }), point(0, 'other', 1, 1, { pass: 5 }), point(10, 'judge', 1, 1, { pass: 1 })];
    expect(labelCounts(points, 'judge')).toEqual([{ group: 'pass', count: 3 }, { group: 'error', count: 1 }]);
  });
});
