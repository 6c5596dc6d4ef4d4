import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../api/types';
import { anomalyTracesSearch, failuresSearch, formatMetric } from './analysis';

const HOUR = 3_600_000_000;
const anomaly: Anomaly = {
  feature: 'chat', model: null, metric: 'errorRate', bucketStart: Date.UTC(2026, 10, 22, 10) * 1000,
  value: 0.4, baseline: 0.02, score: 12.5, direction: 'up', count: 120,
};

describe('anomaly links and values', () => {
  it('opens the failed traces of the feature in that hour', () => {
    expect(anomalyTracesSearch(anomaly, HOUR).toString())
      .toBe('from=2026-11-22T10%3A00%3A00.000Z&to=2026-11-22T11%3A00%3A00.000Z&feature=chat&status=failure');
  });

  it('opens a model\'s slowest traces first for a latency finding', () => {
    const search = anomalyTracesSearch({ ...anomaly, feature: null, model: 'gpt-4o', metric: 'latencyP95' }, HOUR);
    expect(search.get('model')).toBe('gpt-4o');
    expect(search.has('feature')).toBe(false);
    expect(search.get('sort')).toBe('duration');
  });

  it('shows each metric in its unit', () => {
    expect(formatMetric('errorRate', 0.125)).toBe('12.5%');
    expect(formatMetric('volume', 41.6)).toBe('42');
    expect(formatMetric('latencyP95', 1_500_000)).toBe('1.5 s');
  });

  it('lists a feature\'s failures in the chosen range', () => {
    expect(failuresSearch('search', { kind: 'relative', key: '7d' }).toString()).toBe('feature=search&status=failure&range=7d');
  });
});
