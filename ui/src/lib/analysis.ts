import type { Anomaly } from '../api/types';
import { formatCost, formatCount, formatDuration, formatTokens } from './format';
import { rangeToSearch, type TimeRange } from './timeRange';

/** What the anomaly list and the errors page show and link to. */

export const METRIC_LABELS: Record<Anomaly['metric'], string> = {
  latencyP95: 'p95 latency',
  errorRate: 'error rate',
  cost: 'cost',
  tokens: 'tokens',
  volume: 'traces',
};

/** A value of a metric in its unit: a duration, a percentage, dollars, tokens or a count. */
export function formatMetric(metric: Anomaly['metric'], value: number): string {
  switch (metric) {
    case 'latencyP95': return formatDuration(value);
    case 'errorRate': return `${(value * 100).toFixed(1)}%`;
    case 'cost': return formatCost(value);
    case 'tokens': return formatTokens(value);
    default: return formatCount(Math.round(value));
  }
}

/**
 * The trace list's query for an anomaly's traces: its feature and model in its hour, failures only
 * for an error-rate finding.
 */
export function anomalyTracesSearch(a: Anomaly, bucketMicros: number): URLSearchParams {
  const search = new URLSearchParams();
  rangeToSearch({ kind: 'custom', from: a.bucketStart, to: a.bucketStart + bucketMicros }, search);
  if (a.feature !== null) {
    search.set('feature', a.feature);
  }
  if (a.model !== null) {
    search.set('model', a.model);
  }
  if (a.metric === 'errorRate') {
    search.set('status', 'failure');
  }
  if (a.metric === 'latencyP95') {
    search.set('sort', 'duration');
  }
  return search;
}

/** The trace list's query for a feature's failed traces in a range. */
export function failuresSearch(feature: string, range: TimeRange): URLSearchParams {
  const search = new URLSearchParams({ feature, status: 'failure' });
  rangeToSearch(range, search);
  return search;
}
